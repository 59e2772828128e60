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
import { copy, operate, type Session } from './in-memory-database';

/** One departure per line and instant, whatever text wrote the instant. */
const departureKey = (lineKey: string, at: Instant) => `${lineKey}\n${Date.parse(at)}`;

/** Schedules in memory, beside the routes, tickets and holds of the same database. */
export class InMemoryScheduleRepository implements ScheduleRepository {
  constructor(private readonly session: Session) {}

  insertOrFind(schedule: Schedule): ResultAsync<ScheduleFound, PersistenceError> {
    return operate<ScheduleFound, never>(this.session, (undo) => {
      const { schedules } = this.session.db;
      const kept = [...schedules.values()].find((s) => s.key === schedule.key);
      if (kept) return ok({ schedule: copy(kept), created: false });
      schedules.set(schedule.id, copy(schedule));
      undo(() => schedules.delete(schedule.id));
      return ok({ schedule: copy(schedule), created: true });
    });
  }

  findById(id: string): ResultAsync<Schedule | undefined, PersistenceError> {
    return operate(this.session, () => ok(copy(this.session.db.schedules.get(id))));
  }

  list(limit: number): ResultAsync<Schedule[], PersistenceError> {
    return operate(this.session, () =>
      ok(
        copy(
          [...this.session.db.schedules.values()]
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
    return operate<DepartureAdded, never>(this.session, (undo) => {
      const { db } = this.session;
      const key = departureKey(schedule.lineKey, route.departureAt);
      const link = db.scheduleDepartures.get(key);
      if (link) {
        if (link.scheduleId === null) {
          link.scheduleId = schedule.id;
          undo(() => (link.scheduleId = null));
        }
        return ok({ routeId: link.routeId, scheduleId: link.scheduleId, added: false });
      }
      db.routes.set(route.id, copy(route));
      db.sequences.set(route.id, 0);
      db.scheduleDepartures.set(key, {
        lineKey: schedule.lineKey,
        departureAt: route.departureAt,
        routeId: route.id,
        scheduleId: schedule.id,
      });
      undo(() => {
        db.routes.delete(route.id);
        db.sequences.delete(route.id);
        db.scheduleDepartures.delete(key);
      });
      return ok({ routeId: route.id, scheduleId: schedule.id, added: true });
    });
  }

  departures(scheduleId: string): ResultAsync<ScheduleDeparture[], PersistenceError> {
    return operate(this.session, () =>
      ok(
        [...this.session.db.scheduleDepartures.values()]
          .filter((l) => l.scheduleId === scheduleId)
          .map((l) => ({ routeId: l.routeId, departureAt: l.departureAt }))
          .sort(
            (a, b) =>
              Date.parse(a.departureAt) - Date.parse(b.departureAt) || a.routeId.localeCompare(b.routeId),
          ),
      ),
    );
  }

  removeUnusedRoute(routeId: string, now: Instant): ResultAsync<boolean, PersistenceError> {
    return operate(this.session, (undo) => {
      const { db } = this.session;
      const route = db.routes.get(routeId);
      if (!route || Date.parse(route.departureAt) <= Date.parse(now)) return ok(false);
      if ((db.ticketsByRoute.get(routeId)?.size ?? 0) > 0) return ok(false);
      const holds = [...db.holds.values()].filter((h) => h.routeId === routeId);
      if (holds.some((h) => h.status === 'active')) return ok(false);
      const sequence = db.sequences.get(routeId);
      const events = db.events.get(routeId);
      const links = [...db.scheduleDepartures].filter(([, l]) => l.routeId === routeId);
      for (const h of holds) db.holds.delete(h.id);
      db.routes.delete(routeId);
      db.sequences.delete(routeId);
      db.events.delete(routeId);
      for (const [key] of links) db.scheduleDepartures.delete(key);
      undo(() => {
        for (const h of holds) db.holds.set(h.id, h);
        db.routes.set(routeId, route);
        if (sequence !== undefined) db.sequences.set(routeId, sequence);
        if (events) db.events.set(routeId, events);
        for (const [key, link] of links) db.scheduleDepartures.set(key, link);
      });
      return ok(true);
    });
  }

  delete(scheduleId: string): ResultAsync<void, PersistenceError> {
    return operate(this.session, (undo) => {
      const { db } = this.session;
      const schedule = db.schedules.get(scheduleId);
      const orphaned = [...db.scheduleDepartures.values()].filter((l) => l.scheduleId === scheduleId);
      db.schedules.delete(scheduleId);
      for (const link of orphaned) link.scheduleId = null;
      undo(() => {
        if (schedule) db.schedules.set(scheduleId, schedule);
        for (const link of orphaned) link.scheduleId = scheduleId;
      });
      return ok(undefined);
    });
  }
}
