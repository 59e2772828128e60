import type { DepartureView, HoldBooking, SeatUpdate } from '@booking/client';
import type { HeldSeats } from './seat-hold';

/** `seat-select`: a seat was chosen; `preventDefault()` keeps the element from holding it. */
export type SeatSelectEvent = CustomEvent<{ seatNumber: number; price: number }>;
/** `hold-change`: the held seats changed (a seat added or let go, more time), or none is held (`hold: null`). */
export type HoldChangeEvent = CustomEvent<{ hold: HeldSeats | null }>;
/** `booking-complete`: `book(passengers)` turned the held seats into tickets. */
export type BookingCompleteEvent = CustomEvent<HoldBooking>;
/** `departure-change`: the departure as first loaded, then each time it is cancelled or moved. */
export type DepartureChangeEvent = CustomEvent<{ departure: DepartureView }>;
/** `seat-update`: each seat event of the route the live map applied, once, in sequence order. */
export type SeatUpdateEvent = CustomEvent<{ update: SeatUpdate }>;
export type { HeldSeats };
