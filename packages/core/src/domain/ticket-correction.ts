import type { Ticket } from './ticket';
import type { Instant } from './time';

/**
 * What staff may correct on a ticket: the passenger's name and contact details (already checked like
 * at booking). `null` removes a phone or an e-mail; a field left out stays as it is.
 */
export interface TicketCorrection {
  passengerName?: string;
  phone?: string | null;
  email?: string | null;
}

/**
 * The ticket as corrected, or undefined when the correction changes nothing (so nothing is written).
 * Only these fields change: the seat, the trip, the status and the gender stay (the seat rules judged
 * the passenger by it).
 */
export function correctTicket(
  ticket: Ticket,
  correction: TicketCorrection,
  now: Instant,
): Ticket | undefined {
  const next: Ticket = {
    ...ticket,
    ...(correction.passengerName === undefined ? {} : { passengerName: correction.passengerName }),
    ...(correction.phone === undefined ? {} : { phone: correction.phone }),
    ...(correction.email === undefined ? {} : { email: correction.email }),
  };
  const changed =
    next.passengerName !== ticket.passengerName || next.phone !== ticket.phone || next.email !== ticket.email;
  return changed ? { ...next, updatedAt: now, version: ticket.version + 1 } : undefined;
}
