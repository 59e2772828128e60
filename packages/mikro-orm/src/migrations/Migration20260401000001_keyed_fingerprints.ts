import { Migration } from '@mikro-orm/migrations';

/**
 * Request fingerprints are now keyed (HMAC). The plain SHA-256 ones written before would still give
 * card numbers, CVCs and passenger details away to a few guesses, so they are overwritten with a
 * value no request matches: a repeat of such an old key answers `idempotency_conflict`, never a
 * second effect.
 */
export class Migration20260401000001_keyed_fingerprints extends Migration {
  override async up(): Promise<void> {
    this.addSql(`update "idempotency_records" set "fingerprint" = 'unkeyed fingerprint removed';`);
  }

  override async down(): Promise<void> {
    // What was removed cannot come back, and need not.
  }
}
