import { Migration } from '@mikro-orm/migrations';

/** The booking schema: routes, their event counters, tickets with the no-double-booking constraint, events, payments, idempotency. */
export class Migration20260101000000_initial extends Migration {
  override async up(): Promise<void> {
    // Trusted since PostgreSQL 13: the database owner may create it. PGlite loads it as a contrib module.
    this.addSql('create extension if not exists btree_gist;');

    this.addSql(
      'create table "idempotency_records" ("scope" text not null, "key" text not null, "fingerprint" text not null, "response" jsonb not null, "created_at" timestamptz(3) not null, constraint "idempotency_records_pkey" primary key ("scope", "key"));',
    );

    this.addSql(
      'create table "routes" ("id" uuid not null, "from_city" text not null, "to_city" text not null, "stops" jsonb not null, "departure_at" timestamptz(3) not null, "seat_count" int not null, "price" numeric(10,2) not null, "layout" text not null, "segment_prices" jsonb not null, "created_at" timestamptz(3) not null, constraint "routes_pkey" primary key ("id"));',
    );
    this.addSql('create index "routes_departure_at_index" on "routes" ("departure_at", "id");');
    this.addSql('create index "routes_stops_index" on "routes" using gin ("stops" jsonb_path_ops);');

    this.addSql(
      'create table "route_sequences" ("route_id" uuid not null, "last_sequence" int not null default 0, constraint "route_sequences_pkey" primary key ("route_id"));',
    );

    this.addSql(
      'create table "seat_events" ("route_id" uuid not null, "sequence" int not null, "seat_number" int not null, "event_type" text not null, "ticket_id" uuid not null, "from_stop_index" int not null, "to_stop_index" int not null, "metadata" jsonb not null, "committed_at" timestamptz(3) not null, "published_at" timestamptz(3) null, constraint "seat_events_pkey" primary key ("route_id", "sequence"));',
    );
    this.addSql(
      'create index "seat_events_unpublished_index" on "seat_events" ("route_id", "sequence") where "published_at" is null;',
    );

    this.addSql(
      'create table "tickets" ("id" uuid not null, "pnr_number" text not null, "route_id" uuid not null, "seat_number" int not null, "from_city" text not null, "to_city" text not null, "from_stop_index" int not null, "to_stop_index" int not null, "passenger_name" text not null, "gender" text not null, "phone" text null, "price" numeric(10,2) not null, "status" text not null, "hold_expires_at" timestamptz(3) null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "owner_id" text not null, "issued_by" text not null, "version" int not null, constraint "tickets_pkey" primary key ("id"));',
    );
    this.addSql('create index "tickets_route_index" on "tickets" ("route_id", "seat_number");');
    this.addSql('create index "tickets_created_at_index" on "tickets" ("created_at", "id");');
    this.addSql('create index "tickets_owner_index" on "tickets" ("owner_id", "created_at");');
    this.addSql('create index "tickets_pnr_index" on "tickets" ("pnr_number");');
    this.addSql(
      `create index "tickets_hold_expiry_index" on "tickets" ("hold_expires_at") where "status" = 'reserved';`,
    );
    // The guarantee: two tickets that hold one seat never overlap, whatever the concurrency.
    this.addSql(
      `alter table "tickets" add constraint "tickets_seat_not_double_booked" exclude using gist ("route_id" with =, "seat_number" with =, int4range("from_stop_index", "to_stop_index") with &&) where ("status" in ('reserved', 'confirmed', 'suspended'));`,
    );

    this.addSql(
      'create table "payments" ("id" uuid not null, "ticket_id" uuid not null, "amount" numeric(10,2) not null, "currency" text not null, "status" text not null, "last4" varchar(4) not null, "charge_id" text not null, "created_at" timestamptz(3) not null, constraint "payments_pkey" primary key ("id"));',
    );
    this.addSql('create index "payments_ticket_index" on "payments" ("ticket_id");');

    this.addSql(
      'alter table "route_sequences" add constraint "route_sequences_route_id_foreign" foreign key ("route_id") references "routes" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "seat_events" add constraint "seat_events_route_id_foreign" foreign key ("route_id") references "routes" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "tickets" add constraint "tickets_route_id_foreign" foreign key ("route_id") references "routes" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "payments" add constraint "payments_ticket_id_foreign" foreign key ("ticket_id") references "tickets" ("id") on update cascade on delete cascade;',
    );
  }

  override async down(): Promise<void> {
    for (const table of [
      'payments',
      'seat_events',
      'route_sequences',
      'tickets',
      'routes',
      'idempotency_records',
    ]) {
      this.addSql(`drop table if exists "${table}" cascade;`);
    }
  }
}
