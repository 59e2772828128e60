import { Migration } from '@mikro-orm/migrations';

/**
 * Changes after the sale. Routes get a status (every existing route is `scheduled`), a cancel
 * reason, stop times, the departure first announced (today's departure) and an update time (their
 * creation). `seat_events` also carries a route's `route_update`s in the same sequence: those name
 * no seat, ticket or segment, so the seat columns may be null, on route updates only. Tickets
 * remember what they were exchanged from and into, and `history_entries` is the audit trail.
 */
export class Migration20260801000000_changes_after_sale extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "routes" add column "status" text not null default 'scheduled', add column "cancel_reason" text null, add column "stop_times" timestamptz[] null, add column "scheduled_departure_at" timestamptz(3) null, add column "updated_at" timestamptz(3) null;`,
    );
    this.addSql(
      `update "routes" set "scheduled_departure_at" = "departure_at", "updated_at" = "created_at";`,
    );
    this.addSql(
      `alter table "routes" alter column "scheduled_departure_at" set not null, alter column "updated_at" set not null;`,
    );
    this.addSql(
      `alter table "routes" add constraint "routes_status_check" check ("status" in ('scheduled', 'cancelled'));`,
    );

    this.addSql(
      `alter table "seat_events" alter column "seat_number" drop not null, alter column "ticket_id" drop not null, alter column "from_stop_index" drop not null, alter column "to_stop_index" drop not null;`,
    );
    this.addSql(
      `alter table "seat_events" add constraint "seat_events_seat_columns" check (num_nulls(seat_number, ticket_id, from_stop_index, to_stop_index) = case when event_type = 'route_update' then 4 else 0 end);`,
    );

    this.addSql(
      `alter table "tickets" add column "exchanged_from_id" uuid null, add column "exchanged_to_id" uuid null;`,
    );

    this.addSql(
      `create table "history_entries" ("id" uuid not null, "subject" text not null, "subject_id" uuid not null, "route_id" uuid not null, "at" timestamptz(3) not null, "by_user_id" text null, "by_role" text not null, "action" text not null, "reason" text null, "changes" jsonb not null, "recorded_order" bigserial, constraint "history_entries_pkey" primary key ("id"), constraint "history_entries_subject_check" check ("subject" in ('ticket', 'route')));`,
    );
    this.addSql(
      `create index "history_entries_subject_index" on "history_entries" ("subject", "subject_id", "recorded_order");`,
    );
  }

  /**
   * Back to before: the trail, the exchange links and the routes' new fields go, and so do the
   * route updates (the seat columns cannot hold them), which leaves their sequences unused.
   */
  override async down(): Promise<void> {
    this.addSql(`drop table if exists "history_entries";`);
    this.addSql(`alter table "tickets" drop column "exchanged_from_id", drop column "exchanged_to_id";`);

    this.addSql(`delete from "seat_events" where "event_type" = 'route_update';`);
    this.addSql(`alter table "seat_events" drop constraint "seat_events_seat_columns";`);
    this.addSql(
      `alter table "seat_events" alter column "seat_number" set not null, alter column "ticket_id" set not null, alter column "from_stop_index" set not null, alter column "to_stop_index" set not null;`,
    );

    this.addSql(`alter table "routes" drop constraint "routes_status_check";`);
    this.addSql(
      `alter table "routes" drop column "status", drop column "cancel_reason", drop column "stop_times", drop column "scheduled_departure_at", drop column "updated_at";`,
    );
  }
}
