import { err, ok } from 'neverthrow';
import type { ResultAsync } from 'neverthrow';
import { errors, type ErrorOf, type PersistenceError } from '../domain/errors';
import { holdEndsAt, holdIsOver } from '../domain/departure';
import { segmentsOverlap, type Route, type Segment } from '../domain/route';
import type { RouteEvent, RouteEventDraft } from '../domain/route-event';
import { isOccupying, type Ticket } from '../domain/ticket';
import type { Instant } from '../domain/time';
import type {
  IdempotencyKeyTaken,
  IdempotencyRecord,
  IdempotencyStore,
} from '../ports/idempotency-store.port';
import type { BookingLocks } from '../ports/booking-locks.port';
import type { RouteQuery, RouteRepository } from '../ports/route-repository.port';
import type { SeatEventLog } from '../ports/seat-event-log.port';
import type { StaleTicket, TicketQuery, TicketRepository } from '../ports/ticket-repository.port';
import { copy, operate, type Session } from './in-memory-database';
import { takenSeats } from './in-memory-hold-repository';

const byTime = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

export class InMemoryRouteRepository implements RouteRepository {
  constructor(private readonly session: Session) {}

  insert(route: Route): ResultAsync<Route, PersistenceError> {
    return operate(this.session, (undo) => {
      const { db } = this.session;
      if (db.routes.has(route.id)) throw new Error(`route ${route.id} inserted twice`);
      db.routes.set(route.id, copy(route));
      db.sequences.set(route.id, 0);
      undo(() => {
        db.routes.delete(route.id);
        db.sequences.delete(route.id);
      });
      return ok(copy(route));
    });
  }

  findById(id: string): ResultAsync<Route | undefined, PersistenceError> {
    return operate(this.session, () => ok(copy(this.session.db.routes.get(id))));
  }

  update(route: Route): ResultAsync<Route, PersistenceError> {
    return operate(this.session, (undo) => {
      const { db } = this.session;
      const before = db.routes.get(route.id);
      if (!before) throw new Error(`route ${route.id} updated before it was inserted`);
      db.routes.set(route.id, copy(route));
      undo(() => db.routes.set(route.id, before));
      return ok(copy(route));
    });
  }

  list(query: RouteQuery): ResultAsync<Route[], PersistenceError> {
    return operate(this.session, () => {
      const found = [...this.session.db.routes.values()]
        .filter((r) => query.departsFrom === undefined || r.departureAt >= query.departsFrom)
        .filter((r) => query.departsBefore === undefined || r.departureAt < query.departsBefore)
        .filter((r) => (query.stopsIn ?? []).every((city) => r.stops.includes(city)))
        .sort((a, b) =>
          a.departureAt === b.departureAt ? (a.id < b.id ? -1 : 1) : a.departureAt < b.departureAt ? -1 : 1,
        )
        .slice(0, query.limit);
      return ok(copy(found));
    });
  }
}

export class InMemoryTicketRepository implements TicketRepository {
  constructor(private readonly session: Session) {}

  insertIfSeatFree(ticket: Ticket): ResultAsync<Ticket, ErrorOf<'seat_unavailable'> | PersistenceError> {
    return operate(this.session, (undo) => {
      const { db } = this.session;
      if (db.tickets.has(ticket.id)) throw new Error(`ticket ${ticket.id} inserted twice`);
      const ids = db.ticketsByRoute.get(ticket.routeId) ?? new Set<string>();
      // One guarantee for tickets and seat holds together.
      if (
        isOccupying(ticket.status) &&
        takenSeats(db, ticket.routeId, [ticket.seatNumber], ticket).length > 0
      )
        return err(errors.seatUnavailable([ticket.seatNumber]));
      db.tickets.set(ticket.id, copy(ticket));
      db.ticketsByRoute.set(ticket.routeId, ids.add(ticket.id));
      undo(() => {
        db.tickets.delete(ticket.id);
        ids.delete(ticket.id);
      });
      return ok(copy(ticket));
    });
  }

  findById(id: string): ResultAsync<Ticket | undefined, PersistenceError> {
    return operate(this.session, () => ok(copy(this.session.db.tickets.get(id))));
  }

  update(ticket: Ticket): ResultAsync<Ticket, StaleTicket | PersistenceError> {
    return operate(this.session, (undo) => {
      const { db } = this.session;
      const stored = db.tickets.get(ticket.id);
      if (!stored || stored.version !== ticket.version - 1)
        return err({ kind: 'stale_ticket', ticketId: ticket.id });
      // Re-occupying (suspended -> confirmed) never clashes: the ticket held the seat all along.
      db.tickets.set(ticket.id, copy(ticket));
      undo(() => db.tickets.set(ticket.id, stored));
      return ok(copy(ticket));
    });
  }

  moveSeat(
    ticket: Ticket,
  ): ResultAsync<Ticket, StaleTicket | ErrorOf<'seat_unavailable'> | PersistenceError> {
    return operate(this.session, (undo) => {
      const { db } = this.session;
      const stored = db.tickets.get(ticket.id);
      if (!stored || stored.version !== ticket.version - 1)
        return err({ kind: 'stale_ticket', ticketId: ticket.id });
      if (!isOccupying(ticket.status))
        throw new Error(`ticket ${ticket.id} moves to a seat it does not occupy`);
      // Staying on its own seat moves nothing; any other seat must be free of every other claim.
      const moves = ticket.seatNumber !== stored.seatNumber;
      if (moves && takenSeats(db, ticket.routeId, [ticket.seatNumber], ticket).length > 0)
        return err(errors.seatUnavailable([ticket.seatNumber]));
      db.tickets.set(ticket.id, copy(ticket));
      undo(() => db.tickets.set(ticket.id, stored));
      return ok(copy(ticket));
    });
  }

  findOccupying(routeId: string, segment?: Segment): ResultAsync<Ticket[], PersistenceError> {
    return operate(this.session, () =>
      ok(
        this.ofRoute(routeId).filter(
          (t) => isOccupying(t.status) && (segment === undefined || segmentsOverlap(t, segment)),
        ),
      ),
    );
  }

  list(query: TicketQuery): ResultAsync<Ticket[], PersistenceError> {
    return operate(this.session, () => {
      const all = query.routeId ? this.ofRoute(query.routeId) : copy([...this.session.db.tickets.values()]);
      const after = query.afterId === undefined ? undefined : this.session.db.tickets.get(query.afterId);
      const found = all
        .filter((t) => query.ownerId === undefined || t.ownerId === query.ownerId)
        .filter((t) => query.status === undefined || t.status === query.status)
        .filter((t) => query.pnrNumber === undefined || t.pnrNumber === query.pnrNumber)
        .sort(byTime)
        .filter((t) => query.afterId === undefined || (after !== undefined && byTime(t, after) > 0))
        .slice(0, query.limit);
      return ok(found);
    });
  }

  countOpenHolds(ownerId: string, now: Instant): ResultAsync<number, PersistenceError> {
    return operate(this.session, () => {
      let count = 0;
      for (const t of this.session.db.tickets.values()) {
        const open = t.holdExpiresAt !== null && Date.parse(t.holdExpiresAt) > Date.parse(now);
        if (t.ownerId === ownerId && t.status === 'reserved' && open) count++;
      }
      return ok(count);
    });
  }

  findExpiredHolds(now: Instant, limit: number): ResultAsync<Ticket[], PersistenceError> {
    return operate(this.session, () => {
      const { routes } = this.session.db;
      const ends = (t: Ticket) => Date.parse(holdEndsAt(t, routes.get(t.routeId) as Route));
      return ok(
        copy([...this.session.db.tickets.values()])
          .filter((t) => t.status === 'reserved' && holdIsOver(t, routes.get(t.routeId) as Route, now))
          .sort((a, b) => ends(a) - ends(b))
          .slice(0, limit),
      );
    });
  }

  private ofRoute(routeId: string): Ticket[] {
    const { db } = this.session;
    const ids = [...(db.ticketsByRoute.get(routeId) ?? [])];
    return copy(ids.map((id) => db.tickets.get(id)).filter((t): t is Ticket => t !== undefined));
  }
}

export class InMemorySeatEventLog implements SeatEventLog {
  constructor(private readonly session: Session) {}

  append(
    drafts: readonly RouteEventDraft[],
    committedAt: Instant,
  ): ResultAsync<RouteEvent[], PersistenceError> {
    return operate(this.session, (undo) => {
      if (!this.session.undo) throw new Error('SeatEventLog.append must run inside a unit of work');
      const { db } = this.session;
      const appended: RouteEvent[] = [];
      for (const draft of drafts) {
        const previous = db.sequences.get(draft.routeId) ?? 0;
        const event: RouteEvent = { ...copy(draft), sequence: previous + 1, timestamp: committedAt };
        const log = db.events.get(draft.routeId) ?? [];
        log.push({ event, published: false });
        db.events.set(draft.routeId, log);
        db.sequences.set(draft.routeId, previous + 1);
        undo(() => {
          log.pop();
          db.sequences.set(draft.routeId, previous);
        });
        appended.push(copy(event));
      }
      this.trim(appended);
      return ok(appended);
    });
  }

  readAfter(
    routeId: string,
    afterSequence: number,
    limit: number,
  ): ResultAsync<RouteEvent[], PersistenceError> {
    return operate(this.session, () =>
      ok(
        copy(
          (this.session.db.events.get(routeId) ?? [])
            .filter((s) => s.event.sequence > afterSequence)
            .slice(0, limit)
            .map((s) => s.event),
        ),
      ),
    );
  }

  currentSequence(routeId: string): ResultAsync<number, PersistenceError> {
    return operate(this.session, () => ok(this.session.db.sequences.get(routeId) ?? 0));
  }

  unpublished(limit: number): ResultAsync<RouteEvent[], PersistenceError> {
    return operate(this.session, () => {
      // Each route's queue stays in sequence order; routes are merged by the time at their heads.
      const queues = [...this.session.db.events.values()]
        .map((log) => log.filter((s) => !s.published).map((s) => s.event))
        .filter((queue) => queue.length > 0);
      const pending: RouteEvent[] = [];
      while (pending.length < limit && queues.length > 0) {
        let oldest = 0;
        queues.forEach((queue, i) => {
          if ((queue[0] as RouteEvent).timestamp < (queues[oldest]?.[0] as RouteEvent).timestamp) oldest = i;
        });
        const queue = queues[oldest] as RouteEvent[];
        pending.push(queue.shift() as RouteEvent);
        if (queue.length === 0) queues.splice(oldest, 1);
      }
      return ok(copy(pending));
    });
  }

  markPublished(
    events: readonly Pick<RouteEvent, 'routeId' | 'sequence'>[],
  ): ResultAsync<void, PersistenceError> {
    return operate(this.session, () => {
      for (const { routeId, sequence } of events) {
        const stored = this.session.db.events.get(routeId)?.find((s) => s.event.sequence === sequence);
        if (stored) stored.published = true;
      }
      return ok(undefined);
    });
  }

  /** Drops the oldest events beyond the configured retention (published ones only: the outbox keeps the rest). */
  private trim(events: readonly RouteEvent[]): void {
    const keep = this.session.db.options.retainEventsPerRoute;
    if (keep === undefined) return;
    for (const routeId of new Set(events.map((e) => e.routeId))) {
      const log = this.session.db.events.get(routeId) ?? [];
      while (log.length > keep && log[0]?.published) log.shift();
    }
  }
}

/** Units of work already run one at a time here: a lock only checks it is taken inside one. */
export class InMemoryBookingLocks implements BookingLocks {
  constructor(private readonly session: Session) {}

  route(_routeId: string): ResultAsync<void, PersistenceError> {
    return this.take();
  }

  routeShared(_routeId: string): ResultAsync<void, PersistenceError> {
    return this.take();
  }

  owner(_ownerId: string): ResultAsync<void, PersistenceError> {
    return this.take();
  }

  private take(): ResultAsync<void, PersistenceError> {
    if (!this.session.undo) throw new Error('BookingLocks must be taken inside a unit of work');
    return operate(this.session, () => ok(undefined));
  }
}

export class InMemoryIdempotencyStore implements IdempotencyStore {
  constructor(private readonly session: Session) {}

  find(scope: string, key: string): ResultAsync<IdempotencyRecord | undefined, PersistenceError> {
    return operate(this.session, () => ok(copy(this.session.db.idempotency.get(`${scope}\u0000${key}`))));
  }

  insert(record: IdempotencyRecord): ResultAsync<IdempotencyRecord, IdempotencyKeyTaken | PersistenceError> {
    return operate(this.session, (undo) => {
      const id = `${record.scope}\u0000${record.key}`;
      const { db } = this.session;
      if (db.idempotency.has(id)) return err({ kind: 'idempotency_key_taken' as const });
      db.idempotency.set(id, copy(record));
      undo(() => db.idempotency.delete(id));
      return ok(copy(record));
    });
  }
}
