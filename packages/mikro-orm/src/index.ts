export {
  openStorage,
  STORAGE_DEFAULTS,
  type MikroOrmStorage,
  type StorageOptions,
  type StorageTarget,
} from './open-storage';
export {
  createEmbeddedDatabase,
  type EmbeddedDatabase,
  type EmbeddedDatabaseOptions,
} from './embedded-database';
export { createOrm, ORM_DEFAULTS, type OrmOptions } from './create-orm';
export { migrate, pendingSchemaChanges } from './migrate';
export { MikroOrmUnitOfWork } from './unit-of-work';
export { storageScope } from './storage-scope';
export { Sql } from './sql';
export { MikroOrmRouteRepository } from './repositories/route-repository';
export { MikroOrmTicketRepository } from './repositories/ticket-repository';
export { MikroOrmHoldRepository } from './repositories/hold-repository';
export { MikroOrmSeatEventLog } from './repositories/seat-event-log';
export { MikroOrmPaymentRepository } from './repositories/payment-repository';
export {
  sandboxLedgerStore,
  type SandboxChargeRecord,
  type SandboxRefundRecord,
  type SqlSandboxLedgerStore,
} from './repositories/sandbox-ledger-store';
export { MikroOrmIdempotencyStore } from './repositories/idempotency-store';
export { MikroOrmHistoryLog } from './repositories/history-log';
export { MikroOrmBoardingRepository } from './repositories/boarding-repository';
export { MikroOrmScheduleRepository } from './repositories/schedule-repository';
export { MikroOrmBookingLocks } from './repositories/booking-locks';
export { MikroOrmPaymentLocks } from './repositories/payment-locks';
export { BOOKING_ENTITIES } from './entities';
export { BOOKING_MIGRATIONS } from './migrations';
export { NO_DOUBLE_BOOKING_CONSTRAINT } from './entities/seat-claim.entity';
export { createTestStorage, type TestStorageOptions } from './testing/test-storage';
export { OVERLAPPING_TICKETS_SQL } from './testing/audit-sql';
