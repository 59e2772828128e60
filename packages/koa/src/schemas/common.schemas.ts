import { MAX_CITY_LENGTH } from '@booking/core';
import { z } from 'zod';

/** Ids are UUIDs (any version): anything else is a 400 before the core is asked. */
export const idSchema = z.guid({ error: 'must be a UUID' });

export const citySchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_CITY_LENGTH, `has at most ${MAX_CITY_LENGTH} characters`);

/** A positive amount with at most two decimals, as the core stores prices. */
export const priceSchema = z
  .number()
  .positive()
  .max(1_000_000)
  .refine((n) => Math.round(n * 100) === n * 100, 'has at most two decimals');

export const instantSchema = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date and time' });

/** A query value that is a whole number, e.g. `?limit=20`. */
export const wholeNumberQuery = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,7}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'A snake_case code, stable for programs.' }),
      message: z.string().meta({ description: 'For people; may change.' }),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });
