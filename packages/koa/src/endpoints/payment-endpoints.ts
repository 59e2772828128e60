import type { BookingServices } from '@booking/core';
import type { RestMetrics } from '../http/metrics';
import { receiptJson } from '../presenters';
import { paymentReceiptSchema, paymentRequestSchema } from '../schemas/payment.schemas';
import { defineEndpoint, json, type Endpoint } from './endpoint';

export function paymentEndpoints(services: BookingServices, metrics: RestMetrics): Endpoint[] {
  return [
    defineEndpoint({
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
      handle: ({ actor, body, idempotency }) =>
        ('pnrNumber' in body
          ? services.payments.payBooking(actor, body, idempotency)
          : services.payments.pay(actor, body, idempotency)
        )
          .map((receipt) => {
            metrics.payments.inc({ outcome: 'succeeded' });
            return json(201, receiptJson(receipt));
          })
          .mapErr((error) => {
            metrics.payments.inc({ outcome: error.kind });
            return error;
          }),
    }),
  ];
}
