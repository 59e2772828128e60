import {
  DECK_COUNTS,
  MAX_DEPARTURE_TIMES,
  MAX_SCHEDULE_DAYS,
  MAX_STATIONS,
  MAX_STOP_OFFSET_MINUTES,
  SEAT_LAYOUTS,
} from '@booking/core';
import { z } from 'zod';
import { idSchema } from './common.schemas';
import { newRouteSchema } from './route.schemas';

const day = z.iso.date({ error: 'must be a day written YYYY-MM-DD' });

/** What `POST /schedules` takes: the route's fields without its times, and when it runs. */
export const newScheduleSchema = z.strictObject({
  ...newRouteSchema.omit({ departureAt: true, stopTimes: true }).shape,
  stopOffsetsMinutes: z
    .array(z.number().int().min(0).max(MAX_STOP_OFFSET_MINUTES))
    .min(2)
    .max(MAX_STATIONS + 2)
    .optional()
    .meta({
      description:
        'Minutes from the departure to the departure of each stop: one per stop, the first 0, not decreasing (elapsed time, whatever the clocks do on the way). Without it the routes have no stop times.',
    }),
  departureTimes: z
    .array(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time HH:MM' }))
    .min(1)
    .max(MAX_DEPARTURE_TIMES)
    .meta({ description: 'Local times of day in timeZone, HH:MM.' }),
  daysOfWeek: z
    .array(z.number().int().min(1).max(7))
    .min(1)
    .max(7)
    .meta({ description: 'ISO weekdays: 1 = Monday … 7 = Sunday.' }),
  startDate: day.meta({ description: 'The first day, YYYY-MM-DD (local).' }),
  endDate: day.meta({
    description: `The last day, included; at most ${MAX_SCHEDULE_DAYS} days from startDate.`,
  }),
  timeZone: z.string().min(1).max(100).meta({ description: 'An IANA time zone, e.g. Europe/Istanbul.' }),
});

export const scheduleParamsSchema = z.strictObject({ scheduleId: idSchema });

export const scheduleSchema = z
  .object({
    id: idSchema,
    fromCity: z.string(),
    toCity: z.string(),
    stations: z.array(z.string()),
    stopOffsetsMinutes: z.array(z.number().int()).nullable(),
    departureTimes: z.array(z.string()).meta({ description: 'Sorted, without repeats.' }),
    daysOfWeek: z.array(z.number().int()).meta({ description: 'Sorted, without repeats.' }),
    startDate: z.string(),
    endDate: z.string(),
    timeZone: z.string(),
    seatCount: z.number().int(),
    layout: z.enum(SEAT_LAYOUTS),
    decks: z.union(DECK_COUNTS.map((n) => z.literal(n))),
    price: z.number(),
    segmentPrices: z.array(z.object({ fromCity: z.string(), toCity: z.string(), price: z.number() })),
    createdAt: z.string(),
    routeIds: z.array(idSchema).meta({ description: 'The routes it made and still has, by departure.' }),
  })
  .meta({ id: 'Schedule' });

export const scheduleCreatedSchema = scheduleSchema
  .extend({
    created: z.boolean().meta({ description: 'false when the same definition was posted before.' }),
    alreadyScheduled: z.array(idSchema).meta({
      description:
        'Routes of the same line at one of its times, made by another schedule before: left to it.',
    }),
  })
  .meta({ id: 'ScheduleCreated' });

export const scheduleListSchema = z.object({ schedules: z.array(scheduleSchema) });

export const scheduleRemovalSchema = z
  .object({
    scheduleId: idSchema,
    removed: z
      .array(idSchema)
      .meta({ description: 'Future routes with no ticket and no active hold: deleted.' }),
    kept: z.array(idSchema).meta({ description: 'Departed, sold or held routes: kept.' }),
  })
  .meta({ id: 'ScheduleRemoval' });

/** What `POST /schedules` takes. */
export type NewScheduleJson = z.input<typeof newScheduleSchema>;
export type ScheduleJson = z.output<typeof scheduleSchema>;
export type ScheduleCreatedJson = z.output<typeof scheduleCreatedSchema>;
export type ScheduleRemovalJson = z.output<typeof scheduleRemovalSchema>;
