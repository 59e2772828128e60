import {
  ENTRY_STATUSES,
  expiryMonthOf,
  expiryYearOf,
  MAX_NAME_LENGTH,
  PAYMENT_ENTRY_KINDS,
} from '@booking/core';
import { z } from 'zod';
import { idSchema, instantSchema, singleLineText } from './common.schemas';
import { ticketSchema } from '../views/ticket.view';

/** Card forms send the expiry as numbers or digit strings: the core's reading decides, as a number. */
function expiryField(read: (value: number | string) => number | undefined, rule: string, example: number) {
  return z
    .union([z.number(), z.string()])
    .transform((value, ctx) => {
      const number = read(value);
      if (number === undefined) ctx.addIssue({ code: 'custom', message: `must be ${rule}` });
      return number ?? z.NEVER;
    })
    .meta({ description: `${rule[0]?.toUpperCase()}${rule.slice(1)}.`, examples: [example] });
}

/** Card fields are checked for shape only; their values never appear in errors or logs. */
const cardFields = {
  cardNumber: z
    .string()
    .regex(/^(?:\d[ -]?){11,18}\d$/, 'must be 12 to 19 digits (spaces or dashes allowed between)'),
  cardHolderName: singleLineText(MAX_NAME_LENGTH),
  expireMonth: expiryField(expiryMonthOf, 'a month 1 to 12, as a number or digits ("07")', 7),
  expireYear: expiryField(
    expiryYearOf,
    'a year of four digits, or two meaning 20YY, as a number or digits ("2030", "30")',
    2030,
  ),
  cvc: z.string().regex(/^\d{3,4}$/, 'must be 3 or 4 digits'),
};

/** A card, as a payment or an exchange to a dearer trip sends it (checked for shape only). */
export const cardSchema = z.strictObject(cardFields);

/** What one charge took: its attempt's id, the ticket it names, the amount and the card's last four digits. */
export const paymentSchema = z.object({
  id: idSchema,
  ticketId: idSchema,
  amount: z.number(),
  currency: z.string(),
  status: z.literal('succeeded'),
  last4: z.string(),
});

/** Pays a ticket, and with it every other reserved ticket of its PNR (a group pays once). */
export const ticketPaymentSchema = z.strictObject({ ticketId: idSchema, ...cardFields });

/** Pays every reserved ticket of a booking by its PNR. */
export const pnrPaymentSchema = z.strictObject({
  pnrNumber: z
    .string()
    .regex(/^[A-Za-z0-9]{1,20}$/, 'must be a PNR (letters and digits)')
    .transform((pnr) => pnr.toUpperCase()),
  ...cardFields,
});

export const paymentRequestSchema = z.union([ticketPaymentSchema, pnrPaymentSchema]);

export const paymentReceiptSchema = z
  .object({
    payment: paymentSchema,
    ticket: ticketSchema,
    tickets: z
      .array(ticketSchema)
      .optional()
      .meta({ description: 'Only when the payment confirmed several tickets of one PNR (a group).' }),
  })
  .meta({ id: 'PaymentReceipt' });

/** `GET /tickets/:id/payments`: the money of one ticket, from the ledger. */
export const ticketPaymentsSchema = z
  .object({
    ticketId: idSchema,
    currency: z.string(),
    paid: z.number().meta({
      description:
        "Succeeded charges (this ticket's share of a group payment), and money moved in from the ticket it was exchanged from.",
    }),
    refunded: z
      .number()
      .meta({ description: 'Given back to the card: refunds succeeded or on their way (pending).' }),
    moved: z
      .number()
      .meta({ description: 'Moved to the ticket this one was exchanged into (not given back).' }),
    entries: z
      .array(
        z.object({
          id: idSchema,
          kind: z.enum(PAYMENT_ENTRY_KINDS).meta({
            description:
              'moved_in and moved_out: money an exchange moved from the old ticket to the new one, which the card never saw.',
          }),
          amount: z.number().meta({ description: 'Always positive: what moved.' }),
          status: z.enum(ENTRY_STATUSES).meta({
            description:
              'A refund is pending until the payment provider has given the money back; failed when it refused.',
          }),
          createdAt: instantSchema,
          last4: z.string().optional().meta({ description: "The card's last four digits, when known." }),
          movedTo: idSchema.optional().meta({ description: 'On moved_out: the ticket the money went to.' }),
          movedFrom: idSchema
            .optional()
            .meta({ description: 'On moved_in: the ticket the money came from.' }),
        }),
      )
      .meta({ description: 'Oldest first.' }),
  })
  .meta({ id: 'TicketPayments' });

export type TicketPaymentsJson = z.output<typeof ticketPaymentsSchema>;
