import { okAsync, type ResultAsync } from 'neverthrow';
import type { PersistenceError } from '../domain/errors';
import type { Route } from '../domain/route';
import type { RouteQuery, RouteRepository } from '../ports/route-repository.port';

export const DEFAULT_ROUTE_CACHE_SIZE = 10_000;

/**
 * Remembers routes found by id, because a route never changes after it is created: every booking
 * and seat map starts with `findById`, and without this each one costs a database round trip.
 * Only found routes are kept (a route created by another process is found on the next ask); the
 * least recently used goes once `maxRoutes` are held. Callers get a copy, never the cached object.
 */
export class CachedRouteRepository implements RouteRepository {
  private readonly found = new Map<string, Route>();

  constructor(
    private readonly inner: RouteRepository,
    private readonly maxRoutes = DEFAULT_ROUTE_CACHE_SIZE,
  ) {}

  insert(route: Route): ResultAsync<Route, PersistenceError> {
    return this.inner.insert(route);
  }

  findById(id: string): ResultAsync<Route | undefined, PersistenceError> {
    const cached = this.found.get(id);
    if (cached) {
      // Most recently used goes last, so the first key is the one to drop.
      this.found.delete(id);
      this.found.set(id, cached);
      return okAsync(copyRoute(cached));
    }
    return this.inner.findById(id).map((route) => {
      if (route) this.remember(copyRoute(route));
      return route;
    });
  }

  list(query: RouteQuery): ResultAsync<Route[], PersistenceError> {
    return this.inner.list(query);
  }

  private remember(route: Route): void {
    if (this.maxRoutes <= 0) return;
    this.found.set(route.id, route);
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
    segmentPrices: route.segmentPrices.map((price) => ({ ...price })),
  };
}
