import type { BookingServices, ExchangeResult } from '@booking/core';
import { ticketChangeOperations, type ExchangeResultJson } from '@booking/protocol';
import { ticketJson } from '../presenters';
import { defineEndpoint, json, type Endpoint } from './endpoint';

/** A change of seat, an exchange, a correction and a ticket's audit trail. */
export function ticketChangeEndpoints(services: BookingServices): Endpoint[] {
  const changes = services.ticketChanges;
  return [
    defineEndpoint(ticketChangeOperations.changeSeat, ({ actor, params, body }) =>
      changes.changeSeat(actor, params.id, body.seatNumber).map((ticket) => json(200, ticketJson(ticket))),
    ),
    defineEndpoint(ticketChangeOperations.exchangeTicket, ({ actor, params, body, idempotency }) =>
      changes.exchange(actor, params.id, body, idempotency).map((result) => json(201, exchangeJson(result))),
    ),
    defineEndpoint(ticketChangeOperations.correctTicket, ({ actor, params, body }) =>
      changes.correct(actor, params.id, body).map((ticket) => json(200, ticketJson(ticket))),
    ),
    defineEndpoint(ticketChangeOperations.getTicketHistory, ({ actor, params }) =>
      changes.history(actor, params.id).map((entries) => json(200, { entries })),
    ),
  ];
}

/** The contract's fields only: tickets as views, the money as the wire shows it. */
function exchangeJson(result: ExchangeResult): ExchangeResultJson {
  const { refund, payment } = result;
  return {
    ticket: ticketJson(result.ticket),
    previous: ticketJson(result.previous),
    priceDifference: result.priceDifference,
    ...(refund ? { refund: { amount: refund.amount, fee: refund.fee, currency: refund.currency } } : {}),
    ...(payment
      ? {
          payment: {
            id: payment.id,
            ticketId: payment.ticketId,
            amount: payment.amount,
            currency: payment.currency,
            status: payment.status,
            last4: payment.last4,
          },
        }
      : {}),
  };
}
