import { err, ok, type ResultAsync } from 'neverthrow';
import { hasDeparted } from '../domain/departure';
import { errors, type ErrorOf, type PersistenceError } from '../domain/errors';
import { holdOccupies, type Hold } from '../domain/hold';
import type { Route, Segment } from '../domain/route';
import { ticketsClash } from '../domain/ticket';
import { isAtOrAfter, type Instant } from '../domain/time';
import type { HoldRepository, StaleHold } from '../ports/hold-repository.port';
import { copy, operate, type InMemoryDatabase, type Session } from './in-memory-database';

/** The seats of `seatNumbers` that an occupying ticket or an active hold keeps on `segment`. */
export function takenSeats(
  db: InMemoryDatabase,
  routeId: string,
  seatNumbers: readonly number[],
  segment: Segment,
): number[] {
  const ticketIds = db.ticketsByRoute.get(routeId) ?? new Set<string>();
  const tickets = [...ticketIds].map((id) => db.tickets.get(id));
  const holds = [...db.holds.values()].filter((h) => h.routeId === routeId);
  const { fromStopIndex, toStopIndex } = segment;
  const claim = (seatNumber: number) => ({
    routeId,
    seatNumber,
    status: 'reserved' as const,
    fromStopIndex,
    toStopIndex,
  });
  return seatNumbers.filter(
    (seatNumber) =>
      holds.some((hold) => holdOccupies(hold, seatNumber, segment)) ||
      tickets.some((t) => t && ticketsClash(t, claim(seatNumber))),
  );
}

export class InMemoryHoldRepository implements HoldRepository {
  constructor(private readonly session: Session) {}

  insertIfSeatsFree(hold: Hold): ResultAsync<Hold, ErrorOf<'seat_unavailable'> | PersistenceError> {
    return operate(this.session, (undo) => {
      const { db } = this.session;
      if (db.holds.has(hold.id)) throw new Error(`hold ${hold.id} inserted twice`);
      const taken = takenSeats(db, hold.routeId, hold.seatNumbers, hold);
      if (taken.length > 0) return err(errors.seatUnavailable(taken));
      db.holds.set(hold.id, copy(hold));
      undo(() => db.holds.delete(hold.id));
      return ok(copy(hold));
    });
  }

  findById(id: string): ResultAsync<Hold | undefined, PersistenceError> {
    return operate(this.session, () => ok(copy(this.session.db.holds.get(id))));
  }

  update(hold: Hold): ResultAsync<Hold, StaleHold | PersistenceError> {
    return operate(this.session, (undo) => {
      const { db } = this.session;
      const stored = db.holds.get(hold.id);
      if (!stored || stored.version !== hold.version - 1) return err({ kind: 'stale_hold', holdId: hold.id });
      db.holds.set(hold.id, copy(hold));
      undo(() => db.holds.set(hold.id, stored));
      return ok(copy(hold));
    });
  }

  findActive(routeId: string, segment?: Segment): ResultAsync<Hold[], PersistenceError> {
    return operate(this.session, () =>
      ok(
        copy(
          this.all().filter(
            (h) =>
              h.routeId === routeId &&
              h.status === 'active' &&
              (segment === undefined || h.seatNumbers.some((seat) => holdOccupies(h, seat, segment))),
          ),
        ),
      ),
    );
  }

  countHeldSeats(ownerId: string, now: Instant): ResultAsync<number, PersistenceError> {
    return operate(this.session, () =>
      ok(
        this.all()
          .filter((h) => h.ownerId === ownerId && h.status === 'active' && !isAtOrAfter(now, h.expiresAt))
          .reduce((sum, h) => sum + h.seatNumbers.length, 0),
      ),
    );
  }

  findDue(now: Instant, limit: number): ResultAsync<Hold[], PersistenceError> {
    return operate(this.session, () => {
      const { routes } = this.session.db;
      const due = (h: Hold) =>
        isAtOrAfter(now, h.expiresAt) || hasDeparted(routes.get(h.routeId) as Route, h, now);
      return ok(
        copy(
          this.all()
            .filter((h) => h.status === 'active' && due(h))
            .sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt))
            .slice(0, limit),
        ),
      );
    });
  }

  private all(): Hold[] {
    return [...this.session.db.holds.values()];
  }
}
