import { Migration } from '@mikro-orm/migrations';

/** Per-ticket payment locks: one charge per ticket, even when payments for it race across processes. */
export class Migration20260401000000_payment_locks extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "payment_locks" ("ticket_id" uuid not null, "attempt_id" uuid not null, "expires_at" timestamptz(3) not null, constraint "payment_locks_pkey" primary key ("ticket_id"));',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "payment_locks";');
  }
}
