import { defineOperation } from './operation';
import { paymentReceiptSchema, paymentRequestSchema } from './payment.schemas';

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
};
