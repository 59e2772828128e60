import type {
  BoardBatchBody,
  BoardBatchResultJson,
  BoardedJson,
  ETicketJson,
  JwksJson,
} from '@booking/protocol';
import { clockedCall, type TokenSource } from './rest';
import type { ServerClock } from './server-clock';

/** E-tickets and boarding, through the REST API. */
export interface BoardingApi {
  /** `GET /tickets/:id/eticket`: a confirmed ticket's signed `code` and its QR code as SVG (owner, agents, admins). */
  eticket(ticketId: string): Promise<ETicketJson>;
  /** `GET /.well-known/jwks.json`: the public keys that check codes offline, each with its `kid`. */
  jwks(): Promise<JwksJson>;
  /**
   * `POST /boarding`: boards the passenger of a scanned code (drivers, agents, admins). Once per ticket:
   * a second scan is `already_boarded` (409, `details.boardedAt` the first time).
   */
  board(code: string): Promise<BoardedJson>;
  /** `POST /boarding/batch`: what an offline scanner kept, one result per scan in order; the earliest scan wins. */
  boardBatch(scans: BoardBatchBody['scans']): Promise<BoardBatchResultJson>;
}

/** The boarding calls of a client of `baseUrl`; each answer's `Date` sets `clock`. */
export function boardingApi(
  baseUrl: string,
  token: TokenSource | undefined,
  clock: ServerClock,
): BoardingApi {
  const call = clockedCall(baseUrl, token, clock);
  return {
    eticket: (ticketId) => call('GET', `/tickets/${encodeURIComponent(ticketId)}/eticket`),
    jwks: () => call('GET', '/.well-known/jwks.json'),
    board: (code) => call('POST', '/boarding', { code }),
    boardBatch: (scans) => call('POST', '/boarding/batch', { scans }),
  };
}
