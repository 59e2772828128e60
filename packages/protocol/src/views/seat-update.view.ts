import { GENDERS, SEAT_EVENT_TYPES, SEAT_FREED_REASONS } from '@booking/core';
import { z } from 'zod';

const count = z.number().int().nonnegative();

/** A committed seat change as a route room receives it: no PNR and no passenger data. */
export const seatUpdateSchema = z
  .object({
    routeId: z.string(),
    seatNumber: count,
    eventType: z.enum(SEAT_EVENT_TYPES),
    ticketId: z
      .string()
      .meta({ description: "The ticket's id; on seat_held and seat_released, the hold's." }),
    sequence: count.meta({ description: '1, 2, 3, ... per route, in commit order, without gaps.' }),
    timestamp: z.string().meta({ description: 'When the change was committed (ISO-8601).' }),
    fromStopIndex: count,
    toStopIndex: count,
    metadata: z.object({
      fromCity: z.string(),
      toCity: z.string(),
      price: z.number(),
      gender: z.enum(GENDERS).optional().meta({
        description: "The passenger's; absent on seat_held and seat_released (nobody is named yet).",
      }),
      reason: z.enum(SEAT_FREED_REASONS).optional().meta({
        description:
          'Why a seat came free other than by a cancellation: hold_expired, released by its holder, seat_changed (its ticket moved to another seat), or no_show (its passenger did not board before the bus left their stop).',
      }),
    }),
  })
  .meta({ id: 'SeatUpdate' });

export type SeatUpdate = z.output<typeof seatUpdateSchema>;
