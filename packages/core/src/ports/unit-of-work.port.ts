import type { ResultAsync } from 'neverthrow';
import type { PersistenceError } from '../domain/errors';
import type { BoardingRepository } from './boarding-repository.port';
import type { BookingLocks } from './booking-locks.port';
import type { HistoryLog } from './history-log.port';
import type { HoldRepository } from './hold-repository.port';
import type { IdempotencyStore } from './idempotency-store.port';
import type { PaymentRepository } from './payment-repository.port';
import type { RouteRepository } from './route-repository.port';
import type { SeatEventLog } from './seat-event-log.port';
import type { TicketRepository } from './ticket-repository.port';
import type { ScheduleRepository } from './schedule-repository.port';

/** The repositories, bound to one transaction. */
export interface TransactionScope {
  routes: RouteRepository;
  tickets: TicketRepository;
  holds: HoldRepository;
  events: SeatEventLog;
  payments: PaymentRepository;
  idempotency: IdempotencyStore;
  history: HistoryLog;
  /** Who boarded which ticket, and when. */
  boardings: BoardingRepository;
  /** Timetables and the departures they made. */
  schedules: ScheduleRepository;
  /** Locks that last until the unit of work ends (only usable inside one). */
  locks: BookingLocks;
}

/** The transaction boundary: all writes of `work` commit together, or none does. */
export interface UnitOfWork {
  /** Commits when `work` returns Ok; rolls back when it returns Err or throws. */
  run<T, E>(work: (tx: TransactionScope) => ResultAsync<T, E>): ResultAsync<T, E | PersistenceError>;
}
