import type { ResultAsync } from 'neverthrow';
import type { PersistenceError } from '../domain/errors';
import type { Route } from '../domain/route';
import type { Instant } from '../domain/time';

export interface RouteQuery {
  /** Only routes departing at or after this instant. */
  departsFrom?: Instant;
  /** Only routes departing before this instant. */
  departsBefore?: Instant;
  /** Only routes that stop in every one of these cities (in any order; the caller checks the order). */
  stopsIn?: string[];
  limit: number;
}

export interface RouteRepository {
  /** Stores a new route and starts its seat event sequence at 0. */
  insert(route: Route): ResultAsync<Route, PersistenceError>;
  findById(id: string): ResultAsync<Route | undefined, PersistenceError>;
  /**
   * Writes a changed route (cancelled, moved). Callers hold the route's exclusive lock
   * (`BookingLocks.route`), so two changes of one route never interleave.
   */
  update(route: Route): ResultAsync<Route, PersistenceError>;
  /**
   * Optional, for a repository that keeps copies (a cache): drops any copy of the route, because a
   * unit of work (which writes through its own scope) has just committed a change of it.
   */
  forget?(routeId: string): void;
  /** Matching routes ordered by departure time, then id. */
  list(query: RouteQuery): ResultAsync<Route[], PersistenceError>;
}
