import type { BookingServices, Ticket } from '@booking/core';
import { ticketOperations } from '@booking/protocol';
import type { RestMetrics } from '../http/metrics';
import { cancelledTicketJson, groupBookingJson, ticketJson } from '../presenters';
import { defineEndpoint, json, type Endpoint, type Reply } from './endpoint';

export function ticketEndpoints(services: BookingServices, metrics: RestMetrics): Endpoint[] {
  const { tickets } = services;
  const answer = (ticket: Ticket): Reply => json(200, ticketJson(ticket));
  return [
    defineEndpoint(ticketOperations.createTicket, ({ actor, body, idempotency }) => {
      if (!('passengers' in body)) {
        return tickets.reserve(actor, body, idempotency).map((ticket) => {
          metrics.bookings.inc({ status: ticket.status });
          return json(201, ticketJson(ticket));
        });
      }
      const booked =
        'holdId' in body
          ? tickets.bookHold(actor, body, idempotency)
          : tickets.reserveGroup(actor, body, idempotency);
      return booked.map((group) => {
        for (const ticket of group.tickets) metrics.bookings.inc({ status: ticket.status });
        return json(201, groupBookingJson(group));
      });
    }),
    defineEndpoint(ticketOperations.listTickets, ({ actor, query }) =>
      tickets.list(actor, query).map((page) =>
        json(200, {
          tickets: page.tickets.map(ticketJson),
          ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        }),
      ),
    ),
    defineEndpoint(ticketOperations.getTicket, ({ actor, params }) =>
      tickets.get(actor, params.id).map(answer),
    ),
    defineEndpoint(ticketOperations.confirmTicket, ({ actor, params }) =>
      tickets.confirm(actor, params.id).map(answer),
    ),
    defineEndpoint(ticketOperations.suspendTicket, ({ actor, params }) =>
      tickets.suspend(actor, params.id).map(answer),
    ),
    defineEndpoint(ticketOperations.cancelTicket, ({ actor, params, body }) =>
      tickets
        .cancel(actor, params.id, { waiveFee: body.waiveFee ?? false })
        .map((ticket) => json(200, cancelledTicketJson(ticket))),
    ),
  ];
}
