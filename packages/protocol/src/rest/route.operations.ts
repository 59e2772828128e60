import { defineOperation } from './operation';
import {
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
};
