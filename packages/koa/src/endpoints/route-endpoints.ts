import type { BookingServices } from '@booking/core';
import { routeJson } from '../presenters';
import {
  newRouteSchema,
  routeListSchema,
  routeParamsSchema,
  routeSchema,
  routeSearchSchema,
  seatMapQuerySchema,
  seatMapSchema,
} from '../schemas/route.schemas';
import { defineEndpoint, json, type Endpoint } from './endpoint';

export function routeEndpoints(services: BookingServices): Endpoint[] {
  return [
    defineEndpoint({
      method: 'POST',
      path: '/routes',
      operationId: 'createRoute',
      summary: 'Create a route (one scheduled departure).',
      access: ['admin'],
      body: newRouteSchema,
      success: { status: 201, description: 'The new route.', schema: routeSchema },
      errors: ['validation_failed', 'persistence_unavailable'],
      handle: ({ actor, body }) =>
        services.routes.create(actor, body).map((route) => json(201, routeJson(route))),
    }),
    defineEndpoint({
      method: 'GET',
      path: '/routes',
      operationId: 'listRoutes',
      summary: 'Find routes by the cities they serve (in order) and the day they depart (UTC).',
      access: 'public',
      query: routeSearchSchema,
      success: { status: 200, description: 'Matching routes, by departure time.', schema: routeListSchema },
      errors: ['persistence_unavailable'],
      handle: ({ query }) =>
        services.routes.list(query).map((routes) => json(200, { routes: routes.map(routeJson) })),
    }),
    defineEndpoint({
      method: 'GET',
      path: '/routes/:routeId',
      operationId: 'getRoute',
      summary: 'One route.',
      access: 'public',
      params: routeParamsSchema,
      success: { status: 200, description: 'The route.', schema: routeSchema },
      errors: ['route_not_found', 'persistence_unavailable'],
      handle: ({ params }) => services.routes.get(params.routeId).map((route) => json(200, routeJson(route))),
    }),
    defineEndpoint({
      method: 'GET',
      path: '/routes/:routeId/seats',
      operationId: 'getSeatMap',
      summary: 'Each seat on a segment (default: the whole route), as of the route event `sequence`.',
      access: 'public',
      params: routeParamsSchema,
      query: seatMapQuerySchema,
      success: { status: 200, description: 'The seat map.', schema: seatMapSchema },
      errors: ['route_not_found', 'invalid_segment', 'persistence_unavailable'],
      handle: ({ params, query }) =>
        services.routes
          .seatMap(params.routeId, query.fromCity, query.toCity, { gender: query.gender })
          .map((map) => json(200, map)),
    }),
  ];
}
