import { okAsync, type ResultAsync } from 'neverthrow';
import type { PersistenceError } from '../domain/errors';
import type { Route } from '../domain/route';
import type { RouteQuery, RouteRepository } from '../ports/route-repository.port';

export const DEFAULT_ROUTE_CACHE_SIZE = 10_000;
export const DEFAULT_ROUTE_CACHE_MS = 2_000;

export interface RouteCacheOptions {
  /** How many routes to keep at most (the least recently used goes first). */
  maxRoutes?: number;
  /** How long a route is trusted before it is read again: how late a change made elsewhere shows here. */
  maxAgeMs?: number;
  /** Milliseconds since the epoch (default `Date.now`). */
  now?: () => number;
}

/**
 * Remembers routes found by id for a short while: every booking and seat map starts with
 * `findById`, and without this each one costs a database round trip. A route rarely changes (an
 * admin cancels or moves it): a change made through this cache is seen here at once, one made by
 * another process within `maxAgeMs`. Nothing depends on the cache being fresh for correctness:
 * sales read the route again inside their unit of work. Callers get a copy, never the cached object.
 */
export class CachedRouteRepository implements RouteRepository {
  private readonly found = new Map<string, { route: Route; at: number }>();
  private readonly maxRoutes: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly inner: RouteRepository,
    options: RouteCacheOptions = {},
  ) {
    this.maxRoutes = options.maxRoutes ?? DEFAULT_ROUTE_CACHE_SIZE;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_ROUTE_CACHE_MS;
    this.now = options.now ?? Date.now;
  }

  insert(route: Route): ResultAsync<Route, PersistenceError> {
    return this.inner.insert(route);
  }

  findById(id: string): ResultAsync<Route | undefined, PersistenceError> {
    const cached = this.found.get(id);
    this.found.delete(id);
    if (cached && this.now() - cached.at < this.maxAgeMs) {
      // Most recently used goes last, so the first key is the one to drop.
      this.found.set(id, cached);
      return okAsync(copyRoute(cached.route));
    }
    const askedAt = this.now();
    return this.inner.findById(id).map((route) => {
      if (route) this.remember(copyRoute(route), askedAt);
      return route;
    });
  }

  /** Forgets the route here at once (before and after the write, so no read in between is kept). */
  update(route: Route): ResultAsync<Route, PersistenceError> {
    this.found.delete(route.id);
    return this.inner.update(route).map((updated) => {
      this.found.delete(route.id);
      return updated;
    });
  }

  /** A change committed through a unit of work (a departure cancelled or moved) is seen here at once. */
  forget(routeId: string): void {
    this.found.delete(routeId);
  }

  list(query: RouteQuery): ResultAsync<Route[], PersistenceError> {
    return this.inner.list(query);
  }

  private remember(route: Route, at: number): void {
    if (this.maxRoutes <= 0) return;
    this.found.set(route.id, { route, at });
    if (this.found.size > this.maxRoutes) {
      const oldest = this.found.keys().next().value;
      if (oldest !== undefined) this.found.delete(oldest);
    }
  }
}

/** A route is plain data: its arrays are the only parts a caller could change in place. */
function copyRoute(route: Route): Route {
  return {
    ...route,
    stops: [...route.stops],
    stopTimes: route.stopTimes ? [...route.stopTimes] : null,
    segmentPrices: route.segmentPrices.map((price) => ({ ...price })),
  };
}
