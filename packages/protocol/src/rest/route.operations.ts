import { defineOperation } from './operation';
import { historySchema } from './history.schemas';
import {
  cancelRouteSchema,
  moveRouteSchema,
  newRouteSchema,
  routeListSchema,
  routeParamsSchema,
  routeSchema,
  routeSearchSchema,
  seatMapQuerySchema,
} from './route.schemas';
import { seatMapSchema } from '../views/seat-map.view';

export const routeOperations = {
  createRoute: defineOperation({
    method: 'POST',
    path: '/routes',
    operationId: 'createRoute',
    summary: 'Create a route (one scheduled departure).',
    access: ['admin'],
    body: newRouteSchema,
    success: { status: 201, description: 'The new route.', schema: routeSchema },
    errors: ['validation_failed', 'persistence_unavailable'],
  }),
  listRoutes: defineOperation({
    method: 'GET',
    path: '/routes',
    operationId: 'listRoutes',
    summary: 'Find routes by the cities they serve (in order) and the day they depart (UTC).',
    access: 'public',
    query: routeSearchSchema,
    success: { status: 200, description: 'Matching routes, by departure time.', schema: routeListSchema },
    errors: ['persistence_unavailable'],
  }),
  getRoute: defineOperation({
    method: 'GET',
    path: '/routes/:routeId',
    operationId: 'getRoute',
    summary: 'One route.',
    access: 'public',
    params: routeParamsSchema,
    success: { status: 200, description: 'The route.', schema: routeSchema },
    errors: ['route_not_found', 'persistence_unavailable'],
  }),
  getSeatMap: defineOperation({
    method: 'GET',
    path: '/routes/:routeId/seats',
    operationId: 'getSeatMap',
    summary: 'Each seat on a segment (default: the whole route), as of the route event `sequence`.',
    access: 'public',
    params: routeParamsSchema,
    query: seatMapQuerySchema,
    success: { status: 200, description: 'The seat map.', schema: seatMapSchema },
    errors: ['route_not_found', 'invalid_segment', 'persistence_unavailable'],
  }),
  cancelRoute: defineOperation({
    method: 'POST',
    path: '/routes/:routeId/cancel',
    operationId: 'cancelRoute',
    summary:
      'Cancel a departure for good: every ticket cancelled and refunded in full (no fee), every seat hold released, route_update to its room.',
    access: ['admin'],
    params: routeParamsSchema,
    body: cancelRouteSchema,
    success: { status: 200, description: 'The route, cancelled.', schema: routeSchema },
    errors: [
      'route_not_found',
      'route_cancelled',
      'route_departed',
      // Its tickets kept changing under it (payments, the expiry sweep) through every try.
      'invalid_transition',
      'persistence_unavailable',
    ],
  }),
  moveRoute: defineOperation({
    method: 'PATCH',
    path: '/routes/:routeId',
    operationId: 'moveRoute',
    summary:
      'Move a departure (its departure time, its stop times): route_update to its room; holds, reservations and sales follow the new time.',
    access: ['admin'],
    params: routeParamsSchema,
    body: moveRouteSchema,
    success: { status: 200, description: 'The route at its new times.', schema: routeSchema },
    errors: ['route_not_found', 'route_cancelled', 'route_departed', 'persistence_unavailable'],
  }),
  getRouteHistory: defineOperation({
    method: 'GET',
    path: '/routes/:routeId/history',
    operationId: 'getRouteHistory',
    summary: "A route's audit trail: who cancelled or moved it, when and why, oldest first.",
    access: ['admin'],
    params: routeParamsSchema,
    success: { status: 200, description: "The route's changes.", schema: historySchema },
    errors: ['route_not_found', 'persistence_unavailable'],
  }),
};
