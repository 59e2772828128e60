import { Migration } from '@mikro-orm/migrations';

/**
 * Seat holds, and one guarantee for holds and tickets together. An exclusion constraint sees one
 * table, so the seats that tickets and holds occupy move to `seat_claims`: one row per occupying
 * ticket and per active hold, and the constraint moves there. Tickets are locked against writes
 * while their claims are copied, and the old constraint goes only once the new one stands, all in
 * the migration's one transaction: no moment leaves a seat unguarded.
 */
export class Migration20260501000000_seat_holds extends Migration {
  override async up(): Promise<void> {
    // Trusted since PostgreSQL 13, like btree_gist: `&&` on int[] and its GiST operator class.
    this.addSql('create extension if not exists intarray;');
    this.addSql('lock table "tickets" in exclusive mode;');

    this.addSql(
      'create table "holds" ("id" uuid not null, "route_id" uuid not null, "seat_numbers" int[] not null, "from_stop_index" int not null, "to_stop_index" int not null, "owner_id" text not null, "status" text not null, "expires_at" timestamptz(3) not null, "extended" boolean not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "version" int not null, constraint "holds_pkey" primary key ("id"));',
    );
    this.addSql(`create index "holds_active_route_index" on "holds" ("route_id") where "status" = 'active';`);
    this.addSql(`create index "holds_active_owner_index" on "holds" ("owner_id") where "status" = 'active';`);
    this.addSql(
      `create index "holds_active_expiry_index" on "holds" ("expires_at") where "status" = 'active';`,
    );
    this.addSql(
      'alter table "holds" add constraint "holds_route_id_foreign" foreign key ("route_id") references "routes" ("id") on update cascade on delete cascade;',
    );

    this.addSql(
      'create table "seat_claims" ("id" uuid not null, "route_id" uuid not null, "seat_numbers" int[] not null, "from_stop_index" int not null, "to_stop_index" int not null, "ticket_id" uuid null, "hold_id" uuid null, constraint "seat_claims_pkey" primary key ("id"), constraint seat_claims_one_holder check (id = coalesce(ticket_id, hold_id) and num_nonnulls(ticket_id, hold_id) = 1), constraint seat_claims_not_empty check (cardinality(seat_numbers) > 0 and from_stop_index < to_stop_index));',
    );
    this.addSql(
      'alter table "seat_claims" add constraint "seat_claims_route_id_foreign" foreign key ("route_id") references "routes" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "seat_claims" add constraint "seat_claims_ticket_id_foreign" foreign key ("ticket_id") references "tickets" ("id") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "seat_claims" add constraint "seat_claims_hold_id_foreign" foreign key ("hold_id") references "holds" ("id") on update cascade on delete cascade;',
    );

    // Every ticket that occupies its seat now (the statuses of this version) gets its claim.
    this.addSql(
      `insert into "seat_claims" ("id", "route_id", "seat_numbers", "from_stop_index", "to_stop_index", "ticket_id")
       select "id", "route_id", array["seat_number"], "from_stop_index", "to_stop_index", "id" from "tickets"
       where "status" in ('reserved', 'confirmed', 'suspended');`,
    );
    // Built after the copy (faster than checking row by row); the old constraint already kept it true.
    this.addSql(
      'alter table "seat_claims" add constraint "seat_claims_not_overlapping" exclude using gist ("route_id" with =, "seat_numbers" gist__int_ops with &&, int4range("from_stop_index", "to_stop_index") with &&);',
    );
    this.addSql('alter table "tickets" drop constraint "tickets_seat_not_double_booked";');
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "tickets" add constraint "tickets_seat_not_double_booked" exclude using gist ("route_id" with =, "seat_number" with =, int4range("from_stop_index", "to_stop_index") with &&) where ("status" in ('reserved', 'confirmed', 'suspended'));`,
    );
    this.addSql('drop table if exists "seat_claims";');
    this.addSql('drop table if exists "holds";');
    // intarray stays: dropping an extension is for whoever knows nothing else uses it.
  }
}
