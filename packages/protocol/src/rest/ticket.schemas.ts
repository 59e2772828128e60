import {
  GENDERS,
  MAX_NAME_LENGTH,
  MAX_PHONE_LENGTH,
  MAX_EMAIL_LENGTH,
  MAX_SEATS,
  MAX_TICKET_PAGE,
  TICKET_STATUSES,
} from '@booking/core';
import { z } from 'zod';
import { ticketSchema } from '../views/ticket.view';
import { citySchema, idSchema, singleLineText, wholeNumberQuery } from './common.schemas';

export const seatNumberSchema = z
  .number()
  .int()
  .min(1)
  .max(MAX_SEATS)
  .meta({ description: `1 to ${MAX_SEATS}; a seat beyond this bus's seatCount is 422 seat_out_of_range.` });

const passengerFields = {
  seatNumber: seatNumberSchema,
  passengerName: singleLineText(MAX_NAME_LENGTH),
  gender: z.enum(GENDERS),
  phone: singleLineText(MAX_PHONE_LENGTH)
    .regex(/^\+?[0-9][0-9 ().-]{2,30}$/, 'must be a phone number (digits, spaces, + ( ) . -)')
    .optional(),
  email: singleLineText(MAX_EMAIL_LENGTH)
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an e-mail address')
    .optional()
    .meta({ description: "Where the passenger's e-mails go; never shown in a ticket." }),
};

export const segmentFields = {
  routeId: idSchema,
  fromCity: citySchema.optional().meta({ description: 'Default: the first stop.' }),
  toCity: citySchema.optional().meta({ description: 'Default: the last stop.' }),
};

export const newTicketSchema = z.strictObject({
  routeId: segmentFields.routeId,
  seatNumber: passengerFields.seatNumber,
  fromCity: segmentFields.fromCity,
  toCity: segmentFields.toCity,
  passengerName: passengerFields.passengerName,
  gender: passengerFields.gender,
  phone: passengerFields.phone,
  email: passengerFields.email,
});

/** The most passengers the schema lets through; the core refuses more than its configured maximum (default 6). */
export const MAX_PASSENGERS_IN_SCHEMA = MAX_SEATS;

export const newGroupBookingSchema = z.strictObject({
  ...segmentFields,
  passengers: z.array(z.strictObject(passengerFields)).min(1).max(MAX_PASSENGERS_IN_SCHEMA).meta({
    description:
      'Every seat under one PNR, or none. At most the configured maximum (default 6); more is 400 validation_failed.',
  }),
});

/** The passengers of a seat hold (`POST /holds`): one for each held seat, on the hold's segment. */
export const holdBookingSchema = z.strictObject({
  holdId: idSchema,
  passengers: z.array(z.strictObject(passengerFields)).min(1).max(MAX_PASSENGERS_IN_SCHEMA).meta({
    description:
      "Exactly the hold's seats, one passenger each (other seats: 422 hold_mismatch). The hold is used up.",
  }),
});

/**
 * `POST /tickets` books one seat, a group when the body has `passengers` and a `routeId`, or the
 * seats of a hold when it has `holdId`.
 */
export const createTicketBodySchema = z.union([newTicketSchema, newGroupBookingSchema, holdBookingSchema]);

export const ticketParamsSchema = z.strictObject({ id: idSchema });

export const ticketListQuerySchema = z.strictObject({
  status: z.enum(TICKET_STATUSES).optional(),
  routeId: idSchema.optional(),
  pnr: z
    .string()
    .regex(/^[A-Za-z0-9]{1,20}$/, 'must be a PNR (letters and digits)')
    .transform((pnr) => pnr.toUpperCase())
    .optional(),
  limit: wholeNumberQuery(1, MAX_TICKET_PAGE)
    .optional()
    .meta({ description: `Default 100, at most ${MAX_TICKET_PAGE}.` }),
  cursor: idSchema.optional().meta({ description: 'The nextCursor of the previous page.' }),
});

/** Endpoints that take no body accept none, or an empty object. */
export const emptyBodySchema = z.strictObject({});

export const groupBookingSchema = z
  .object({ pnrNumber: z.string(), tickets: z.array(ticketSchema) })
  .meta({ id: 'GroupBooking' });

export const ticketPageSchema = z.object({
  tickets: z.array(ticketSchema),
  nextCursor: idSchema.optional(),
});

/** `POST /tickets/:id/cancel` takes no body, `{}`, or this. */
export const cancelTicketBodySchema = z.strictObject({
  waiveFee: z.boolean().optional().meta({
    description:
      'Refund in full, keeping no cancellation fee (agent, admin; a customer: 403 forbidden). Default false.',
  }),
});

/** What a cancellation gave back of a paid ticket; `amount + fee` is what was left of its payment. */
export const refundSchema = z
  .object({
    amount: z.number().meta({ description: 'Given back to the card.' }),
    fee: z.number().meta({ description: 'Kept by the cancellation policy.' }),
    currency: z.string(),
  })
  .meta({ id: 'Refund' });

export const cancelledTicketSchema = ticketSchema
  .extend({
    refund: refundSchema
      .optional()
      .meta({ description: 'Only when the ticket had been paid for (a reservation cancels without one).' }),
  })
  .meta({ id: 'CancelledTicket' });

export type RefundJson = z.output<typeof refundSchema>;
export type CancelledTicketJson = z.output<typeof cancelledTicketSchema>;
