import { Migration } from '@mikro-orm/migrations';

/**
 * A payment attempt whose charge goes back is `refunding` until the gateway confirms it, and
 * reconciliation reads those as well as the `pending` ones: the partial index covers both.
 */
export class Migration20260701000001_refunding_attempts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index "payment_attempts_pending_index";`);
    this.addSql(
      `create index "payment_attempts_unsettled_index" on "payment_attempts" ("created_at", "id") where "status" in ('pending', 'refunding');`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "payment_attempts_unsettled_index";`);
    this.addSql(
      `create index "payment_attempts_pending_index" on "payment_attempts" ("created_at", "id") where "status" = 'pending';`,
    );
  }
}
