import { Migration } from '@mikro-orm/migrations';

/** Seat rules: routes may have two decks (seat positions on the map depend on it). */
export class Migration20260301000000_seat_rules extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "routes" add column "decks" int not null default 1;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "routes" drop column "decks";');
  }
}
