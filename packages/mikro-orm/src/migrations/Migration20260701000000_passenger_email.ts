import { Migration } from '@mikro-orm/migrations';

/** Tickets keep the passenger's e-mail address (optional), for the e-mails sent to them. */
export class Migration20260701000000_passenger_email extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "tickets" add column "email" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "tickets" drop column "email";`);
  }
}
