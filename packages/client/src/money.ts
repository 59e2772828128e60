import type {
  CancelledTicketJson,
  SalesReportJson,
  SalesReportQuery,
  TicketPaymentsJson,
} from '@booking/protocol';
import { clockedCall, type TokenSource } from './rest';
import type { ServerClock } from './server-clock';

/** The money after the sale: what a ticket paid and got back, cancelling with a refund, sales. */
export interface MoneyApi {
  /** `GET /tickets/:id/payments`: its charge (its share of a group's) and refunds (owner, agent, admin). */
  ticketPayments(ticketId: string): Promise<TicketPaymentsJson>;
  /**
   * `POST /tickets/:id/cancel`: the cancelled ticket, with `refund: { amount, fee, currency }` when it
   * had been paid for. `waiveFee` refunds in full (agent, admin; a customer: `forbidden`).
   */
  cancelTicket(ticketId: string, options?: { waiveFee?: boolean }): Promise<CancelledTicketJson>;
  /** `GET /reports/sales`: charges, refunds, fees and net per route and day (agent, admin). */
  salesReport(query?: SalesReportQuery): Promise<SalesReportJson>;
}

/** The money calls of a client of `baseUrl`; each answer's `Date` sets `clock`. */
export function moneyApi(baseUrl: string, token: TokenSource | undefined, clock: ServerClock): MoneyApi {
  const call = clockedCall(baseUrl, token, clock);
  const ticketPath = (ticketId: string) => `/tickets/${encodeURIComponent(ticketId)}`;
  return {
    ticketPayments: (ticketId) => call('GET', `${ticketPath(ticketId)}/payments`),
    cancelTicket: (ticketId, options = {}) =>
      call('POST', `${ticketPath(ticketId)}/cancel`, options.waiveFee ? { waiveFee: true } : undefined),
    salesReport: (query = {}) => {
      const search = new URLSearchParams(
        Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
      ).toString();
      return call('GET', `/reports/sales${search ? `?${search}` : ''}`);
    },
  };
}
