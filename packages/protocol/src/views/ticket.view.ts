import { GENDERS, TICKET_STATUSES } from '@booking/core';
import { z } from 'zod';
import { idSchema } from '../rest/common.schemas';

/**
 * A ticket as it leaves the server: REST answers, `ticket_update` and the bus between processes
 * all carry these fields and no others (no owner, phone or version).
 */
export const ticketSchema = z
  .object({
    id: idSchema,
    pnrNumber: z.string(),
    routeId: idSchema,
    seatNumber: z.number().int(),
    fromCity: z.string(),
    toCity: z.string(),
    fromStopIndex: z.number().int(),
    toStopIndex: z.number().int(),
    passengerName: z.string(),
    gender: z.enum(GENDERS),
    price: z.number(),
    status: z.enum(TICKET_STATUSES),
    holdExpiresAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Ticket' });

export type TicketView = z.output<typeof ticketSchema>;
