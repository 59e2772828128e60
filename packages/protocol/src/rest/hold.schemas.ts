import { GENDERS } from '@booking/core';
import { z } from 'zod';
import { idSchema } from './common.schemas';
import { MAX_PASSENGERS_IN_SCHEMA, seatNumberSchema, segmentFields } from './ticket.schemas';

const sizeRule = `At most the configured maximum group size (default 6); more is 400 validation_failed.`;

/** `POST /holds` with the seats themselves: all of them, or none (409 seat_unavailable). */
export const namedSeatsHoldSchema = z.strictObject({
  ...segmentFields,
  seatNumbers: z
    .array(seatNumberSchema)
    .min(1)
    .max(MAX_PASSENGERS_IN_SCHEMA)
    .refine((seats) => new Set(seats).size === seats.length, 'must not name a seat twice')
    .meta({ description: `The seats to hold, each once. ${sizeRule}` }),
});

/** Where the server should put the seats it chooses; none of these is required. */
export const seatPreferencesSchema = z.strictObject({
  together: z
    .boolean()
    .optional()
    .meta({ description: 'Side by side in one row, else in consecutive rows, else apart.' }),
  position: z.enum(['window', 'aisle']).optional(),
  deck: z
    .number()
    .int()
    .min(1)
    .max(2)
    .optional()
    .meta({ description: 'Only seats on this deck (1 is the lower or only one).' }),
  gender: z
    .enum(GENDERS)
    .optional()
    .meta({ description: 'Leaves out seats the seat rules would refuse this passenger.' }),
});

/** `POST /holds` with a count: the server chooses the seats (409 not_enough_seats if too few are free). */
export const chosenSeatsHoldSchema = z.strictObject({
  ...segmentFields,
  quantity: z
    .number()
    .int()
    .min(1)
    .max(MAX_PASSENGERS_IN_SCHEMA)
    .meta({ description: `How many seats the server chooses. ${sizeRule}` }),
  preferences: seatPreferencesSchema.optional(),
});

export const createHoldBodySchema = z.union([namedSeatsHoldSchema, chosenSeatsHoldSchema]);

export const holdParamsSchema = z.strictObject({ id: idSchema });
