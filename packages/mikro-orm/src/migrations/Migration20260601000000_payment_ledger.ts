import { Migration } from '@mikro-orm/migrations';

/**
 * The tickets each old payment paid. A payment confirmed every reserved ticket of its PNR (same
 * owner) with one charge, but its row names only the ticket paid for (`ticket_id`) with the group's
 * total. Its companions are the other tickets of the PNR and owner that got as far as paid
 * (confirmed, suspended or cancelled) and have no payment row of their own; when their prices and
 * the named ticket's add up to the amount exactly, and no other such payment counts them too, the
 * payment paid them all, each its own price. Otherwise it can't be told, and the payment stays one
 * charge of its amount on its ticket. `position` 0 is the named ticket, then the companions by
 * seat; the named ticket's entry keeps the payment's id. `amount` and `price` are numeric(10,2):
 * times 100 they are whole numbers of cents, exactly.
 */
const PAID_TICKETS = `
  "companions" as (
    select p."id" as "payment_id", c."id" as "ticket_id", c."route_id", c."seat_number", c."price"
    from "payments" p
    join "tickets" n on n."id" = p."ticket_id"
    join "tickets" c on c."pnr_number" = n."pnr_number" and c."owner_id" = n."owner_id" and c."id" <> n."id"
    where c."status" in ('confirmed', 'suspended', 'cancelled')
      and not exists (select 1 from "payments" o where o."ticket_id" = c."id")
  ),
  "adding_up" as (
    select p."id" as "payment_id"
    from "payments" p
    join "tickets" n on n."id" = p."ticket_id"
    join "companions" c on c."payment_id" = p."id"
    group by p."id", p."amount", n."price"
    having n."price" + sum(c."price") = p."amount"
  ),
  "groups" as (
    select a."payment_id" from "adding_up" a
    where not exists (
      select 1 from "companions" mine
      join "companions" theirs on theirs."ticket_id" = mine."ticket_id" and theirs."payment_id" <> mine."payment_id"
      join "adding_up" other on other."payment_id" = theirs."payment_id"
      where mine."payment_id" = a."payment_id"
    )
  ),
  "paid_tickets" as (
    select p."id" as "payment_id", p."id" as "entry_id", p."ticket_id", n."route_id", 0::bigint as "position",
      (case when g."payment_id" is null then p."amount" else n."price" end * 100)::bigint as "amount_cents"
    from "payments" p
    join "tickets" n on n."id" = p."ticket_id"
    left join "groups" g on g."payment_id" = p."id"
    union all
    select c."payment_id", gen_random_uuid(), c."ticket_id", c."route_id",
      row_number() over (partition by c."payment_id" order by c."seat_number", c."ticket_id"),
      (c."price" * 100)::bigint
    from "companions" c
    join "groups" g on g."payment_id" = c."payment_id"
  )`;

/**
 * Every old payment becomes a confirmed attempt of the tickets it paid, with the payment's id and
 * amount, and one succeeded charge entry per ticket (each on its ticket's route).
 */
const MOVE_PAYMENTS = `
  with ${PAID_TICKETS},
  "attempts" as (
    insert into "payment_attempts" ("id", "owner_id", "ticket_ids", "amount_cents", "currency", "status", "charge_id", "last4", "created_at", "updated_at", "version")
    select p."id", n."owner_id", array(select pt."ticket_id" from "paid_tickets" pt where pt."payment_id" = p."id" order by pt."position"),
      (p."amount" * 100)::bigint, p."currency", 'confirmed', p."charge_id", p."last4", p."created_at", p."created_at", 1
    from "payments" p
    join "tickets" n on n."id" = p."ticket_id"
  )
  insert into "ledger_entries" ("id", "attempt_id", "ticket_id", "route_id", "kind", "amount_cents", "fee_cents", "currency", "status", "charge_id", "last4", "created_at", "updated_at")
  select pt."entry_id", p."id", pt."ticket_id", pt."route_id", 'charge', pt."amount_cents", 0, p."currency", 'succeeded', p."charge_id", p."last4", p."created_at", p."created_at"
  from "paid_tickets" pt
  join "payments" p on p."id" = pt."payment_id";`;

/**
 * The payment ledger: `payment_attempts` (committed before the gateway is called) and
 * `ledger_entries` (money that moved, per ticket, in whole cents) replace `payments`. Every payment
 * stored before becomes a confirmed attempt of the tickets it paid and their charge entries
 * (`PAID_TICKETS`), before `payments` goes, in the migration's one transaction. Also the sandbox
 * gateway's own ledger, so its charges outlive a restart as a provider's do.
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

    this.addSql(MOVE_PAYMENTS);
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
   * Back to `payments`: one row per attempt with succeeded charges, as a payment was stored before:
   * the attempt's id, its named (first) ticket and the total it charged, however many tickets it
   * paid. Refunds and attempts that charged nothing have no place there and are lost, as is the
   * sandbox's ledger.
   */
  override async down(): Promise<void> {
    this.addSql(
      'create table "payments" ("id" uuid not null, "ticket_id" uuid not null, "amount" numeric(10,2) not null, "currency" text not null, "status" text not null, "last4" varchar(4) not null, "charge_id" text not null, "created_at" timestamptz(3) not null, constraint "payments_pkey" primary key ("id"));',
    );
    this.addSql('create index "payments_ticket_index" on "payments" ("ticket_id");');
    this.addSql(
      `insert into "payments" ("id", "ticket_id", "amount", "currency", "status", "last4", "charge_id", "created_at")
       select a."id", a."ticket_ids"[1], c."cents" / 100.0, a."currency", 'succeeded', coalesce(a."last4", ''), c."charge_id", c."created_at"
       from "payment_attempts" a
       join (
         select "attempt_id", sum("amount_cents") as "cents", min("charge_id") as "charge_id", min("created_at") as "created_at"
         from "ledger_entries"
         where "kind" = 'charge' and "status" = 'succeeded'
         group by "attempt_id"
       ) c on c."attempt_id" = a."id"
       join "tickets" t on t."id" = a."ticket_ids"[1];`,
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
