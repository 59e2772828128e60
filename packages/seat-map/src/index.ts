// A browser package: its declarations bring the DOM's types along, for projects compiled without them.
/// <reference lib="dom" preserve="true" />
import { BookingSeatMap } from './seat-map-element';

export * from './events';
export * from './seat-map-element';
export type { BlockedQuery, SeatBlock } from './blocked-seats';
export type { HoldPassenger, HoldJson, HoldBooking, TokenSource } from '@booking/client';

/** The element's tag name. */
export const SEAT_MAP_TAG = 'booking-seat-map';

/** Registers `<booking-seat-map>` (once; a second call does nothing). */
export function defineBookingSeatMap(): void {
  if (!customElements.get(SEAT_MAP_TAG)) customElements.define(SEAT_MAP_TAG, BookingSeatMap);
}

declare global {
  interface HTMLElementTagNameMap {
    'booking-seat-map': BookingSeatMap;
  }
}
