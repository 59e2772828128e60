import {
  DECK_COUNTS,
  GENDERS,
  MAX_CANCEL_REASON_LENGTH,
  MAX_SEATS,
  MAX_STATIONS,
  ROUTE_STATUSES,
  SEAT_LAYOUTS,
} from '@booking/core';
import { z } from 'zod';
import { citySchema, idSchema, instantSchema, priceSchema, singleLineText } from './common.schemas';

export const newRouteSchema = z.strictObject({
  fromCity: citySchema,
  toCity: citySchema,
  stations: z
    .array(citySchema)
    .max(MAX_STATIONS)
    .optional()
    .meta({ description: 'The stops between, in order.' }),
  departureAt: instantSchema,
  seatCount: z.number().int().min(1).max(MAX_SEATS),
  price: priceSchema,
  layout: z.enum(SEAT_LAYOUTS).optional().meta({ description: 'Default "2+2".' }),
  decks: z
    .union(DECK_COUNTS.map((n) => z.literal(n)))
    .optional()
    .meta({ description: 'Default 1; with 2, seats 1..ceil(seatCount/2) are on the lower deck.' }),
  segmentPrices: z
    .array(z.strictObject({ fromCity: citySchema, toCity: citySchema, price: priceSchema }))
    .max(100)
    .optional()
    .meta({ description: 'Prices for exact segments that differ from the route price.' }),
  stopTimes: z
    .array(instantSchema)
    .min(2)
    .max(MAX_STATIONS + 2)
    .optional()
    .meta({
      description:
        'When the bus leaves each stop: one time per stop, none before the one of the stop before it, the first equal to departureAt. Sales, holds, payments and customer cancels of a segment close at the time of its first stop.',
    }),
});

export const routeSearchSchema = z.strictObject({
  from: citySchema.optional(),
  to: citySchema.optional(),
  date: z.iso.date({ error: 'must be a day written YYYY-MM-DD' }).optional(),
});

export const routeParamsSchema = z.strictObject({ routeId: idSchema });

/** Why the departure is cancelled: told to every passenger's seat map and kept in the route. */
export const cancelRouteSchema = z.strictObject({
  reason: singleLineText(MAX_CANCEL_REASON_LENGTH).meta({
    description: `Why, on one line (1 to ${MAX_CANCEL_REASON_LENGTH} characters); passengers see it.`,
  }),
});

/** A departure's new times: at least one of the two. */
export const moveRouteSchema = z
  .strictObject({
    departureAt: instantSchema.optional().meta({
      description:
        'The new departure, in the future. Alone, on a route with stop times, it shifts every stop time by the same amount.',
    }),
    stopTimes: z
      .array(instantSchema)
      .min(2)
      .max(MAX_STATIONS + 2)
      .optional()
      .meta({
        description:
          'One time per stop, none before the one of the stop before it; the first is the departure (equal to departureAt when both are given).',
      }),
  })
  .refine((move) => move.departureAt !== undefined || move.stopTimes !== undefined, {
    message: 'give departureAt, stopTimes or both',
  });

export const seatMapQuerySchema = z.strictObject({
  fromCity: citySchema.optional(),
  toCity: citySchema.optional(),
  gender: z.enum(GENDERS).optional().meta({
    description: 'Mark the free seats that the enabled seat rules refuse a passenger of this gender.',
  }),
});

export const routeSchema = z
  .object({
    id: idSchema,
    fromCity: z.string(),
    toCity: z.string(),
    stops: z.array(z.string()),
    departureAt: z.string(),
    seatCount: z.number().int(),
    price: z.number(),
    layout: z.enum(SEAT_LAYOUTS),
    decks: z.number().int(),
    segmentPrices: z
      .array(z.object({ fromCity: z.string(), toCity: z.string(), price: z.number() }))
      .optional()
      .meta({ description: 'Only present when the route has segment prices.' }),
    status: z.enum(ROUTE_STATUSES).meta({
      description: 'scheduled (it may still move), or cancelled: for good, nothing more is sold.',
    }),
    cancelReason: z
      .string()
      .nullable()
      .meta({ description: "The admin's reason once cancelled; null while scheduled." }),
    stopTimes: z.array(z.string()).nullable().meta({
      description:
        'When the bus leaves each stop (ISO-8601), one per stop, the first equal to departureAt; null when only the departure is known.',
    }),
    scheduledDepartureAt: z.string().meta({
      description: 'The departure first announced: departureAt differs from it once the departure moved.',
    }),
    updatedAt: z.string().meta({ description: 'When the route last changed (ISO-8601).' }),
  })
  .meta({ id: 'Route' });

export const routeListSchema = z.object({ routes: z.array(routeSchema) });

/** A route as the REST API answers it. */
export type RouteJson = z.output<typeof routeSchema>;
/** What `PATCH /routes/:id` takes. */
export type RouteMove = z.input<typeof moveRouteSchema>;
