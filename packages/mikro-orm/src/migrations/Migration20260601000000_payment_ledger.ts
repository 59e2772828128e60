import { Migration } from '@mikro-orm/migrations';

/**
 * The payment ledger: `payment_attempts` (committed before the gateway is called) and
 * `ledger_entries` (money that moved, per ticket, in whole cents) replace `payments`. Every payment
 * stored before becomes a confirmed attempt of its one ticket and that ticket's charge entry, both
 * with the payment's id, before `payments` goes, in the migration's one transaction. Also the
 * sandbox gateway's own ledger, so its charges outlive a restart as a provider's do.
 */
export class Migration20260601000000_payment_ledger extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "payment_attempts" ("id" uuid not null, "owner_id" text not null, "ticket_ids" uuid[] not null, "amount_cents" bigint not null, "currency" text not null, "status" text not null, "charge_id" text null, "last4" varchar(4) null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "version" int not null, constraint "payment_attempts_pkey" primary key ("id"));',
    );
    this.addSql(
      `create index "payment_attempts_pending_index" on "payment_attempts" ("created_at", "id") where "status" = 'pending';`,
    );

    this.addSql(
      'create table "ledger_entries" ("id" uuid not null, "attempt_id" uuid not null, "ticket_id" uuid not null, "route_id" uuid not null, "kind" text not null, "amount_cents" bigint not null, "fee_cents" bigint not null, "currency" text not null, "status" text not null, "charge_id" text not null, "last4" varchar(4) null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, constraint "ledger_entries_pkey" primary key ("id"));',
    );
    this.addSql(
      'create index "ledger_entries_ticket_index" on "ledger_entries" ("ticket_id", "created_at", "id");',
    );
    this.addSql('create index "ledger_entries_created_at_index" on "ledger_entries" ("created_at", "id");');
    this.addSql(
      'create index "ledger_entries_route_created_at_index" on "ledger_entries" ("route_id", "created_at", "id");',
    );
    this.addSql(
      `create index "ledger_entries_pending_refunds_index" on "ledger_entries" ("created_at", "id") where "kind" = 'refund' and "status" = 'pending';`,
    );

    // `amount` is numeric(10,2): times 100 it is a whole number of cents, exactly.
    this.addSql(
      `insert into "payment_attempts" ("id", "owner_id", "ticket_ids", "amount_cents", "currency", "status", "charge_id", "last4", "created_at", "updated_at", "version")
       select p."id", t."owner_id", array[p."ticket_id"], (p."amount" * 100)::bigint, p."currency", 'confirmed', p."charge_id", p."last4", p."created_at", p."created_at", 1
       from "payments" p join "tickets" t on t."id" = p."ticket_id";`,
    );
    this.addSql(
      `insert into "ledger_entries" ("id", "attempt_id", "ticket_id", "route_id", "kind", "amount_cents", "fee_cents", "currency", "status", "charge_id", "last4", "created_at", "updated_at")
       select p."id", p."id", p."ticket_id", t."route_id", 'charge', (p."amount" * 100)::bigint, 0, p."currency", 'succeeded', p."charge_id", p."last4", p."created_at", p."created_at"
       from "payments" p join "tickets" t on t."id" = p."ticket_id";`,
    );
    this.addSql('drop table "payments";');

    this.addSql(
      'create table "sandbox_gateway_charges" ("charge_id" text not null, "idempotency_key" text not null, "amount_cents" bigint not null, "currency" text not null, "reference" text not null, "last4" varchar(4) not null, "created_at" timestamptz(3) not null, constraint "sandbox_gateway_charges_pkey" primary key ("charge_id"));',
    );
    this.addSql(
      'alter table "sandbox_gateway_charges" add constraint "sandbox_gateway_charges_idempotency_key_unique" unique ("idempotency_key");',
    );
    this.addSql(
      'create table "sandbox_gateway_refunds" ("refund_id" text not null, "charge_id" text not null, "idempotency_key" text not null, "amount_cents" bigint not null, "currency" text not null, "created_at" timestamptz(3) not null, constraint "sandbox_gateway_refunds_pkey" primary key ("refund_id"));',
    );
    this.addSql(
      'create index "sandbox_gateway_refunds_charge_index" on "sandbox_gateway_refunds" ("charge_id");',
    );
    this.addSql(
      'alter table "sandbox_gateway_refunds" add constraint "sandbox_gateway_refunds_idempotency_key_unique" unique ("idempotency_key");',
    );
    this.addSql(
      'alter table "sandbox_gateway_refunds" add constraint "sandbox_gateway_refunds_charge_id_foreign" foreign key ("charge_id") references "sandbox_gateway_charges" ("charge_id") on update cascade;',
    );
  }

  /**
   * Back to `payments`: one row per succeeded charge entry. Refunds and attempts that charged
   * nothing have no place there and are lost, as is the sandbox's ledger.
   */
  override async down(): Promise<void> {
    this.addSql(
      'create table "payments" ("id" uuid not null, "ticket_id" uuid not null, "amount" numeric(10,2) not null, "currency" text not null, "status" text not null, "last4" varchar(4) not null, "charge_id" text not null, "created_at" timestamptz(3) not null, constraint "payments_pkey" primary key ("id"));',
    );
    this.addSql('create index "payments_ticket_index" on "payments" ("ticket_id");');
    this.addSql(
      `insert into "payments" ("id", "ticket_id", "amount", "currency", "status", "last4", "charge_id", "created_at")
       select e."id", e."ticket_id", e."amount_cents" / 100.0, e."currency", 'succeeded', coalesce(e."last4", ''), e."charge_id", e."created_at"
       from "ledger_entries" e join "tickets" t on t."id" = e."ticket_id"
       where e."kind" = 'charge' and e."status" = 'succeeded';`,
    );
    this.addSql(
      'alter table "payments" add constraint "payments_ticket_id_foreign" foreign key ("ticket_id") references "tickets" ("id") on update cascade on delete cascade;',
    );
    this.addSql('drop table if exists "ledger_entries";');
    this.addSql('drop table if exists "payment_attempts";');
    this.addSql('drop table if exists "sandbox_gateway_refunds";');
    this.addSql('drop table if exists "sandbox_gateway_charges";');
  }
}
