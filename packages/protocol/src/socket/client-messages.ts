import { GENDERS, isSingleLineText, SINGLE_LINE_TEXT_RULE } from '@booking/core';
import { z } from 'zod';
import { MAX_TOKEN_LENGTH } from './names';

/**
 * Ids mean the same in any letter case; the server's are lower case (UUIDs from the IdGenerator),
 * so a route id is lowered here, once, and rooms, feeds and answers all use that one form.
 */
const routeId = z
  .string()
  .min(1)
  .max(200)
  .transform((id) => id.toLowerCase());
const city = z.string().min(1).max(200).refine(isSingleLineText, SINGLE_LINE_TEXT_RULE);

// Strict, as REST bodies are: a key the server does not know is a mistake worth hearing about.
export const subscribeRouteSchema = z.strictObject({
  routeId,
  sinceSequence: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().meta({
    description:
      'The last sequence the client applied: the server first sends every later seat_update and route_update.',
  }),
});

export const unsubscribeRouteSchema = z.strictObject({ routeId });

export const getSeatAvailabilitySchema = z.strictObject({
  routeId,
  fromCity: city.optional(),
  toCity: city.optional(),
  gender: z.enum(GENDERS).optional().meta({
    description:
      'Mark the free seats that the enabled seat rules refuse a passenger of this gender (blocked).',
  }),
});

export const renewTokenSchema = z.strictObject({ token: z.string().min(1).max(MAX_TOKEN_LENGTH) });

export type SubscribeRoute = z.input<typeof subscribeRouteSchema>;
export type UnsubscribeRoute = z.input<typeof unsubscribeRouteSchema>;
export type GetSeatAvailability = z.input<typeof getSeatAvailabilitySchema>;
/** A fresh token for the socket: it acts as the token's user until the token's `exp`. */
export type RenewToken = z.input<typeof renewTokenSchema>;
