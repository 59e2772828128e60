import { Migration } from '@mikro-orm/migrations';

/** Boardings: who boarded which ticket and when, one row per ticket. */
export class Migration20261101000000_boardings extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "boardings" ("ticket_id" uuid not null, "route_id" uuid not null, "boarded_at" timestamptz(3) not null, "scanned_by" text not null, "source" text not null, constraint "boardings_pkey" primary key ("ticket_id"), constraint "boardings_source_check" check ("source" in ('live', 'offline')));`,
    );
    this.addSql(`create index "boardings_route_index" on "boardings" ("route_id", "boarded_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "boardings";`);
  }
}
