import { defineOperation } from './operation';
import { paymentReceiptSchema, paymentRequestSchema, ticketPaymentsSchema } from './payment.schemas';
import { ticketParamsSchema } from './ticket.schemas';

export const paymentOperations = {
  payForTicket: defineOperation({
    method: 'POST',
    path: '/payments',
    operationId: 'payForTicket',
    summary:
      'Pay for a reserved ticket and confirm it, together with every other reserved ticket of its PNR (or pay by `pnrNumber`). A declined card leaves them reserved; an expired hold charges nothing.',
    access: 'signed_in',
    body: paymentRequestSchema,
    idempotent: true,
    success: {
      status: 201,
      description: 'The payment and the confirmed ticket.',
      schema: paymentReceiptSchema,
    },
    errors: [
      'ticket_not_found',
      'payment_declined',
      'payment_in_progress',
      'hold_expired',
      'route_departed',
      'invalid_transition',
      'idempotency_conflict',
      'payment_gateway_unavailable',
      'persistence_unavailable',
    ],
  }),
  getTicketPayments: defineOperation({
    method: 'GET',
    path: '/tickets/:id/payments',
    operationId: 'getTicketPayments',
    summary:
      "The money of one ticket: its charge (its share of a group's payment) and refunds, and what was paid and refunded (its owner, agent, admin; another customer's ticket answers ticket_not_found).",
    access: 'signed_in',
    params: ticketParamsSchema,
    success: { status: 200, description: "The ticket's payments.", schema: ticketPaymentsSchema },
    errors: ['ticket_not_found', 'persistence_unavailable'],
  }),
};
