import { errAsync, ResultAsync } from 'neverthrow';
import type { PersistenceError } from '../domain/errors';
import type { TransactionScope, UnitOfWork } from '../ports/unit-of-work.port';
import type { InMemoryDatabase, Session } from './in-memory-database';
import { InMemoryBoardingRepository } from './in-memory-boarding-repository';
import { InMemoryHistoryLog } from './in-memory-history-log';
import { InMemoryHoldRepository } from './in-memory-hold-repository';
import { InMemoryPaymentRepository } from './in-memory-payment-repository';
import {
  InMemoryBookingLocks,
  InMemoryIdempotencyStore,
  InMemoryRouteRepository,
  InMemorySeatEventLog,
  InMemoryTicketRepository,
} from './in-memory-repositories';
import { InMemoryScheduleRepository } from './in-memory-schedule-repository';

export function inMemoryScope(session: Session): TransactionScope {
  return {
    routes: new InMemoryRouteRepository(session),
    tickets: new InMemoryTicketRepository(session),
    holds: new InMemoryHoldRepository(session),
    events: new InMemorySeatEventLog(session),
    payments: new InMemoryPaymentRepository(session),
    idempotency: new InMemoryIdempotencyStore(session),
    history: new InMemoryHistoryLog(session),
    boardings: new InMemoryBoardingRepository(session),
    schedules: new InMemoryScheduleRepository(session),
    locks: new InMemoryBookingLocks(session),
  };
}

/** Serialisable units of work: one at a time, undone step by step when the work fails or throws. */
export class InMemoryUnitOfWork implements UnitOfWork {
  constructor(private readonly db: InMemoryDatabase) {}

  run<T, E>(work: (tx: TransactionScope) => ResultAsync<T, E>): ResultAsync<T, E | PersistenceError> {
    const down = this.db.check();
    if (down) return errAsync(down);
    return new ResultAsync(
      this.db.exclusive(async () => {
        const session: Session = { db: this.db, undo: [] };
        const rollback = () => session.undo?.reverse().forEach((revert) => revert());
        try {
          const result = await work(inMemoryScope(session));
          if (result.isErr()) rollback();
          return result;
        } catch (error) {
          rollback();
          throw error;
        }
      }),
    );
  }
}
