import { Migration } from '@mikro-orm/migrations';

/**
 * Tickets remember the departure they were sold for (`sold_for_departure_at`: a move by more than
 * the free delay from it waives the cancellation fee, and a ticket bought after a move was sold the
 * moved departure). Tickets stored before it are taken as sold for their segment's departure as
 * first announced (its stop's time, less however far the route has moved since its first
 * announcement), which keeps the rule they were judged by until now: the route's move since then.
 *
 * Ledger entries mark money an exchange moved from one ticket to another (`transfer_ticket_id`: the
 * other ticket), which the provider never saw, so the sales report counts only money that moved
 * there. Exchanges stored before it are found as they were written: a charge of a ticket exchanged
 * from another, under a card charge of which that ticket has a refund of the same amount, at the
 * same time, with no fee (the moved money), is marked, and so is that refund (where a cheaper trip's
 * real refund looks the same, the one never updated since: a sent refund was updated when it went).
 */
export class Migration20260901000000_sold_departure_and_transfers extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "tickets" add column "sold_for_departure_at" timestamptz(3) null;`);
    // Its segment's departure as first announced: its stop's time less the route's moves since.
    this.addSql(`
      update "tickets" set "sold_for_departure_at" = "routes"."scheduled_departure_at"
        + (coalesce("routes"."stop_times"["tickets"."from_stop_index" + 1], "routes"."departure_at") - "routes"."departure_at")
      from "routes" where "routes"."id" = "tickets"."route_id";`);
    this.addSql(`alter table "tickets" alter column "sold_for_departure_at" set not null;`);

    this.addSql(`alter table "ledger_entries" add column "transfer_ticket_id" uuid null;`);
    this.addSql(`
      update "ledger_entries" as carried set "transfer_ticket_id" = "tickets"."exchanged_from_id"
      from "tickets"
      where "tickets"."id" = carried."ticket_id" and carried."kind" = 'charge'
        and "tickets"."exchanged_from_id" is not null
        and exists (
          select 1 from "ledger_entries" as moved
          where moved."ticket_id" = "tickets"."exchanged_from_id" and moved."kind" = 'refund'
            and moved."status" = 'succeeded' and moved."fee_cents" = 0 and moved."charge_id" = carried."charge_id"
            and moved."amount_cents" = carried."amount_cents" and moved."created_at" = carried."created_at"
        );`);
    this.addSql(`
      update "ledger_entries" set "transfer_ticket_id" = pairs."to_ticket_id"
      from (
        select distinct on (carried."id") moved."id" as "refund_id", carried."ticket_id" as "to_ticket_id"
        from "ledger_entries" as carried
        join "ledger_entries" as moved on moved."ticket_id" = carried."transfer_ticket_id"
          and moved."kind" = 'refund' and moved."status" = 'succeeded' and moved."fee_cents" = 0
          and moved."charge_id" = carried."charge_id" and moved."amount_cents" = carried."amount_cents"
          and moved."created_at" = carried."created_at"
        where carried."kind" = 'charge' and carried."transfer_ticket_id" is not null
        order by carried."id", (moved."updated_at" = moved."created_at") desc, moved."id"
      ) as pairs
      where "ledger_entries"."id" = pairs."refund_id";`);
  }

  /** Back to before: the two columns go (a transfer then reads as a refund and a charge again). */
  override async down(): Promise<void> {
    this.addSql(`alter table "ledger_entries" drop column "transfer_ticket_id";`);
    this.addSql(`alter table "tickets" drop column "sold_for_departure_at";`);
  }
}
