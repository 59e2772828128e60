import { cryptoIdGenerator } from '../adapters';
import type { Actor } from '../domain/actor';
import type { Hold } from '../domain/hold';
import type { CardInput } from '../domain/payment';
import type { NewRoute, Route } from '../domain/route';
import type { SeatEventDraft } from '../domain/seat-event';
import { seatEventDraft } from '../domain/seat-event';
import type { Ticket } from '../domain/ticket';

/** The fields of a ticket as the contract shows it (REST bodies, `ticket_update`), sorted. */
export const TICKET_VIEW_KEYS = [
  'createdAt',
  'fromCity',
  'fromStopIndex',
  'gender',
  'holdExpiresAt',
  'id',
  'passengerName',
  'pnrNumber',
  'price',
  'routeId',
  'seatNumber',
  'status',
  'toCity',
  'toStopIndex',
  'updatedAt',
];

/** The users of the use-case tests: staff by role, customers by name. */
export const actors = {
  admin: { userId: 'admin', role: 'admin' },
  agent: { userId: 'agent', role: 'agent' },
  alice: { userId: 'alice', role: 'customer' },
  bob: { userId: 'bob', role: 'customer' },
  carol: { userId: 'carol', role: 'customer' },
} as const satisfies Record<string, Actor>;

/** A card the recording gateway charges (it declines only the numbers in `TEST_CARD_DECLINES`). */
export const TEST_CARD: CardInput = {
  cardNumber: '4242424242424242',
  cardHolderName: 'ALICE',
  expireMonth: 12,
  expireYear: 2035,
  cvc: '123',
};

/** A fresh name, so tests that share one database never see each other's rows. */
export const unique = (prefix: string) => `${prefix}-${cryptoIdGenerator.uuid().slice(0, 8)}`;

/** What an admin sends to create a route: Istanbul, Bolu, Ankara, four seats at 30, in 2030. */
export function sampleNewRoute(overrides: Partial<NewRoute> = {}): NewRoute {
  return {
    fromCity: 'Istanbul',
    toCity: 'Ankara',
    stations: ['Bolu'],
    departureAt: '2030-06-01T09:00:00.000Z',
    seatCount: 4,
    price: 30,
    ...overrides,
  };
}

/** A valid stored route: five stops, ten seats, departing in 2030 unless told otherwise. */
export function sampleRoute(overrides: Partial<Route> = {}): Route {
  const tag = unique('city');
  const stops = overrides.stops ?? ['A', 'B', 'C', 'D', 'E'].map((s) => `${s}-${tag}`);
  return {
    id: cryptoIdGenerator.uuid(),
    fromCity: stops[0] as string,
    toCity: stops[stops.length - 1] as string,
    stops,
    departureAt: '2030-06-01T09:00:00.000Z',
    seatCount: 10,
    price: 25,
    layout: '2+2',
    decks: 1,
    segmentPrices: [],
    status: 'scheduled',
    cancelReason: null,
    stopTimes: null,
    scheduledDepartureAt: overrides.departureAt ?? '2030-06-01T09:00:00.000Z',
    createdAt: '2030-01-01T08:00:00.000Z',
    updatedAt: '2030-01-01T08:00:00.000Z',
    ...overrides,
  };
}

/** A reserved ticket on the route's whole length unless told otherwise. */
export function sampleTicket(route: Route, overrides: Partial<Ticket> = {}): Ticket {
  const fromStopIndex = overrides.fromStopIndex ?? 0;
  const toStopIndex = overrides.toStopIndex ?? route.stops.length - 1;
  return {
    id: cryptoIdGenerator.uuid(),
    pnrNumber: cryptoIdGenerator.pnr(),
    routeId: route.id,
    seatNumber: 1,
    fromCity: route.stops[fromStopIndex] as string,
    toCity: route.stops[toStopIndex] as string,
    fromStopIndex,
    toStopIndex,
    passengerName: 'Ada Lovelace',
    gender: 'female',
    phone: null,
    email: null,
    price: route.price,
    status: 'reserved',
    holdExpiresAt: '2030-01-01T08:10:00.000Z',
    createdAt: '2030-01-01T08:00:00.000Z',
    updatedAt: '2030-01-01T08:00:00.000Z',
    ownerId: 'customer-1',
    issuedBy: 'customer',
    exchangedFromId: null,
    exchangedToId: null,
    soldForDepartureAt: route.departureAt,
    version: 1,
    ...overrides,
  };
}

/** An active hold of seat 1 on the route's whole length, for ten minutes, unless told otherwise. */
export function sampleHold(route: Route, overrides: Partial<Hold> = {}): Hold {
  return {
    id: cryptoIdGenerator.uuid(),
    routeId: route.id,
    seatNumbers: [1],
    fromStopIndex: 0,
    toStopIndex: route.stops.length - 1,
    ownerId: 'customer-1',
    status: 'active',
    expiresAt: '2030-01-01T08:10:00.000Z',
    extended: false,
    createdAt: '2030-01-01T08:00:00.000Z',
    updatedAt: '2030-01-01T08:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

export function sampleDraft(
  ticket: Ticket,
  eventType: SeatEventDraft['eventType'] = 'seat_reserved',
): SeatEventDraft {
  return seatEventDraft(ticket, eventType);
}
