import { HOLD_STATUSES } from '@booking/core';
import { z } from 'zod';
import { idSchema } from '../rest/common.schemas';

/**
 * A seat hold as it leaves the server: the seats held for a few minutes before passenger names are
 * typed. No owner and no version.
 */
export const holdSchema = z
  .object({
    id: idSchema,
    routeId: idSchema,
    seatNumbers: z.array(z.number().int()).meta({ description: 'Ascending.' }),
    fromStopIndex: z.number().int(),
    toStopIndex: z.number().int(),
    status: z.enum(HOLD_STATUSES).meta({
      description:
        'active while the seats are held; released by its holder, expired when its time ran out, converted into tickets.',
    }),
    expiresAt: z.string().meta({ description: 'When an active hold lets its seats go (ISO-8601).' }),
  })
  .meta({ id: 'Hold' });

export type HoldJson = z.output<typeof holdSchema>;
