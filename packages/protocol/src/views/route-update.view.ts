import { ROUTE_STATUSES } from '@booking/core';
import { z } from 'zod';
import type { SeatUpdate } from './seat-update.view';

const count = z.number().int().nonnegative();

/** What a departure is now: the seat map tells it, and each `route_update` replaces it. */
const departureFields = {
  status: z.enum(ROUTE_STATUSES).meta({ description: 'cancelled is for good; scheduled may still move.' }),
  departureAt: z.string().meta({ description: 'When the bus leaves its first stop (ISO-8601).' }),
  stopTimes: z.array(z.string()).optional().meta({
    description:
      'When the bus leaves each stop, one ISO-8601 time per stop, the first equal to departureAt; absent when only the departure is known.',
  }),
  reason: z.string().optional().meta({ description: "The admin's reason, when the departure is cancelled." }),
};

export const departureSchema = z.object(departureFields).meta({ id: 'Departure' });

/**
 * A departure cancelled or moved, as a route room receives it: the whole departure as it is now,
 * numbered in the route's one sequence with its `seat_update`s.
 */
export const routeUpdateSchema = z
  .object({
    routeId: z.string(),
    eventType: z.literal('route_update').meta({
      description:
        'Always route_update: with it a client tells this event from a seat_update by one field, as in the log.',
    }),
    ...departureFields,
    sequence: count.meta({
      description: "The next number of the route's sequence, shared with seat_update.",
    }),
    timestamp: z.string().meta({ description: 'When the change was committed (ISO-8601).' }),
  })
  .meta({ id: 'RouteUpdate' });

export type DepartureView = z.output<typeof departureSchema>;
export type RouteUpdate = z.output<typeof routeUpdateSchema>;
/** Everything a route room hears, in one gap-free sequence: `eventType` tells the two apart. */
export type RouteRoomEvent = SeatUpdate | RouteUpdate;
