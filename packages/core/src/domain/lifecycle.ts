import { err, ok, type Result } from 'neverthrow';
import { errors, type ErrorOf } from './errors';
import { seatEventDraft, type SeatEventDraft, type SeatEventType } from './seat-event';
import type { Ticket, TicketStatus } from './ticket';
import type { Instant } from './time';

export const TICKET_ACTIONS = ['confirm', 'suspend', 'cancel', 'expire'] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/** The contract's life cycle: which action moves which status where, and the events it emits. */
const RULES: Record<
  TicketAction,
  { from: readonly TicketStatus[]; to: TicketStatus; events: SeatEventType[] }
> = {
  confirm: { from: ['reserved', 'suspended'], to: 'confirmed', events: ['seat_confirmed'] },
  suspend: { from: ['reserved', 'confirmed'], to: 'suspended', events: ['seat_suspended'] },
  cancel: {
    from: ['reserved', 'confirmed', 'suspended'],
    to: 'cancelled',
    events: ['seat_cancelled', 'seat_available'],
  },
  expire: { from: ['reserved'], to: 'expired', events: ['seat_available'] },
};

export interface Transitioned {
  ticket: Ticket;
  events: SeatEventDraft[];
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
  if (!rule.from.includes(ticket.status)) return err(errors.invalidTransition(ticket.status, action));
  const next: Ticket = {
    ...ticket,
    status: rule.to,
    holdExpiresAt: null,
    updatedAt: now,
    version: ticket.version + 1,
  };
  const reason = action === 'expire' ? 'hold_expired' : undefined;
  return ok({ ticket: next, events: rule.events.map((type) => seatEventDraft(next, type, reason)) });
}
