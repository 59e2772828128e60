import { GENDERS, SEAT_EVENT_TYPES } from '@booking/core';
import { z } from 'zod';

const count = z.number().int().nonnegative();

/** A committed seat change as a route room receives it: no PNR and no passenger data. */
export const seatUpdateSchema = z
  .object({
    routeId: z.string(),
    seatNumber: count,
    eventType: z.enum(SEAT_EVENT_TYPES),
    ticketId: z.string(),
    sequence: count.meta({ description: '1, 2, 3, ... per route, in commit order, without gaps.' }),
    timestamp: z.string().meta({ description: 'When the change was committed (ISO-8601).' }),
    fromStopIndex: count,
    toStopIndex: count,
    metadata: z.object({
      fromCity: z.string(),
      toCity: z.string(),
      price: z.number(),
      gender: z.enum(GENDERS),
      reason: z.literal('hold_expired').optional(),
    }),
  })
  .meta({ id: 'SeatUpdate' });

export type SeatUpdate = z.output<typeof seatUpdateSchema>;
