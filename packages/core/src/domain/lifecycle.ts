import { err, ok, type Result } from 'neverthrow';
import { errors, type ErrorOf } from './errors';
import { seatEventDraft, type SeatEventDraft, type SeatEventType, type SeatFreedReason } from './seat-event';
import type { Ticket, TicketStatus } from './ticket';
import type { Instant } from './time';

export const TICKET_ACTIONS = ['confirm', 'suspend', 'cancel', 'expire', 'pay', 'no_show'] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/** The contract's life cycle: which action moves which status where, and the events it emits. */
const RULES: Record<
  TicketAction,
  { from: readonly TicketStatus[]; to: TicketStatus; events: SeatEventType[]; refusal?: string }
> = {
  confirm: { from: ['reserved', 'suspended'], to: 'confirmed', events: ['seat_confirmed'] },
  suspend: { from: ['reserved', 'confirmed'], to: 'suspended', events: ['seat_suspended'] },
  cancel: {
    from: ['reserved', 'confirmed', 'suspended'],
    to: 'cancelled',
    events: ['seat_cancelled', 'seat_available'],
  },
  expire: { from: ['reserved'], to: 'expired', events: ['seat_available'] },
  // A successful payment: the same step as a confirmation, open to the reservation only.
  pay: { from: ['reserved'], to: 'confirmed', events: ['seat_confirmed'], refusal: 'cannot be paid for' },
  // The bus left the ticket's first stop without its paid passenger: the seat is free from there on.
  no_show: {
    from: ['confirmed'],
    to: 'no_show',
    events: ['seat_available'],
    refusal: 'cannot be marked a no-show',
  },
};

/** The `seat_available` reason an action gives (a cancellation gives none: `seat_cancelled` says it). */
const FREED_BECAUSE: Partial<Record<TicketAction, SeatFreedReason>> = {
  expire: 'hold_expired',
  no_show: 'no_show',
};

/** A ticket after one action: the next ticket, its seat events, and what it moved from (for a stale write). */
export interface Transitioned {
  /** The ticket as it was read, before the action. */
  before: Ticket;
  ticket: Ticket;
  events: SeatEventDraft[];
  from: TicketStatus;
  action: TicketAction;
}

export function canTransition(status: TicketStatus, action: TicketAction): boolean {
  return RULES[action].from.includes(status);
}

/** Applies an action to a ticket: the next ticket (version + 1) and its seat events, or a refusal. */
export function transition(
  ticket: Ticket,
  action: TicketAction,
  now: Instant,
): Result<Transitioned, ErrorOf<'invalid_transition'>> {
  const rule = RULES[action];
  if (!rule.from.includes(ticket.status)) {
    const why = rule.refusal && `A ${ticket.status} ticket ${rule.refusal}.`;
    return err(errors.invalidTransition(ticket.status, action, why));
  }
  const next: Ticket = {
    ...ticket,
    status: rule.to,
    holdExpiresAt: null,
    updatedAt: now,
    version: ticket.version + 1,
  };
  const reason = FREED_BECAUSE[action];
  return ok({
    before: ticket,
    ticket: next,
    events: rule.events.map((type) => seatEventDraft(next, type, reason)),
    from: ticket.status,
    action,
  });
}
