/**
 * The Socket.IO protocol of the `/seats` namespace, as types only (no runtime import), so the
 * server and `@booking/client` share one definition.
 */
import type { SeatEvent, SeatMap, Ticket } from '@booking/core';

export const SEATS_NAMESPACE = '/seats';
export const routeRoom = (routeId: string) => `route:${routeId}`;

/** The contract's `seat_update` payload: a committed seat event (no PNR, no passenger data). */
export type SeatUpdate = SeatEvent;

export interface ProtocolError {
  code: string;
  message: string;
}

export type Ack<T extends object> = (
  answer: ({ ok: true } & T) | { ok: false; error: ProtocolError },
) => void;

export interface SubscribeRoute {
  routeId: string;
  sinceSequence?: number;
}
export interface Subscribed {
  routeId: string;
  message: string;
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
}
export type SeatAvailability = SeatMap;

export interface ClientToServerEvents {
  subscribe_route: (message: SubscribeRoute, ack?: Ack<Subscribed>) => void;
  unsubscribe_route: (message: UnsubscribeRoute, ack?: Ack<Unsubscribed>) => void;
  get_seat_availability: (message: GetSeatAvailability, ack?: Ack<SeatAvailability>) => void;
}

export interface ServerToClientEvents {
  seat_update: (update: SeatUpdate) => void;
  subscribed: (answer: Subscribed) => void;
  unsubscribed: (answer: Unsubscribed) => void;
  seat_availability: (answer: SeatAvailability) => void;
  resync_required: (answer: { routeId: string }) => void;
  ticket_update: (answer: { ticket: Ticket }) => void;
  error: (error: ProtocolError) => void;
}
