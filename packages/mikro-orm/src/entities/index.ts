import { BoardingEntity } from './boarding.entity';
import { HistoryEntryEntity } from './history-entry.entity';
import { HoldEntity } from './hold.entity';
import { IdempotencyEntity } from './idempotency-record.entity';
import { LedgerEntryEntity } from './ledger-entry.entity';
import { PaymentAttemptEntity } from './payment-attempt.entity';
import { PaymentLockEntity } from './payment-lock.entity';
import { RouteSequenceEntity } from './route-sequence.entity';
import { RouteEntity } from './route.entity';
import { ScheduleDepartureEntity, ScheduleEntity } from './schedule.entity';
import { SandboxChargeEntity, SandboxRefundEntity } from './sandbox-gateway.entity';
import { SeatClaimEntity } from './seat-claim.entity';
import { SeatEventEntity } from './seat-event.entity';
import { TicketEntity } from './ticket.entity';

/** Every table of the booking schema, for the ORM configuration. */
export const BOOKING_ENTITIES = [
  RouteEntity,
  RouteSequenceEntity,
  TicketEntity,
  HoldEntity,
  SeatClaimEntity,
  SeatEventEntity,
  PaymentAttemptEntity,
  LedgerEntryEntity,
  IdempotencyEntity,
  HistoryEntryEntity,
  BoardingEntity,
  ScheduleEntity,
  ScheduleDepartureEntity,
  PaymentLockEntity,
  SandboxChargeEntity,
  SandboxRefundEntity,
];
