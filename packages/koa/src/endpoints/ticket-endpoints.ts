import type { BookingServices, Ticket } from '@booking/core';

import { z } from 'zod';
import type { RestMetrics } from '../http/metrics';
import { groupBookingJson, ticketJson } from '../presenters';
import {
  createTicketBodySchema,
  groupBookingSchema,
  ticketListQuerySchema,
  ticketPageSchema,
  ticketParamsSchema,
  ticketSchema,
} from '../schemas/ticket.schemas';
import { defineEndpoint, json, type Endpoint, type Reply } from './endpoint';

export function ticketEndpoints(services: BookingServices, metrics: RestMetrics): Endpoint[] {
  const { tickets } = services;
  const answer = (ticket: Ticket): Reply => json(200, ticketJson(ticket));
  return [
    defineEndpoint({
      method: 'POST',
      path: '/tickets',
      operationId: 'createTicket',
      summary:
        'Book a seat on a segment (or, with `passengers`, several under one PNR: all or none): a customer gets a reserved hold that waits for payment; an agent or admin sells a confirmed ticket at once.',
      access: 'signed_in',
      body: createTicketBodySchema,
      idempotent: true,
      success: {
        status: 201,
        description: 'The new ticket; for a group, `{ pnrNumber, tickets }`.',
        schema: z.union([ticketSchema, groupBookingSchema]),
      },
      errors: [
        'route_not_found',
        'seat_unavailable',
        'idempotency_conflict',
        'invalid_segment',
        'seat_out_of_range',
        'route_departed',
        'seat_rule_violation',
        'hold_limit_reached',
        'persistence_unavailable',
      ],
      handle: ({ actor, body, idempotency }) =>
        'passengers' in body
          ? tickets.reserveGroup(actor, body, idempotency).map((group) => {
              for (const ticket of group.tickets) metrics.bookings.inc({ status: ticket.status });
              return json(201, groupBookingJson(group));
            })
          : tickets.reserve(actor, body, idempotency).map((ticket) => {
              metrics.bookings.inc({ status: ticket.status });
              return json(201, ticketJson(ticket));
            }),
    }),
    defineEndpoint({
      method: 'GET',
      path: '/tickets',
      operationId: 'listTickets',
      summary: 'Tickets, oldest first: a customer sees their own, an agent or admin all.',
      access: 'signed_in',
      query: ticketListQuerySchema,
      success: { status: 200, description: 'One page of tickets.', schema: ticketPageSchema },
      errors: ['persistence_unavailable'],
      handle: ({ actor, query }) =>
        tickets.list(actor, query).map((page) =>
          json(200, {
            tickets: page.tickets.map(ticketJson),
            ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
          }),
        ),
    }),
    defineEndpoint({
      method: 'GET',
      path: '/tickets/:id',
      operationId: 'getTicket',
      summary: "One ticket (a customer's own only: another's answers ticket_not_found).",
      access: 'signed_in',
      params: ticketParamsSchema,
      success: { status: 200, description: 'The ticket.', schema: ticketSchema },
      errors: ['ticket_not_found', 'persistence_unavailable'],
      handle: ({ actor, params }) => tickets.get(actor, params.id).map(answer),
    }),
    defineEndpoint({
      method: 'POST',
      path: '/tickets/:id/confirm',
      operationId: 'confirmTicket',
      summary: 'Confirm a reserved or suspended ticket (agent, admin).',
      access: ['agent', 'admin'],
      params: ticketParamsSchema,
      success: { status: 200, description: 'The confirmed ticket.', schema: ticketSchema },
      errors: [
        'ticket_not_found',
        'invalid_transition',
        'hold_expired',
        'route_departed',
        'persistence_unavailable',
      ],
      handle: ({ actor, params }) => tickets.confirm(actor, params.id).map(answer),
    }),
    defineEndpoint({
      method: 'POST',
      path: '/tickets/:id/suspend',
      operationId: 'suspendTicket',
      summary: 'Suspend a reserved or confirmed ticket (agent, admin): the seat stays held.',
      access: ['agent', 'admin'],
      params: ticketParamsSchema,
      success: { status: 200, description: 'The suspended ticket.', schema: ticketSchema },
      errors: ['ticket_not_found', 'invalid_transition', 'route_departed', 'persistence_unavailable'],
      handle: ({ actor, params }) => tickets.suspend(actor, params.id).map(answer),
    }),
    defineEndpoint({
      method: 'POST',
      path: '/tickets/:id/cancel',
      operationId: 'cancelTicket',
      summary:
        'Cancel a ticket (its owner, agent, admin): the seat becomes available. Once the bus has left only an agent or admin may.',
      access: 'signed_in',
      params: ticketParamsSchema,
      success: { status: 200, description: 'The cancelled ticket.', schema: ticketSchema },
      errors: ['ticket_not_found', 'invalid_transition', 'route_departed', 'persistence_unavailable'],
      handle: ({ actor, params }) => tickets.cancel(actor, params.id).map(answer),
    }),
  ];
}
