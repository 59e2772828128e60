import { ok, type Result, type ResultAsync } from 'neverthrow';
import type { Boarding } from '../domain/boarding';
import type { PersistenceError } from '../domain/errors';
import type { BoardingRepository, RecordedBoarding } from '../ports/boarding-repository.port';
import { copy, operate, type Session } from './in-memory-database';

/** Boardings by ticket id, in the in-memory database (each step runs alone, so it is atomic). */
export class InMemoryBoardingRepository implements BoardingRepository {
  constructor(private readonly session: Session) {}

  record(boarding: Boarding): ResultAsync<RecordedBoarding, PersistenceError> {
    return this.write(boarding, () => false);
  }

  recordEarliest(boarding: Boarding): ResultAsync<RecordedBoarding, PersistenceError> {
    return this.write(boarding, (stored) => Date.parse(boarding.boardedAt) < Date.parse(stored.boardedAt));
  }

  findByTicket(ticketId: string): ResultAsync<Boarding | undefined, PersistenceError> {
    return operate(this.session, () => ok(copy(this.session.db.boardings.get(ticketId))));
  }

  listByRoute(routeId: string): ResultAsync<Boarding[], PersistenceError> {
    return operate(this.session, () =>
      ok(
        copy(
          [...this.session.db.boardings.values()]
            .filter((boarding) => boarding.routeId === routeId)
            .sort((a, b) => Date.parse(a.boardedAt) - Date.parse(b.boardedAt)),
        ),
      ),
    );
  }

  /** Stores `boarding` when the ticket has none, or replaces the stored one when `replaces` says so. */
  private write(
    boarding: Boarding,
    replaces: (stored: Boarding) => boolean,
  ): ResultAsync<RecordedBoarding, PersistenceError> {
    return operate(this.session, (undo): Result<RecordedBoarding, never> => {
      const { boardings } = this.session.db;
      const stored = boardings.get(boarding.ticketId);
      if (stored && !replaces(stored)) return ok({ boarding: copy(stored), recorded: false });
      const written = stored ? { ...stored, boardedAt: boarding.boardedAt } : copy(boarding);
      boardings.set(boarding.ticketId, written);
      undo(() => (stored ? boardings.set(stored.ticketId, stored) : boardings.delete(boarding.ticketId)));
      return ok({ boarding: copy(written), recorded: true });
    });
  }
}
