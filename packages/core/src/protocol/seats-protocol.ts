/**
 * The contract's Socket.IO protocol of the `/seats` namespace, as types (and room-name helpers).
 * It lives in the core, which has no runtime dependency beyond neverthrow, so the server adapter
 * and `@booking/client` share one definition without the client pulling in a server.
 */
import type { SeatEvent } from '../domain/seat-event';
import type { SeatMap } from '../domain/seat-map';
import type { Gender, TicketView } from '../domain/ticket';

export const SEATS_NAMESPACE = '/seats';
export const routeRoom = (routeId: string) => `route:${routeId}`;
/** Every authenticated socket of one user joins this room: `ticket_update` goes there only. */
export const userRoom = (userId: string) => `user:${userId}`;

/** The contract's `seat_update` payload: a committed seat event (no PNR, no passenger data). */
export type SeatUpdate = SeatEvent;

/** Every `code` the server may put in an `error` event or a failed acknowledgement. */
export type SocketErrorCode =
  | 'validation_failed'
  | 'route_not_found'
  | 'rate_limited'
  | 'too_many_subscriptions'
  | 'cancelled'
  | 'unauthorized'
  | 'forbidden'
  | 'ticket_not_found'
  | 'seat_unavailable'
  | 'invalid_transition'
  | 'hold_expired'
  | 'idempotency_conflict'
  | 'payment_declined'
  | 'payment_in_progress'
  | 'invalid_segment'
  | 'seat_out_of_range'
  | 'route_departed'
  | 'seat_rule_violation'
  | 'hold_limit_reached'
  | 'service_unavailable'
  | 'internal_error';

export interface ProtocolError {
  /** A `SocketErrorCode` from the server (clients may add their own codes for local failures). */
  code: string;
  message: string;
}

/** An error as the server sends it. */
export interface ServerError extends ProtocolError {
  code: SocketErrorCode;
}

/** What an acknowledgement callback receives. */
export type AckAnswer<T extends object> = ({ ok: true } & T) | { ok: false; error: ProtocolError };
export type Ack<T extends object> = (answer: AckAnswer<T>) => void;

export interface SubscribeRoute {
  routeId: string;
  /** The last sequence the client applied: the server first sends every later `seat_update`. */
  sinceSequence?: number;
}
export interface Subscribed {
  routeId: string;
  message: string;
  /** The client is up to date to this sequence: every later event of the route follows, in order. */
  sequence: number;
}
export interface UnsubscribeRoute {
  routeId: string;
}
export interface Unsubscribed {
  routeId: string;
  message: string;
}
export interface GetSeatAvailability {
  routeId: string;
  fromCity?: string;
  toCity?: string;
  /** Mark the free seats that the enabled seat rules refuse a passenger of this gender (`blocked`). */
  gender?: Gender;
}
export type SeatAvailability = SeatMap;
/** The missed events are no longer kept: reload the seat map (its `sequence` tells where live events resume). */
export interface ResyncRequired {
  routeId: string;
}
export interface TicketUpdate {
  ticket: TicketView;
}
/** A fresh token for the socket: it acts as the token's user until the token's `exp`. */
export interface RenewToken {
  token: string;
}
export interface TokenRenewed {
  message: string;
  /** When the socket's identity ends unless renewed again (ISO-8601); absent if the token has no `exp`. */
  expiresAt?: string;
}
/** The socket's token expired: `ticket_update` stops until `renew_token` (or a reconnect with a fresh token). */
export interface TokenExpired {
  message: string;
}

export interface ClientToServerEvents {
  subscribe_route: (message: SubscribeRoute, ack?: Ack<Subscribed>) => void;
  unsubscribe_route: (message: UnsubscribeRoute, ack?: Ack<Unsubscribed>) => void;
  get_seat_availability: (message: GetSeatAvailability, ack?: Ack<SeatAvailability>) => void;
  renew_token: (message: RenewToken, ack?: Ack<TokenRenewed>) => void;
}

export interface ServerToClientEvents {
  seat_update: (update: SeatUpdate) => void;
  subscribed: (answer: Subscribed) => void;
  unsubscribed: (answer: Unsubscribed) => void;
  seat_availability: (answer: SeatAvailability) => void;
  resync_required: (answer: ResyncRequired) => void;
  ticket_update: (answer: TicketUpdate) => void;
  token_renewed: (answer: TokenRenewed) => void;
  token_expired: (notice: TokenExpired) => void;
  error: (error: ProtocolError) => void;
}
