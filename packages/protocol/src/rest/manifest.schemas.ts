import { TICKET_STATUSES } from '@booking/core';
import { z } from 'zod';
import { ticketSchema } from '../views/ticket.view';
import { idSchema, instantSchema, wholeNumberQuery } from './common.schemas';

/** The longest route has far fewer stops; a larger index is refused before any lookup. */
const MAX_STOP_INDEX = 999;

export const departStopParamsSchema = z.strictObject({
  routeId: idSchema,
  stopIndex: wholeNumberQuery(0, MAX_STOP_INDEX),
});

export const manifestPassengerSchema = z
  .object({
    ticketId: z.string(),
    seatNumber: z.number().int(),
    passengerName: z.string(),
    fromCity: z.string(),
    toCity: z.string(),
    fromStopIndex: z.number().int(),
    toStopIndex: z.number().int(),
    status: z.enum(TICKET_STATUSES).meta({ description: '`confirmed` (paid) or `no_show`.' }),
    boardedAt: instantSchema.nullable().meta({ description: 'When the passenger boarded, or null.' }),
  })
  .meta({ id: 'ManifestPassenger' });

export const manifestSchema = z
  .object({
    routeId: z.string(),
    stops: z.array(z.string()),
    passengers: z.array(manifestPassengerSchema).meta({ description: 'By boarding stop, then seat.' }),
  })
  .meta({ id: 'Manifest' });

export const stopDepartedSchema = z
  .object({
    routeId: z.string(),
    stopIndex: z.number().int(),
    city: z.string(),
    departedAt: instantSchema.meta({
      description: 'When the bus left the stop: now, or the first departure when `alreadyDeparted`.',
    }),
    alreadyDeparted: z.boolean().meta({ description: 'The stop had been left before: nothing changed.' }),
    noShows: z.array(ticketSchema).meta({ description: 'The tickets this call made `no_show`, by seat.' }),
  })
  .meta({ id: 'StopDeparted' });

export type ManifestJson = z.infer<typeof manifestSchema>;
export type StopDepartedJson = z.infer<typeof stopDepartedSchema>;
