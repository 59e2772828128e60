import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import { errors, type DomainError, type PersistenceError } from '../domain/errors';
import type { Route } from '../domain/route';
import type { RouteRepository } from '../ports/route-repository.port';

/** The route, or `route_not_found`. */
export function findRoute(routes: RouteRepository, routeId: string): ResultAsync<Route, DomainError> {
  return routes
    .findById(routeId)
    .andThen((route) => (route ? okAsync(route) : errAsync(errors.routeNotFound(routeId))));
}

/** These routes by id, each read once; a route that does not exist is left out. */
export function routesById(
  routes: RouteRepository,
  routeIds: Iterable<string>,
): ResultAsync<Map<string, Route>, PersistenceError> {
  return ResultAsync.combine([...new Set(routeIds)].map((id) => routes.findById(id))).map(
    (found) => new Map(found.flatMap((route) => (route ? [[route.id, route] as const] : []))),
  );
}
