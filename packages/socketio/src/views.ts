import {
  toTicketView,
  type SeatEvent,
  type SeatMap,
  type SeatMapEntry,
  type SeatPosition,
} from '@booking/core';
import type { SeatAvailability, SeatUpdate } from './protocol';

/**
 * Copies exactly the contract's `seat_update` fields, so a log adapter that returns richer rows can
 * never leak anything else (a PNR, a name) into a route room.
 */
export function toSeatUpdate(event: SeatEvent): SeatUpdate {
  const { fromCity, toCity, price, gender, reason } = event.metadata;
  return {
    routeId: event.routeId,
    seatNumber: event.seatNumber,
    eventType: event.eventType,
    ticketId: event.ticketId,
    sequence: event.sequence,
    timestamp: event.timestamp,
    fromStopIndex: event.fromStopIndex,
    toStopIndex: event.toStopIndex,
    metadata: { fromCity, toCity, price, ...(gender ? { gender } : {}), ...(reason ? { reason } : {}) },
  };
}

/** The contract's ticket fields, for the owner's `ticket_update`. */
export { toTicketView };

const isPlaced = (seat: SeatMapEntry): seat is SeatMapEntry & SeatPosition =>
  seat.deck !== undefined && seat.row !== undefined && seat.column !== undefined;

/**
 * The seat map as `seat_availability` carries it. The core places every seat it maps (deck, row,
 * column) though its type leaves them optional; a seat without a place would be a bug.
 */
export function toSeatAvailability(map: SeatMap): SeatAvailability {
  if (!map.seats.every(isPlaced)) throw new Error(`the seat map of route ${map.routeId} has unplaced seats`);
  return { ...map, seats: map.seats };
}
