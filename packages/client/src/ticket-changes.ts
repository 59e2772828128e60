import type {
  ExchangeResultJson,
  ExchangeTicketBody,
  HistoryJson,
  TicketCorrectionBody,
  TicketView,
} from '@booking/protocol';
import { clockedCall, type TokenSource } from './rest';
import type { ServerClock } from './server-clock';

/** Changes of a sold ticket, through the REST API. */
export interface TicketChangeApi {
  /**
   * `POST /tickets/:id/change-seat`: the same ticket (id, PNR, status) on another seat of its
   * segment (its owner before departure, agents, admins). A taken seat: `seat_unavailable`.
   */
  changeSeat(ticketId: string, seatNumber: number): Promise<TicketView>;
  /**
   * `POST /tickets/:id/exchange`: a new ticket on another departure (or segment) under the same
   * PNR, and the old one cancelled without a fee. A paid ticket moving to a dearer trip sends `card`
   * (without it: `payment_required`, 402); a cheaper one gets `refund`.
   */
  exchangeTicket(ticketId: string, exchange: ExchangeTicketBody): Promise<ExchangeResultJson>;
  /** `PATCH /tickets/:id`: the passenger's name, phone or e-mail corrected (agents, admins). */
  correctTicket(ticketId: string, correction: TicketCorrectionBody): Promise<TicketView>;
  /** `GET /tickets/:id/history`: the ticket's audit trail, oldest first (admins). */
  ticketHistory(ticketId: string): Promise<HistoryJson>;
}

/** The ticket change calls of a client of `baseUrl`; each answer's `Date` sets `clock`. */
export function ticketChangeApi(
  baseUrl: string,
  token: TokenSource | undefined,
  clock: ServerClock,
): TicketChangeApi {
  const call = clockedCall(baseUrl, token, clock);
  const ticketPath = (ticketId: string) => `/tickets/${encodeURIComponent(ticketId)}`;
  return {
    changeSeat: (ticketId, seatNumber) => call('POST', `${ticketPath(ticketId)}/change-seat`, { seatNumber }),
    exchangeTicket: (ticketId, exchange) => call('POST', `${ticketPath(ticketId)}/exchange`, exchange),
    correctTicket: (ticketId, correction) => call('PATCH', ticketPath(ticketId), correction),
    ticketHistory: (ticketId) => call('GET', `${ticketPath(ticketId)}/history`),
  };
}
