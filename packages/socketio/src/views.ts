import {
  isRouteUpdate,
  toTicketView,
  type RouteEvent,
  type RouteUpdateEvent,
  type SeatEvent,
  type SeatMap,
  type SeatMapEntry,
  type SeatPosition,
} from '@booking/core';
import type { RouteRoomEvent, RouteUpdate, SeatAvailability, SeatUpdate } from './protocol';

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

/** Exactly the contract's `route_update` fields: the departure as it is now, in the route's sequence. */
export function toRouteUpdate(event: RouteUpdateEvent): RouteUpdate {
  const { routeId, status, departureAt, stopTimes, reason, sequence, timestamp } = event;
  return {
    routeId,
    eventType: 'route_update',
    status,
    departureAt,
    ...(stopTimes ? { stopTimes: [...stopTimes] } : {}),
    ...(reason !== undefined ? { reason } : {}),
    sequence,
    timestamp,
  };
}

/** Any event of a route's log as its room hears it: a `route_update` or a `seat_update`. */
export function toRouteRoomEvent(event: RouteEvent): RouteRoomEvent {
  return isRouteUpdate(event) ? toRouteUpdate(event) : toSeatUpdate(event);
}

/** The Socket.IO event that carries it (`eventType` tells them apart, as in the log). */
export function eventNameOf(event: RouteRoomEvent): 'route_update' | 'seat_update' {
  return event.eventType === 'route_update' ? 'route_update' : 'seat_update';
}

/** The contract's ticket fields, for the owner's `ticket_update`. */
export { toTicketView };

const isPlaced = (seat: SeatMapEntry): seat is SeatMapEntry & SeatPosition =>
  seat.deck !== undefined && seat.row !== undefined && seat.column !== undefined;

/**
 * The seat map as `seat_availability` carries it. The core places every seat it maps (deck, row,
 * column) and tells the departure, though its type leaves them optional; a map without them would be a bug.
 */
export function toSeatAvailability(map: SeatMap): SeatAvailability {
  if (!map.seats.every(isPlaced)) throw new Error(`the seat map of route ${map.routeId} has unplaced seats`);
  const { departure } = map;
  if (!departure) throw new Error(`the seat map of route ${map.routeId} does not tell its departure`);
  return { ...map, seats: map.seats, departure };
}
