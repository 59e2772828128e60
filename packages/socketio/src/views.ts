import { toTicketView, type SeatEvent } from '@booking/core';
import type { SeatUpdate } from './protocol';

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
    metadata: { fromCity, toCity, price, gender, ...(reason ? { reason } : {}) },
  };
}

/** The contract's ticket fields, for the owner's `ticket_update`. */
export { toTicketView };
