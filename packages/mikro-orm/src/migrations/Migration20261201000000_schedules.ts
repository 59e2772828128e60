import { Migration } from '@mikro-orm/migrations';

/**
 * Timetables (`schedules`) and the departures they made (`schedule_departures`): one per line and
 * instant, whichever schedule of the line made it.
 */
export class Migration20261201000000_schedules extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "schedules" ("id" uuid not null, "definition" jsonb not null, "key" text not null, "line_key" text not null, "key_hash" text not null, "created_at" timestamptz(3) not null, constraint "schedules_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "schedules" add constraint "schedules_key_hash_unique" unique ("key_hash");`);
    this.addSql(
      `create table "schedule_departures" ("line_hash" text not null, "departure_at" timestamptz(3) not null, "route_id" uuid not null, "schedule_id" uuid null, constraint "schedule_departures_pkey" primary key ("line_hash", "departure_at"));`,
    );
    this.addSql(
      `create index "schedule_departures_schedule_index" on "schedule_departures" ("schedule_id", "departure_at");`,
    );
    this.addSql(`create index "schedule_departures_route_index" on "schedule_departures" ("route_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "schedule_departures";`);
    this.addSql(`drop table if exists "schedules";`);
  }
}
