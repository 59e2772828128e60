import { ticketSchema } from '../views/ticket.view';
import { historySchema } from './history.schemas';
import { defineOperation } from './operation';
import {
  changeSeatBodySchema,
  correctTicketBodySchema,
  exchangeBodySchema,
  exchangeResultSchema,
} from './ticket-change.schemas';
import { ticketParamsSchema } from './ticket.schemas';

/** Changes of a sold ticket, and its audit trail. */
export const ticketChangeOperations = {
  changeSeat: defineOperation({
    method: 'POST',
    path: '/tickets/:id/change-seat',
    operationId: 'changeSeat',
    summary:
      "Move a ticket to another seat of its segment (its owner before departure, agent, admin): the same ticket, PNR and status; the room hears seat_available (reason seat_changed) for the old seat, then the new seat's event.",
    access: 'signed_in',
    params: ticketParamsSchema,
    body: changeSeatBodySchema,
    success: { status: 200, description: 'The ticket on its new seat.', schema: ticketSchema },
    errors: [
      'ticket_not_found',
      'seat_unavailable',
      'seat_out_of_range',
      'seat_rule_violation',
      'invalid_transition',
      'hold_expired',
      'route_departed',
      'route_cancelled',
      'persistence_unavailable',
    ],
  }),
  exchangeTicket: defineOperation({
    method: 'POST',
    path: '/tickets/:id/exchange',
    operationId: 'exchangeTicket',
    summary:
      "Exchange a ticket for a seat on another departure, or another segment (its owner before departure, agent, admin): a new ticket under the same PNR and the old one cancelled without a fee, together or not at all. A paid ticket pays a dearer trip's difference with `card` and gets a cheaper one's back.",
    access: 'signed_in',
    params: ticketParamsSchema,
    body: exchangeBodySchema,
    idempotent: true,
    success: {
      status: 201,
      description: 'The new ticket, the old one, and the money.',
      schema: exchangeResultSchema,
    },
    errors: [
      'ticket_not_found',
      'route_not_found',
      'invalid_segment',
      'seat_unavailable',
      'seat_out_of_range',
      'seat_rule_violation',
      'hold_limit_reached',
      'invalid_transition',
      'hold_expired',
      'route_departed',
      'route_cancelled',
      'payment_required',
      'payment_declined',
      'payment_in_progress',
      'payment_gateway_unavailable',
      'idempotency_conflict',
      'persistence_unavailable',
    ],
  }),
  correctTicket: defineOperation({
    method: 'PATCH',
    path: '/tickets/:id',
    operationId: 'correctTicket',
    summary:
      "Correct the passenger's name, phone or e-mail (agent, admin), checked as at booking; the change and its reason go into the audit trail, and the owner hears ticket_update.",
    access: ['agent', 'admin'],
    params: ticketParamsSchema,
    body: correctTicketBodySchema,
    success: { status: 200, description: 'The corrected ticket.', schema: ticketSchema },
    errors: ['ticket_not_found', 'invalid_transition', 'persistence_unavailable'],
  }),
  getTicketHistory: defineOperation({
    method: 'GET',
    path: '/tickets/:id/history',
    operationId: 'getTicketHistory',
    summary:
      "A ticket's audit trail (admin): who booked, paid, moved, exchanged, corrected or cancelled it, when and why, oldest first.",
    access: ['admin'],
    params: ticketParamsSchema,
    success: { status: 200, description: "The ticket's changes.", schema: historySchema },
    errors: ['ticket_not_found', 'persistence_unavailable'],
  }),
};
