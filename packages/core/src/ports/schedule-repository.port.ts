import type { ResultAsync } from 'neverthrow';
import type { PersistenceError } from '../domain/errors';
import type { Route } from '../domain/route';
import type { Schedule } from '../domain/schedule';
import type { Instant } from '../domain/time';

/** A route a schedule made, and when it departs. */
export interface ScheduleDeparture {
  routeId: string;
  departureAt: Instant;
}

/** A schedule kept, and whether this call stored it. */
export interface ScheduleFound {
  schedule: Schedule;
  created: boolean;
}

/** The route that departs at a departure's instant, whose schedule, and whether this call added it. */
export interface DepartureAdded {
  routeId: string;
  scheduleId: string;
  added: boolean;
}

/**
 * Timetables and the departures they made. A line (a schedule's definition without its dates)
 * departs at most once at any instant, whichever schedule of it made the departure: re-running a
 * schedule, or posting an overlapping one, never duplicates a departure.
 */
export interface ScheduleRepository {
  /** Stores a new schedule, or answers the one kept with the same `key` (`created: false`). */
  insertOrFind(schedule: Schedule): ResultAsync<ScheduleFound, PersistenceError>;
  findById(id: string): ResultAsync<Schedule | undefined, PersistenceError>;
  /** Oldest first, then by id. */
  list(limit: number): ResultAsync<Schedule[], PersistenceError>;
  /**
   * Makes `route` a departure of `schedule`, the route (with its seat event sequence at 0) and the
   * link stored together, unless the schedule's line already departs at that instant: then nothing
   * is stored, and the answer names the route that departs then (a departure whose schedule was
   * deleted passes to `schedule`).
   */
  addDeparture(
    schedule: Pick<Schedule, 'id' | 'lineKey'>,
    route: Route,
  ): ResultAsync<DepartureAdded, PersistenceError>;
  /** The routes the schedule made (and still has), by departure. */
  departures(scheduleId: string): ResultAsync<ScheduleDeparture[], PersistenceError>;
  /**
   * Deletes the route when it departs after `now`, no ticket was ever sold on it and no hold on it
   * is active; true when it did.
   */
  removeUnusedRoute(routeId: string, now: Instant): ResultAsync<boolean, PersistenceError>;
  /** Forgets the schedule; the departures it keeps stay, still counted for its line. */
  delete(scheduleId: string): ResultAsync<void, PersistenceError>;
}
