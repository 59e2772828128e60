import type { Gender, Ticket } from './ticket';
import type { Instant } from './time';

export const SEAT_EVENT_TYPES = [
  'seat_reserved',
  'seat_confirmed',
  'seat_suspended',
  'seat_cancelled',
  'seat_available',
] as const;
export type SeatEventType = (typeof SEAT_EVENT_TYPES)[number];

export interface SeatEventMetadata {
  fromCity: string;
  toCity: string;
  price: number;
  gender: Gender;
  reason?: 'hold_expired';
}

/** A seat change before it is committed: the log gives it its sequence and commit time. */
export interface SeatEventDraft {
  routeId: string;
  seatNumber: number;
  eventType: SeatEventType;
  ticketId: string;
  fromStopIndex: number;
  toStopIndex: number;
  metadata: SeatEventMetadata;
}

/** A committed seat change: exactly the contract's `seat_update` payload (no PNR, no names). */
export interface SeatEvent extends SeatEventDraft {
  /** 1, 2, 3, ... per route, in commit order, without gaps. */
  sequence: number;
  /** When the change was committed. */
  timestamp: Instant;
}

export function seatEventDraft(
  ticket: Ticket,
  eventType: SeatEventType,
  reason?: SeatEventMetadata['reason'],
): SeatEventDraft {
  return {
    routeId: ticket.routeId,
    seatNumber: ticket.seatNumber,
    eventType,
    ticketId: ticket.id,
    fromStopIndex: ticket.fromStopIndex,
    toStopIndex: ticket.toStopIndex,
    metadata: {
      fromCity: ticket.fromCity,
      toCity: ticket.toCity,
      price: ticket.price,
      gender: ticket.gender,
      ...(reason ? { reason } : {}),
    },
  };
}
