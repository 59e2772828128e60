import { hasWholeCents, isSingleLineText, MAX_CITY_LENGTH, SINGLE_LINE_TEXT_RULE } from '@booking/core';
import { z } from 'zod';

/**
 * Ids are UUIDs (any version): anything else is a 400 before the core is asked. Any letter case
 * means the same id, so they are lowered here, once, and the core only ever sees one form.
 */
export const idSchema = z.guid({ error: 'must be a UUID' }).toLowerCase();

/**
 * One line of text a person types (a name, a city, a phone), for bodies and queries alike: no
 * control characters and no lone surrogates (the core's rule), then trimmed, 1 to `maxLength` long.
 */
export const singleLineText = (maxLength: number) =>
  z
    .string()
    .refine(isSingleLineText, SINGLE_LINE_TEXT_RULE)
    .trim()
    .min(1, 'must not be empty')
    .max(maxLength, `has at most ${maxLength} characters`);

export const citySchema = singleLineText(MAX_CITY_LENGTH);

/** A positive amount with at most two decimals, as the core stores prices. */
export const priceSchema = z
  .number()
  .positive()
  .max(1_000_000)
  .refine(hasWholeCents, 'has at most two decimals');

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
