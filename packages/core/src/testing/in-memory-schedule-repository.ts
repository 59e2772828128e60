import { ok, type ResultAsync } from 'neverthrow';
import type { PersistenceError } from '../domain/errors';
import type { Route } from '../domain/route';
import type { Schedule } from '../domain/schedule';
import type { Instant } from '../domain/time';
import type {
  DepartureAdded,
  ScheduleDeparture,
  ScheduleFound,
  ScheduleRepository,
} from '../ports/schedule-repository.port';
import { copy, operate, type InMemoryDatabase } from './in-memory-database';

interface Link {
  lineKey: string;
  departureAt: Instant;
  routeId: string;
  scheduleId: string | null;
}

/** Schedules in memory, over the routes, tickets and holds of `db`. */
export class InMemoryScheduleRepository implements ScheduleRepository {
  private readonly schedules = new Map<string, Schedule>();
  /** By line and departure instant: one departure each. */
  private readonly links = new Map<string, Link>();
  private readonly session: { db: InMemoryDatabase };

  constructor(db: InMemoryDatabase) {
    this.session = { db };
  }

  insertOrFind(schedule: Schedule): ResultAsync<ScheduleFound, PersistenceError> {
    return operate<ScheduleFound, never>(this.session, () => {
      const kept = [...this.schedules.values()].find((s) => s.key === schedule.key);
      if (kept) return ok({ schedule: copy(kept), created: false });
      this.schedules.set(schedule.id, copy(schedule));
      return ok({ schedule: copy(schedule), created: true });
    });
  }

  findById(id: string): ResultAsync<Schedule | undefined, PersistenceError> {
    return operate(this.session, () => ok(copy(this.schedules.get(id))));
  }

  list(limit: number): ResultAsync<Schedule[], PersistenceError> {
    return operate(this.session, () =>
      ok(
        copy(
          [...this.schedules.values()]
            .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
            .slice(0, limit),
        ),
      ),
    );
  }

  addDeparture(
    schedule: Pick<Schedule, 'id' | 'lineKey'>,
    route: Route,
  ): ResultAsync<DepartureAdded, PersistenceError> {
    return operate<DepartureAdded, never>(this.session, () => {
      const { db } = this.session;
      const at = `${schedule.lineKey}\n${Date.parse(route.departureAt)}`;
      const link = this.links.get(at);
      if (link && db.routes.has(link.routeId)) {
        link.scheduleId ??= schedule.id;
        return ok({ routeId: link.routeId, scheduleId: link.scheduleId, added: false });
      }
      db.routes.set(route.id, copy(route));
      db.sequences.set(route.id, 0);
      this.links.set(at, {
        lineKey: schedule.lineKey,
        departureAt: route.departureAt,
        routeId: route.id,
        scheduleId: schedule.id,
      });
      return ok({ routeId: route.id, scheduleId: schedule.id, added: true });
    });
  }

  departures(scheduleId: string): ResultAsync<ScheduleDeparture[], PersistenceError> {
    return operate(this.session, () =>
      ok(
        [...this.links.values()]
          .filter((l) => l.scheduleId === scheduleId && this.session.db.routes.has(l.routeId))
          .map((l) => ({ routeId: l.routeId, departureAt: l.departureAt }))
          .sort(
            (a, b) =>
              Date.parse(a.departureAt) - Date.parse(b.departureAt) || a.routeId.localeCompare(b.routeId),
          ),
      ),
    );
  }

  removeUnusedRoute(routeId: string, now: Instant): ResultAsync<boolean, PersistenceError> {
    return operate(this.session, () => {
      const { db } = this.session;
      const route = db.routes.get(routeId);
      if (!route || Date.parse(route.departureAt) <= Date.parse(now)) return ok(false);
      if ((db.ticketsByRoute.get(routeId)?.size ?? 0) > 0) return ok(false);
      const holds = [...db.holds.values()].filter((h) => h.routeId === routeId);
      if (holds.some((h) => h.status === 'active')) return ok(false);
      for (const h of holds) db.holds.delete(h.id);
      db.routes.delete(routeId);
      db.sequences.delete(routeId);
      db.events.delete(routeId);
      for (const [key, link] of this.links) if (link.routeId === routeId) this.links.delete(key);
      return ok(true);
    });
  }

  delete(scheduleId: string): ResultAsync<void, PersistenceError> {
    return operate(this.session, () => {
      this.schedules.delete(scheduleId);
      for (const link of this.links.values()) if (link.scheduleId === scheduleId) link.scheduleId = null;
      return ok(undefined);
    });
  }
}
