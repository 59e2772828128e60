import type { Gender, Ticket } from './ticket';
import type { Instant } from './time';

export const SEAT_EVENT_TYPES = [
  'seat_reserved',
  'seat_confirmed',
  'seat_suspended',
  'seat_cancelled',
  'seat_available',
  'seat_held',
  'seat_released',
] as const;
export type SeatEventType = (typeof SEAT_EVENT_TYPES)[number];

/**
 * Why a seat came free other than by a cancellation: a reservation or a seat hold ran out, its
 * holder let it go, its ticket moved to another seat (`seat_changed`), or its passenger did not board
 * before the bus left their stop (`no_show`: the seat is free for the rest of the route).
 */
export const SEAT_FREED_REASONS = ['hold_expired', 'released', 'seat_changed', 'no_show'] as const;
export type SeatFreedReason = (typeof SEAT_FREED_REASONS)[number];

export interface SeatEventMetadata {
  fromCity: string;
  toCity: string;
  price: number;
  /** The passenger's; absent on seat-hold events (`seat_held`, `seat_released`): nobody is named yet. */
  gender?: Gender;
  reason?: SeatFreedReason;
}

/** A seat change before it is committed: the log gives it its sequence and commit time. */
export interface SeatEventDraft {
  routeId: string;
  seatNumber: number;
  eventType: SeatEventType;
  /** The ticket's id; on seat-hold events, the hold's. */
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
