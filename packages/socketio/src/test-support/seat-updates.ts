import type { SeatUpdate } from '../protocol';

/** A committed seat event of `routeId` with the given sequence (content is irrelevant to ordering). */
export function seatUpdate(routeId: string, sequence: number): SeatUpdate {
  return {
    routeId,
    seatNumber: (sequence % 10) + 1,
    eventType: 'seat_reserved',
    ticketId: `ticket-${sequence}`,
    sequence,
    timestamp: new Date(Date.UTC(2030, 0, 1, 8, 0, sequence)).toISOString(),
    fromStopIndex: 0,
    toStopIndex: 2,
    metadata: { fromCity: 'A', toCity: 'C', price: 30, gender: 'other' },
  };
}

export const range = (from: number, to: number): number[] =>
  Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
