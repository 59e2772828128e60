import type { BookingServices } from '@booking/core';
import { routeOperations } from '@booking/protocol';
import { routeJson } from '../presenters';
import { defineEndpoint, json, type Endpoint } from './endpoint';

export function routeEndpoints(services: BookingServices): Endpoint[] {
  return [
    defineEndpoint(routeOperations.createRoute, ({ actor, body }) =>
      services.routes.create(actor, body).map((route) => json(201, routeJson(route))),
    ),
    defineEndpoint(routeOperations.listRoutes, ({ query }) =>
      services.routes.list(query).map((routes) => json(200, { routes: routes.map(routeJson) })),
    ),
    defineEndpoint(routeOperations.getRoute, ({ params }) =>
      services.routes.get(params.routeId).map((route) => json(200, routeJson(route))),
    ),
    defineEndpoint(routeOperations.getSeatMap, ({ params, query }) =>
      services.routes
        .seatMap(params.routeId, query.fromCity, query.toCity, { gender: query.gender })
        .map((map) => json(200, map)),
    ),
    defineEndpoint(routeOperations.cancelRoute, ({ actor, params, body }) =>
      services.departures.cancel(actor, params.routeId, body).map((route) => json(200, routeJson(route))),
    ),
    defineEndpoint(routeOperations.moveRoute, ({ actor, params, body }) =>
      services.departures.move(actor, params.routeId, body).map((route) => json(200, routeJson(route))),
    ),
    defineEndpoint(routeOperations.getRouteHistory, ({ actor, params }) =>
      services.departures.history(actor, params.routeId).map((entries) => json(200, { entries })),
    ),
  ];
}
