import { MAX_EMAIL_LENGTH, MAX_NAME_LENGTH, MAX_PHONE_LENGTH, MAX_REASON_LENGTH } from '@booking/core';
import { z } from 'zod';
import { ticketSchema } from '../views/ticket.view';
import { citySchema, idSchema, singleLineText } from './common.schemas';
import { cardSchema, paymentSchema } from './payment.schemas';
import { refundSchema, seatNumberSchema } from './ticket.schemas';

/** `POST /tickets/:id/change-seat`: another seat of the same bus, on the ticket's own segment. */
export const changeSeatBodySchema = z.strictObject({ seatNumber: seatNumberSchema });

/** `POST /tickets/:id/exchange`: a seat on another departure, or on another segment of its own. */
export const exchangeBodySchema = z.strictObject({
  routeId: idSchema,
  seatNumber: seatNumberSchema,
  fromCity: citySchema.optional().meta({ description: "Default: the ticket's own boarding city." }),
  toCity: citySchema.optional().meta({ description: "Default: the ticket's own destination." }),
  card: cardSchema.optional().meta({
    description:
      'Pays the difference when a paid ticket moves to a dearer trip (without it: 402 payment_required). Never stored or logged; only its last four digits are kept.',
  }),
});

/** `PATCH /tickets/:id` (agents, admins): the passenger's name and contact, each checked as at booking. */
export const correctTicketBodySchema = z
  .strictObject({
    passengerName: singleLineText(MAX_NAME_LENGTH).optional(),
    phone: singleLineText(MAX_PHONE_LENGTH)
      .regex(/^\+?[0-9][0-9 ().-]{2,30}$/, 'must be a phone number (digits, spaces, + ( ) . -)')
      .nullable()
      .optional()
      .meta({ description: 'null removes it.' }),
    email: singleLineText(MAX_EMAIL_LENGTH)
      .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an e-mail address')
      .nullable()
      .optional()
      .meta({ description: 'null removes it.' }),
    reason: singleLineText(MAX_REASON_LENGTH).optional().meta({ description: 'Why, for the audit trail.' }),
  })
  .refine(
    (body) => body.passengerName !== undefined || body.phone !== undefined || body.email !== undefined,
    'give passengerName, phone or email to correct',
  );

/** What an exchange did: the new ticket, the old one (cancelled), and the money. */
export const exchangeResultSchema = z
  .object({
    ticket: ticketSchema.meta({
      description: 'The new ticket: a new id, the same PNR, passenger and status.',
    }),
    previous: ticketSchema.meta({ description: 'The old ticket, cancelled without a fee.' }),
    priceDifference: z.number().meta({
      description: 'The new price less the old: positive for a dearer trip, negative for a cheaper one.',
    }),
    refund: refundSchema
      .optional()
      .meta({ description: 'For a cheaper trip of a paid ticket: the difference, given back to the card.' }),
    payment: paymentSchema.optional().meta({
      description: 'For a dearer trip of a paid or counter-sold ticket: the difference, charged to `card`.',
    }),
  })
  .meta({ id: 'Exchange' });

export type ExchangeResultJson = z.output<typeof exchangeResultSchema>;
/** What a client sends to exchange a ticket (the card's expiry as numbers or digits). */
export type ExchangeTicketBody = z.input<typeof exchangeBodySchema>;
/** What staff send to correct a ticket. */
export type TicketCorrectionBody = z.input<typeof correctTicketBodySchema>;
