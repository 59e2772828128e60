import { z } from 'zod';
import { ticketSchema } from '../views/ticket.view';
import { defineOperation } from './operation';
import {
  createTicketBodySchema,
  groupBookingSchema,
  ticketListQuerySchema,
  ticketPageSchema,
  ticketParamsSchema,
} from './ticket.schemas';

export const ticketOperations = {
  createTicket: defineOperation({
    method: 'POST',
    path: '/tickets',
    operationId: 'createTicket',
    summary:
      'Book a seat on a segment (or, with `passengers`, several under one PNR: all or none; or, with `holdId`, the seats of a seat hold): a customer gets a reserved hold that waits for payment; an agent or admin sells a confirmed ticket at once.',
    access: 'signed_in',
    body: createTicketBodySchema,
    idempotent: true,
    success: {
      status: 201,
      description: 'The new ticket; for a group or a hold, `{ pnrNumber, tickets }`.',
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
      'hold_not_found',
      'hold_mismatch',
      'hold_expired',
      'persistence_unavailable',
    ],
  }),
  listTickets: defineOperation({
    method: 'GET',
    path: '/tickets',
    operationId: 'listTickets',
    summary: 'Tickets, oldest first: a customer sees their own, an agent or admin all.',
    access: 'signed_in',
    query: ticketListQuerySchema,
    success: { status: 200, description: 'One page of tickets.', schema: ticketPageSchema },
    errors: ['persistence_unavailable'],
  }),
  getTicket: defineOperation({
    method: 'GET',
    path: '/tickets/:id',
    operationId: 'getTicket',
    summary: "One ticket (a customer's own only: another's answers ticket_not_found).",
    access: 'signed_in',
    params: ticketParamsSchema,
    success: { status: 200, description: 'The ticket.', schema: ticketSchema },
    errors: ['ticket_not_found', 'persistence_unavailable'],
  }),
  confirmTicket: defineOperation({
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
  }),
  suspendTicket: defineOperation({
    method: 'POST',
    path: '/tickets/:id/suspend',
    operationId: 'suspendTicket',
    summary: 'Suspend a reserved or confirmed ticket (agent, admin): the seat stays held.',
    access: ['agent', 'admin'],
    params: ticketParamsSchema,
    success: { status: 200, description: 'The suspended ticket.', schema: ticketSchema },
    errors: ['ticket_not_found', 'invalid_transition', 'route_departed', 'persistence_unavailable'],
  }),
  cancelTicket: defineOperation({
    method: 'POST',
    path: '/tickets/:id/cancel',
    operationId: 'cancelTicket',
    summary:
      'Cancel a ticket (its owner, agent, admin): the seat becomes available. Once the bus has left only an agent or admin may.',
    access: 'signed_in',
    params: ticketParamsSchema,
    success: { status: 200, description: 'The cancelled ticket.', schema: ticketSchema },
    errors: ['ticket_not_found', 'invalid_transition', 'route_departed', 'persistence_unavailable'],
  }),
};
