import type { BookingServices } from '@booking/core';
import { paymentOperations } from '@booking/protocol';
import type { RestMetrics } from '../http/metrics';
import { receiptJson } from '../presenters';
import { defineEndpoint, json, type Endpoint } from './endpoint';

export function paymentEndpoints(services: BookingServices, metrics: RestMetrics): Endpoint[] {
  return [
    defineEndpoint(paymentOperations.payForTicket, ({ actor, body, idempotency }) =>
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
    ),
    defineEndpoint(paymentOperations.getTicketPayments, ({ actor, params }) =>
      services.payments.ticketPayments(actor, params.id).map((payments) => json(200, payments)),
    ),
  ];
}
