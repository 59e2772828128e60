import { departStopParamsSchema, manifestSchema, stopDepartedSchema } from './manifest.schemas';
import { defineOperation } from './operation';
import { routeParamsSchema } from './route.schemas';

/** On the day: a departure's passenger list, and the bus leaving its stops. */
export const manifestOperations = {
  getManifest: defineOperation({
    method: 'GET',
    path: '/routes/:routeId/manifest',
    operationId: 'getManifest',
    summary:
      "A departure's passengers (driver, agent, admin): paid tickets and no-shows by boarding stop and seat, with boarding times. `Accept: text/csv` answers the same as CSV.",
    access: ['driver', 'agent', 'admin'],
    params: routeParamsSchema,
    success: {
      status: 200,
      description:
        'The manifest. As CSV: a header row (seatNumber, passengerName, fromCity, toCity, status, boardedAt), one row per passenger.',
      schema: manifestSchema,
      alternatives: ['text/csv'],
    },
    errors: ['route_not_found', 'persistence_unavailable'],
  }),
  departStop: defineOperation({
    method: 'POST',
    path: '/routes/:routeId/stops/:stopIndex/depart',
    operationId: 'departStop',
    summary:
      'The bus leaves a stop (driver, agent, admin): confirmed tickets starting there that did not board become `no_show` and their seats come free for the rest of the route (`seat_available`, reason `no_show`). Leaving a stop again changes nothing and answers the first departure (`alreadyDeparted: true`). A stop whose time is more than 12 hours from now is refused (400).',
    access: ['driver', 'agent', 'admin'],
    params: departStopParamsSchema,
    success: { status: 200, description: 'What the departure did.', schema: stopDepartedSchema },
    errors: ['route_not_found', 'route_cancelled', 'persistence_unavailable'],
  }),
};
