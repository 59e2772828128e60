/**
 * Model-based test of the use cases: random sequences of commands run against the real services
 * over the in-memory adapters and against a small model written from the documented behaviour
 * alone (docs/rest.md, and the life cycle in docs/architecture.md). Every command expects an exact
 * result or error kind; after every command the invariants below are checked against the stored
 * state. Half of the runs switch the seat rules on (gender adjacency, a sales cut-off) and lower the
 * always-on limit of held seats; the model enforces them too, and the departure rule (what customers
 * and staff may still do once a bus has left, and that unpaid holds of a departed bus expire).
 * A second run (at the end) drives the domain's pure rules directly against the same model.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { err, ok, type ResultAsync } from 'neverthrow';
import { isDeepStrictEqual } from 'node:util';
import type { Actor } from '../domain/actor';
import { book, bySeat } from '../domain/booking';
import { errors, type DomainError } from '../domain/errors';
import type { Transitioned } from '../domain/lifecycle';
import { buildRoute, type Route } from '../domain/route';
import type { SeatEventDraft, SeatEventType } from '../domain/seat-event';
import type { SeatStatus } from '../domain/seat-map';
import { GENDERS, ticketsClash, type Gender, type Ticket, type TicketStatus } from '../domain/ticket';
import { decide, expireHold, mayRequest, payTogether, type TicketRequest } from '../domain/ticket-rules';
import { DEFAULT_MAX_HELD_SEATS } from '../policies/held-seats-limit';
import { seatPoliciesFrom } from '../policies/seat-policies-from';
import { createInMemoryBooking, type InMemoryBooking } from '../testing/in-memory-booking';
import type { PaymentReceipt } from './payment-service';

const HOLD_SECONDS = 300;
const START = Date.parse('2030-01-01T08:00:00.000Z');
const CITIES = ['Ankara', 'Bolu', 'Duzce', 'Sakarya', 'Istanbul'];
/** The seat rules of the runs that switch them on. */
const CUTOFF_MS = 5 * 60_000;
const HELD_SEATS_LIMIT = 2;
const MAX_GROUP = 3;

const admin: Actor = { userId: 'admin', role: 'admin' };
const STAFF: Actor[] = [admin, { userId: 'agent', role: 'agent' }];
const CUSTOMERS: Actor[] = [
  { userId: 'cem', role: 'customer' },
  { userId: 'ayla', role: 'customer' },
];

// ---------------------------------------------------------------- the model (from the contract)

type Action = 'confirm' | 'suspend' | 'cancel' | 'expire' | 'pay';
/** The contract's life-cycle table: which statuses each action leaves from, and where it goes. */
const NEXT: Record<Action, Partial<Record<TicketStatus, TicketStatus>>> = {
  confirm: { reserved: 'confirmed', suspended: 'confirmed' },
  suspend: { reserved: 'suspended', confirmed: 'suspended' },
  cancel: { reserved: 'cancelled', confirmed: 'cancelled', suspended: 'cancelled' },
  expire: { reserved: 'expired' },
  pay: { reserved: 'confirmed' },
};
/** The contract's events per transition. */
const EVENTS: Record<Action, SeatEventType[]> = {
  confirm: ['seat_confirmed'],
  suspend: ['seat_suspended'],
  cancel: ['seat_cancelled', 'seat_available'],
  expire: ['seat_available'],
  pay: ['seat_confirmed'],
};
const OCCUPYING: TicketStatus[] = ['reserved', 'confirmed', 'suspended'];

interface ModelRoute {
  id: string;
  stops: string[];
  seatCount: number;
  departsAt: number;
}
interface ModelTicket {
  id: string;
  pnr: string;
  gender: Gender;
  routeId: string;
  seat: number;
  from: number;
  to: number;
  status: TicketStatus;
  holdUntil: number | null;
  ownerId: string;
}
interface ModelEvent {
  ticketId: string;
  eventType: SeatEventType;
  reason?: string;
}
interface Model {
  /** Whether this run switched the seat rules on (and lowered the held seats limit). */
  rules: boolean;
  /** Whether the seat policies judge bookings at all (the pure run of the domain has none: they are the application's). */
  policies: boolean;
  now: number;
  routes: ModelRoute[];
  tickets: ModelTicket[];
  log: Map<string, ModelEvent[]>;
}
interface Real {
  booking: InMemoryBooking;
}

const departed = (m: Model, r: ModelRoute) => m.now >= r.departsAt;
const holdRanOut = (m: Model, t: ModelTicket) =>
  t.status === 'reserved' && t.holdUntil !== null && m.now >= t.holdUntil;
/** An unpaid hold ends when it runs out or when its bus leaves, whichever comes first. */
const holdEnds = (m: Model, t: ModelTicket) => Math.min(t.holdUntil as number, routeOf(m, t).departsAt);
const occupies = (t: ModelTicket) => OCCUPYING.includes(t.status);
const overlaps = (a: { from: number; to: number }, b: { from: number; to: number }) =>
  a.from < b.to && b.from < a.to;
const seatTaken = (m: Model, routeId: string, seat: number, from: number, to: number) =>
  m.tickets.some((t) => t.routeId === routeId && t.seat === seat && occupies(t) && overlaps(t, { from, to }));

/** The seat beside one on the same side of the aisle: every route here is "2+2", seats (1,2), (3,4). */
const partnerOf = (route: ModelRoute, seat: number) => {
  const partner = seat % 2 === 1 ? seat + 1 : seat - 1;
  return partner <= route.seatCount ? partner : undefined;
};
const clash = (a: Gender, b: Gender) => (a === 'male' && b === 'female') || (a === 'female' && b === 'male');
const openHolds = (m: Model, ownerId: string) =>
  m.tickets.filter((t) => t.ownerId === ownerId && t.status === 'reserved' && (t.holdUntil as number) > m.now)
    .length;

interface Seat {
  seat: number;
  gender: Gender;
}

/** The rule: the partner seat is held on an overlapping stretch by someone of the other gender. */
const besideOtherGender = (m: Model, route: ModelRoute, s: Seat, segment: { from: number; to: number }) =>
  m.tickets.some(
    (t) =>
      t.routeId === route.id &&
      t.seat === partnerOf(route, s.seat) &&
      occupies(t) &&
      overlaps(t, segment) &&
      clash(t.gender, s.gender),
  );

/** What the contract (and the enabled rules) answer to a booking, checked in the documented order. */
function bookingVerdict(m: Model, actor: Actor, route: ModelRoute, seats: Seat[], from: number, to: number) {
  const customer = actor.role === 'customer';
  if (departed(m, route)) return { kind: 'route_departed' };
  if (m.rules && customer && m.now >= route.departsAt - CUTOFF_MS) return { kind: 'route_departed' };
  const taken = seats.filter((s) => seatTaken(m, route.id, s.seat, from, to)).map((s) => s.seat);
  if (taken.length > 0) return { kind: 'seat_unavailable', seatNumbers: taken.sort((a, b) => a - b) };
  if (m.rules && seats.some((s) => besideOtherGender(m, route, s, { from, to })))
    return { kind: 'seat_rule_violation', rule: 'gender_adjacency' };
  const heldLimit = m.rules ? HELD_SEATS_LIMIT : DEFAULT_MAX_HELD_SEATS;
  if (m.policies && customer && openHolds(m, actor.userId) + seats.length > heldLimit) {
    return { kind: 'hold_limit_reached', limit: heldLimit };
  }
  return undefined;
}

/** How often each outcome of a booking came up, so the report shows the rules were really exercised. */
const outcomes = new Map<string, number>();

/** Compares a booking's result with the model's verdict; on success adds its tickets and events. */
function expectBooking(
  m: Model,
  actor: Actor,
  route: ModelRoute,
  seats: Seat[],
  segment: { from: number; to: number },
  result: { isErr(): boolean; _unsafeUnwrapErr(): DomainError; _unsafeUnwrap(): Ticket[] },
): void {
  const verdict = bookingVerdict(m, actor, route, seats, segment.from, segment.to);
  const outcome = result.isErr() ? result._unsafeUnwrapErr() : undefined;
  const seen = outcome ? `${outcome.kind}${'rule' in outcome ? ` (${outcome.rule})` : ''}` : 'ok';
  outcomes.set(seen, (outcomes.get(seen) ?? 0) + 1);
  if (verdict) return void expect(outcome).toMatchObject(verdict);
  const tickets = result._unsafeUnwrap();
  const counter = actor.role !== 'customer';
  expect(tickets.map((t) => [t.seatNumber, t.gender, t.status])).toEqual(
    seats.map((s) => [s.seat, s.gender, counter ? 'confirmed' : 'reserved']),
  );
  expect(new Set(tickets.map((t) => t.pnrNumber)).size).toBe(1);
  const added = tickets.map((ticket): ModelTicket => ({
    id: ticket.id,
    pnr: ticket.pnrNumber,
    gender: ticket.gender,
    routeId: route.id,
    seat: ticket.seatNumber,
    ...segment,
    status: counter ? 'confirmed' : 'reserved',
    holdUntil: counter ? null : m.now + HOLD_SECONDS * 1000,
    ownerId: actor.userId,
  }));
  // stored in ascending seat order (the order the storage inserts them; hold expiry ties follow it)
  m.tickets.push(...[...added].sort((a, b) => a.seat - b.seat));
  // one event per seat, in ascending seat order, in one commit
  for (const t of [...added].sort((a, b) => a.seat - b.seat)) {
    record(m, t, [counter ? 'seat_confirmed' : 'seat_reserved']);
  }
}

function record(m: Model, ticket: ModelTicket, types: SeatEventType[], reason?: string): void {
  const log = m.log.get(ticket.routeId) ?? [];
  log.push(...types.map((eventType) => ({ ticketId: ticket.id, eventType, ...(reason ? { reason } : {}) })));
  m.log.set(ticket.routeId, log);
}

function apply(m: Model, ticket: ModelTicket, action: Action): void {
  const to = NEXT[action][ticket.status];
  if (!to) throw new Error(`model bug: ${ticket.status} + ${action}`);
  ticket.status = to;
  ticket.holdUntil = null;
  record(m, ticket, EVENTS[action], action === 'expire' ? 'hold_expired' : undefined);
}

/** The seat map as the contract describes it; the firmest holder shows where several overlap. */
function modelSeatMap(m: Model, route: ModelRoute, from: number, to: number): SeatStatus[] {
  const firmness: SeatStatus[] = ['available', 'reserved', 'suspended', 'confirmed'];
  return Array.from({ length: route.seatCount }, (_, i) =>
    m.tickets
      .filter((t) => t.routeId === route.id && t.seat === i + 1 && occupies(t) && overlaps(t, { from, to }))
      .map((t) => t.status as SeatStatus)
      .reduce((a, b) => (firmness.indexOf(b) > firmness.indexOf(a) ? b : a), 'available' as SeatStatus),
  );
}

// ---------------------------------------------------------------- invariants after every command

/** The sequence each route had when its legs were last compared (per run: keyed by fresh route ids). */
const checkedSequence = new Map<string, number>();

async function checkInvariants(m: Model, { booking }: Real): Promise<void> {
  const stored = [...booking.ports.db.tickets.values()];
  const actual: Record<string, unknown> = {
    // statuses (and holds) match the model, ticket for ticket
    tickets: stored.map((t) => [t.id, t.status, t.holdExpiresAt]).sort(),
    // no two occupying tickets of a seat overlap
    clashes: stored.flatMap((a, i) => stored.slice(i + 1).filter((b) => ticketsClash(a, b))),
  };
  const expected: Record<string, unknown> = {
    tickets: m.tickets
      .map((t) => [t.id, t.status, t.holdUntil === null ? null : new Date(t.holdUntil).toISOString()])
      .sort(),
    clashes: [],
  };
  for (const route of m.routes) {
    // each transition's events are the contract's, each route's sequences exactly 1..n, all published
    const log = booking.ports.db.events.get(route.id) ?? [];
    const events = m.log.get(route.id) ?? [];
    actual[`${route.id} events`] = log.map(({ event, published }) => ({
      sequence: event.sequence,
      ticketId: event.ticketId,
      eventType: event.eventType,
      ...(event.metadata.reason ? { reason: event.metadata.reason } : {}),
      published,
    }));
    expected[`${route.id} events`] = events.map((e, i) => ({ sequence: i + 1, ...e, published: true }));
    // with the rules on, the seat map for a man greys out exactly the seats beside a woman
    if (m.rules) {
      const whole = { from: 0, to: route.stops.length - 1 };
      const forMan = await booking.services.routes.seatMap(route.id, undefined, undefined, {
        gender: 'male',
      });
      actual[`${route.id} blocked`] = forMan.isOk()
        ? forMan.value.seats.filter((s) => s.blocked).map((s) => s.seatNumber)
        : forMan.error;
      const statuses = modelSeatMap(m, route, whole.from, whole.to);
      expected[`${route.id} blocked`] = statuses.flatMap((status, i) =>
        status === 'available' && besideOtherGender(m, route, { seat: i + 1, gender: 'male' }, whole)
          ? [i + 1]
          : [],
      );
    }
    // the seat map equals the model's on the whole route; on every leg too when the route changed
    const changed = checkedSequence.get(route.id) !== events.length;
    checkedSequence.set(route.id, events.length);
    const legs = changed ? route.stops.slice(1).map((_, i) => [i, i + 1]) : [];
    const segments = [[0, route.stops.length - 1], ...legs];
    for (const [from, to] of segments as [number, number][]) {
      const map = await booking.services.routes.seatMap(route.id, route.stops[from], route.stops[to]);
      const seats = map.map((found) => ({
        sequence: found.sequence,
        seats: found.seats.map((s) => s.status),
      }));
      actual[`${route.id} map ${from}-${to}`] = seats.isOk() ? seats.value : seats.error;
      expected[`${route.id} map ${from}-${to}`] = {
        sequence: events.length,
        seats: modelSeatMap(m, route, from, to),
      };
    }
  }
  // isDeepStrictEqual is fast; expect runs only to report the difference.
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toEqual(expected);
}

// ---------------------------------------------------------------- commands

const counts = new Map<string, number>();

/** One command: `can` says whether it applies to the model now, `exec` runs it and updates the model. */
class BookingCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    private readonly name: string,
    private readonly args: object,
    private readonly can: (m: Model) => boolean,
    private readonly exec: (m: Model, r: Real) => Promise<void>,
  ) {}

  check(m: Readonly<Model>): boolean {
    return this.can(m as Model);
  }

  async run(m: Model, r: Real): Promise<void> {
    counts.set(this.name, (counts.get(this.name) ?? 0) + 1);
    await this.exec(m, r);
    await checkInvariants(m, r);
  }

  toString(): string {
    return `${this.name}(${JSON.stringify(this.args)})`;
  }
}

const pick = <T>(items: T[], index: number): T => items[index % items.length] as T;
const ticketsWhere = (m: Model, filter: (t: ModelTicket, m: Model) => boolean) =>
  m.tickets.filter((t) => filter(t, m));
const routeOf = (m: Model, t: ModelTicket) => m.routes.find((r) => r.id === t.routeId) as ModelRoute;
const ownerOf = (t: ModelTicket): Actor =>
  [...CUSTOMERS, ...STAFF].find((a) => a.userId === t.ownerId) as Actor;

function expectError(result: { isErr(): boolean; _unsafeUnwrapErr(): DomainError }, kind: string): void {
  expect(result.isErr() ? result._unsafeUnwrapErr().kind : 'ok').toBe(kind);
}

/** A command over one existing ticket chosen among those `filter` accepts. */
function onTicket(
  name: string,
  filter: (t: ModelTicket, m: Model) => boolean,
  exec: (m: Model, r: Real, t: ModelTicket, extra: number) => Promise<void>,
) {
  return fc.record({ index: fc.nat(), extra: fc.nat() }).map(
    ({ index, extra }) =>
      new BookingCommand(
        name,
        { index, extra },
        (m) => ticketsWhere(m, filter).length > 0,
        (m, r) => exec(m, r, pick(ticketsWhere(m, filter), index), extra),
      ),
  );
}

/** A route with 0-3 stations and 1-4 seats, departing 10 to 60 minutes after the model's now. */
const routeArgs = fc.record({
  stations: fc.integer({ min: 0, max: 3 }),
  seatCount: fc.integer({ min: 1, max: 4 }),
  departsIn: fc.integer({ min: 600, max: 3600 }),
});

const createRoute = routeArgs.map(
  (args) =>
    new BookingCommand(
      'createRoute',
      args,
      (m) => m.routes.length < 2,
      async (m, { booking }) => {
        const stops = CITIES.slice(0, args.stations + 2);
        const departsAt = m.now + args.departsIn * 1000;
        const created = await booking.services.routes.create(admin, {
          fromCity: stops[0] as string,
          toCity: stops[stops.length - 1] as string,
          stations: stops.slice(1, -1),
          departureAt: new Date(departsAt).toISOString(),
          seatCount: args.seatCount,
          price: 20,
        });
        m.routes.push({ id: created._unsafeUnwrap().id, stops, seatCount: args.seatCount, departsAt });
      },
    ),
);

const createRouteForbidden = fc.constant(
  new BookingCommand(
    'createRoute:forbidden',
    {},
    () => true,
    async (_m, { booking }) => {
      const input = {
        fromCity: 'X',
        toCity: 'Y',
        departureAt: '2031-01-01T00:00:00Z',
        seatCount: 2,
        price: 5,
      };
      expectError(await booking.services.routes.create(CUSTOMERS[0] as Actor, input), 'forbidden');
    },
  ),
);

/** Books a seat on a valid segment; the model says whether it is free, allowed, or the bus has left. */
function reserveOn(name: string, actors: Actor[]) {
  return fc
    .record({
      route: fc.nat(),
      actor: fc.nat(),
      seat: fc.nat(),
      from: fc.nat(),
      length: fc.nat(),
      gender: fc.constantFrom(...GENDERS),
    })
    .map(
      (args) =>
        new BookingCommand(
          name,
          args,
          (m) => m.routes.length > 0,
          async (m, { booking }) => {
            const route = pick(m.routes, args.route);
            const actor = pick(actors, args.actor);
            const seat = (args.seat % route.seatCount) + 1;
            const segment = segmentOf(route, args.from, args.length);
            const result = await booking.services.tickets.reserve(actor, {
              routeId: route.id,
              seatNumber: seat,
              fromCity: route.stops[segment.from],
              toCity: route.stops[segment.to],
              passengerName: 'Passenger',
              gender: args.gender,
            });
            expectBooking(
              m,
              actor,
              route,
              [{ seat, gender: args.gender }],
              segment,
              result.map((t) => [t]),
            );
          },
        ),
    );
}

const segmentOf = (route: ModelRoute, from: number, length: number) => {
  const start = from % (route.stops.length - 1);
  return { from: start, to: start + 1 + (length % (route.stops.length - 1 - start)) };
};

/** A route, an actor, up to MAX_GROUP seats with genders and a segment: what a group booking names. */
const groupArgs = fc.record({
  route: fc.nat(),
  actor: fc.nat(),
  seats: fc.array(fc.record({ seat: fc.nat(), gender: fc.constantFrom(...GENDERS) }), {
    minLength: 1,
    maxLength: MAX_GROUP,
  }),
  from: fc.nat(),
  length: fc.nat(),
});

/** Books up to MAX_GROUP distinct seats under one PNR: all or none, as the model decides. */
function reserveGroupOn(name: string, actors: Actor[]) {
  return groupArgs.map(
    (args) =>
      new BookingCommand(
        name,
        args,
        (m) => m.routes.length > 0,
        async (m, { booking }) => {
          const route = pick(m.routes, args.route);
          const actor = pick(actors, args.actor);
          const seats: Seat[] = [];
          for (const s of args.seats) {
            const seat = (s.seat % route.seatCount) + 1;
            if (!seats.some((x) => x.seat === seat)) seats.push({ seat, gender: s.gender });
          }
          const segment = segmentOf(route, args.from, args.length);
          const result = await booking.services.tickets.reserveGroup(actor, {
            routeId: route.id,
            fromCity: route.stops[segment.from],
            toCity: route.stops[segment.to],
            passengers: seats.map((s) => ({
              seatNumber: s.seat,
              passengerName: 'Member',
              gender: s.gender,
            })),
          });
          expectBooking(
            m,
            actor,
            route,
            seats,
            segment,
            result.map((g) => g.tickets),
          );
        },
      ),
  );
}

const reserveGroupRepeatedSeat = fc.record({ route: fc.nat(), seat: fc.nat() }).map(
  (args) =>
    new BookingCommand(
      'reserveGroup:validation_failed (a seat twice)',
      args,
      (m) => m.routes.length > 0,
      async (m, { booking }) => {
        const route = pick(m.routes, args.route);
        const seatNumber = (args.seat % route.seatCount) + 1;
        const twice = [1, 2].map(() => ({ seatNumber, passengerName: 'Twin', gender: 'other' as const }));
        const result = await booking.services.tickets.reserveGroup(CUSTOMERS[0] as Actor, {
          routeId: route.id,
          passengers: twice,
        });
        expectError(result, 'validation_failed');
      },
    ),
);

/** Refused bookings: each expects one exact error and changes nothing. */
function refusedReserve(
  name: string,
  kind: string,
  can: (m: Model, route: ModelRoute) => boolean,
  command: (route: ModelRoute) => {
    seatNumber: number;
    fromCity?: string;
    toCity?: string;
    passengerName?: string;
    routeId?: string;
  },
) {
  return fc.record({ route: fc.nat(), actor: fc.nat() }).map(
    (args) =>
      new BookingCommand(
        name,
        args,
        (m) => m.routes.some((r) => can(m, r)),
        async (m, { booking }) => {
          const route = pick(
            m.routes.filter((r) => can(m, r)),
            args.route,
          );
          const result = await booking.services.tickets.reserve(pick([...CUSTOMERS, ...STAFF], args.actor), {
            routeId: route.id,
            passengerName: 'Passenger',
            gender: 'female',
            ...command(route),
          });
          expectError(result, kind);
        },
      ),
  );
}

const open = (m: Model, r: ModelRoute) => !departed(m, r);
const reserveRefusals = [
  refusedReserve('reserve:invalid_segment (wrong order)', 'invalid_segment', open, (r) => ({
    seatNumber: 1,
    fromCity: r.stops[r.stops.length - 1],
    toCity: r.stops[0],
  })),
  refusedReserve('reserve:invalid_segment (unknown city)', 'invalid_segment', open, () => ({
    seatNumber: 1,
    toCity: 'Atlantis',
  })),
  refusedReserve('reserve:seat_out_of_range', 'seat_out_of_range', open, (r) => ({
    seatNumber: r.seatCount + 1,
  })),
  refusedReserve(
    'reserve:validation_failed',
    'validation_failed',
    () => true,
    () => ({
      seatNumber: 1,
      passengerName: ' ',
    }),
  ),
  refusedReserve(
    'reserve:route_not_found',
    'route_not_found',
    () => true,
    () => ({
      seatNumber: 1,
      routeId: 'no-such-route',
    }),
  ),
  refusedReserve('reserve:route_departed', 'route_departed', departed, () => ({ seatNumber: 1 })),
];

const reserveTaken = onTicket(
  'reserve:seat_unavailable',
  (t, m) => occupies(t) && !departed(m, routeOf(m, t)),
  async (m, { booking }, t, extra) => {
    const route = routeOf(m, t);
    const actor = pick([...CUSTOMERS, ...STAFF], extra);
    const result = await booking.services.tickets.reserve(actor, {
      routeId: route.id,
      seatNumber: t.seat,
      fromCity: route.stops[t.from],
      toCity: route.stops[t.to],
      passengerName: 'Late',
      gender: 'male',
    });
    const closed = m.rules && actor.role === 'customer' && m.now >= route.departsAt - CUTOFF_MS;
    expectError(result, closed ? 'route_departed' : 'seat_unavailable');
  },
);

/** A staff action that the contract allows (or refuses) on the chosen ticket. */
function staffAction(action: 'confirm' | 'suspend' | 'cancel', allowed: boolean) {
  const legal = (t: ModelTicket, m: Model) =>
    NEXT[action][t.status] !== undefined &&
    !unpaidAfterDeparture(action, t, m) &&
    !(action === 'confirm' && holdRanOut(m, t));
  return onTicket(
    `${action}:${allowed ? 'ok' : 'invalid_transition'}`,
    (t, m) => (allowed ? legal(t, m) : NEXT[action][t.status] === undefined),
    async (m, { booking }, t, extra) => {
      const result = await booking.services.tickets[action](pick(STAFF, extra), t.id);
      if (!allowed) return expectError(result, 'invalid_transition');
      expect(result._unsafeUnwrap().status).toBe(NEXT[action][t.status]);
      apply(m, t, action);
    },
  );
}

/** After departure staff may still cancel, but an unpaid hold can no longer be confirmed or suspended. */
const unpaidAfterDeparture = (action: Action, t: ModelTicket, m: Model) =>
  action !== 'cancel' && t.status === 'reserved' && departed(m, routeOf(m, t));

const staffActionAfterDeparture = onTicket(
  'confirm/suspend of an unpaid hold after departure:route_departed',
  (t, m) => unpaidAfterDeparture('confirm', t, m),
  async (_m, { booking }, t, extra) => {
    const action = extra % 2 === 0 ? 'confirm' : 'suspend';
    expectError(await booking.services.tickets[action](pick(STAFF, extra), t.id), 'route_departed');
  },
);

const confirmHoldRanOut = onTicket(
  'confirm:hold_expired',
  (t, m) => holdRanOut(m, t) && !departed(m, routeOf(m, t)),
  async (_m, { booking }, t, extra) => {
    expectError(await booking.services.tickets.confirm(pick(STAFF, extra), t.id), 'hold_expired');
  },
);

/** A customer can no longer cancel once the bus has left; staff can. */
const ownerMayCancel = (t: ModelTicket, m: Model) =>
  occupies(t) && (ownerOf(t).role !== 'customer' || !departed(m, routeOf(m, t)));

const ownerCancels = onTicket('cancel:by owner', ownerMayCancel, async (m, { booking }, t) => {
  expect((await booking.services.tickets.cancel(ownerOf(t), t.id))._unsafeUnwrap().status).toBe('cancelled');
  apply(m, t, 'cancel');
});

const customerCancelsAfterDeparture = onTicket(
  'cancel by a customer after departure:route_departed',
  (t, m) => ownerOf(t).role === 'customer' && departed(m, routeOf(m, t)),
  async (_m, { booking }, t) => {
    expectError(await booking.services.tickets.cancel(ownerOf(t), t.id), 'route_departed');
  },
);

const customerStaffAction = onTicket(
  'confirm/suspend by customer:forbidden',
  () => true,
  async (_m, { booking }, t, extra) => {
    const customer = pick(CUSTOMERS, extra);
    const action = extra % 2 === 0 ? 'confirm' : 'suspend';
    expectError(await booking.services.tickets[action](customer, t.id), 'forbidden');
  },
);

const strangerCancels = onTicket(
  'cancel by another customer:ticket_not_found',
  () => true,
  async (_m, { booking }, t, extra) => {
    const stranger = pick(
      CUSTOMERS.filter((c) => c.userId !== t.ownerId),
      extra,
    );
    expectError(await booking.services.tickets.cancel(stranger, t.id), 'ticket_not_found');
  },
);

const CARD = { cardHolderName: 'CARD HOLDER', expireMonth: 12, expireYear: 2035, cvc: '321' };
const payable = (t: ModelTicket, m: Model) =>
  t.status === 'reserved' && !holdRanOut(m, t) && !departed(m, routeOf(m, t));

/** One payment confirms the ticket and every other payable ticket of its PNR (ascending seats). */
async function expectPaidWithCompanions(
  m: Model,
  booking: InMemoryBooking,
  t: ModelTicket,
  pay: () => ResultAsync<PaymentReceipt, DomainError>,
): Promise<void> {
  const charges = booking.gateway.settled.length;
  const companions = m.tickets
    .filter((x) => x.pnr === t.pnr && x.id !== t.id && payable(x, m))
    .sort((a, b) => a.seat - b.seat);
  const receipt = (await pay())._unsafeUnwrap();
  expect(receipt).toMatchObject({ payment: { last4: '4242' }, ticket: { id: t.id, status: 'confirmed' } });
  expect(receipt.payment.amount).toBe(20 * (1 + companions.length));
  expect(receipt.tickets?.map((x) => x.id)).toEqual(
    companions.length > 0 ? [t.id, ...companions.map((x) => x.id)] : undefined,
  );
  expect(booking.gateway.settled.length).toBe(charges + 1);
  for (const x of [t, ...companions]) apply(m, x, 'confirm');
}

const pay = onTicket('pay:ok (the whole PNR)', payable, (m, { booking }, t) =>
  expectPaidWithCompanions(m, booking, t, () =>
    booking.services.payments.pay(ownerOf(t), { ticketId: t.id, cardNumber: '4111111111114242', ...CARD }),
  ),
);

/** Paying by PNR pays from its lowest reserved seat. */
const firstReservedOfPnr = (t: ModelTicket, m: Model) =>
  t.id ===
  m.tickets.filter((x) => x.pnr === t.pnr && x.status === 'reserved').sort((a, b) => a.seat - b.seat)[0]?.id;

const payBooking = onTicket(
  'payBooking:ok (by PNR)',
  (t, m) => payable(t, m) && firstReservedOfPnr(t, m),
  (m, { booking }, t) =>
    expectPaidWithCompanions(m, booking, t, () =>
      booking.services.payments.payBooking(ownerOf(t), {
        pnrNumber: t.pnr,
        cardNumber: '4111111111114242',
        ...CARD,
      }),
    ),
);

const cancelOnePassenger = onTicket(
  'cancel:one passenger of a group',
  (t, m) => ownerMayCancel(t, m) && m.tickets.filter((x) => x.pnr === t.pnr && occupies(x)).length > 1,
  async (m, { booking }, t) => {
    expect((await booking.services.tickets.cancel(ownerOf(t), t.id))._unsafeUnwrap().status).toBe(
      'cancelled',
    );
    apply(m, t, 'cancel');
  },
);

const payDeclined = onTicket('pay:payment_declined', payable, async (_m, { booking }, t, extra) => {
  const cardNumber = extra % 2 === 0 ? '4000000000001111' : '4000000000002222';
  const result = await booking.services.payments.pay(ownerOf(t), { ticketId: t.id, cardNumber, ...CARD });
  expectError(result, 'payment_declined');
});

const payExpired = onTicket(
  'pay:hold_expired',
  (t, m) => (t.status === 'expired' || holdRanOut(m, t)) && !departed(m, routeOf(m, t)),
  async (_m, { booking }, t) => {
    const charges = booking.gateway.charges.length;
    const result = await booking.services.payments.pay(ownerOf(t), {
      ticketId: t.id,
      cardNumber: '4111111111114242',
      ...CARD,
    });
    expectError(result, 'hold_expired');
    expect(booking.gateway.charges.length).toBe(charges);
  },
);

const payRefused = onTicket(
  'pay:invalid_transition',
  (t, m) =>
    (t.status === 'confirmed' || t.status === 'suspended' || t.status === 'cancelled') &&
    !departed(m, routeOf(m, t)),
  async (_m, { booking }, t) => {
    const result = await booking.services.payments.pay(ownerOf(t), {
      ticketId: t.id,
      cardNumber: '4111111111114242',
      ...CARD,
    });
    expectError(result, 'invalid_transition');
  },
);

/** Whatever the ticket's status, nothing is paid (or charged) once its bus has left. */
const payAfterDeparture = onTicket(
  'pay:route_departed',
  (t, m) => departed(m, routeOf(m, t)),
  async (_m, { booking }, t) => {
    const charges = booking.gateway.charges.length;
    const result = await booking.services.payments.pay(ownerOf(t), {
      ticketId: t.id,
      cardNumber: '4111111111114242',
      ...CARD,
    });
    expectError(result, 'route_departed');
    expect(booking.gateway.charges.length).toBe(charges);
  },
);

const advanceClock = fc.integer({ min: 1, max: 900 }).map(
  (seconds) =>
    new BookingCommand(
      'advanceClock',
      { seconds },
      () => true,
      async (m, { booking }) => {
        booking.clock.advanceSeconds(seconds);
        m.now += seconds * 1000;
      },
    ),
);

const expireHolds = fc.constant(
  new BookingCommand(
    'expireHolds',
    {},
    () => true,
    async (m, { booking }) => {
      const result = await booking.services.tickets.expireHolds();
      // every unpaid hold that ran out or whose bus left, the earliest end first, ties in booking order
      const due = m.tickets
        .filter((t) => t.status === 'reserved' && holdEnds(m, t) <= m.now)
        .sort((a, b) => holdEnds(m, a) - holdEnds(m, b));
      expect(result._unsafeUnwrap().map((t) => t.id)).toEqual(due.map((t) => t.id));
      for (const t of due) apply(m, t, 'expire');
    },
  ),
);

const listOwnTickets = fc.nat().map(
  (index) =>
    new BookingCommand(
      'list:own tickets',
      { index },
      () => true,
      async (m, { booking }) => {
        const customer = pick(CUSTOMERS, index);
        const page = (await booking.services.tickets.list(customer, { limit: 1000 }))._unsafeUnwrap();
        const mine = m.tickets.filter((t) => t.ownerId === customer.userId);
        expect(page.tickets.map((t) => t.id).sort()).toEqual(mine.map((t) => t.id).sort());
      },
    ),
);

const ALL_COMMANDS = [
  createRoute,
  createRouteForbidden,
  reserveOn('reserve:customer', CUSTOMERS),
  reserveOn('reserve:counter sale', STAFF),
  reserveGroupOn('reserveGroup:customer', CUSTOMERS),
  reserveGroupOn('reserveGroup:counter sale', STAFF),
  reserveGroupRepeatedSeat,
  payBooking,
  cancelOnePassenger,
  reserveTaken,
  ...reserveRefusals,
  staffAction('confirm', true),
  staffAction('confirm', false),
  confirmHoldRanOut,
  staffActionAfterDeparture,
  staffAction('suspend', true),
  staffAction('suspend', false),
  staffAction('cancel', true),
  staffAction('cancel', false),
  ownerCancels,
  customerCancelsAfterDeparture,
  customerStaffAction,
  strangerCancels,
  pay,
  payDeclined,
  payExpired,
  payRefused,
  payAfterDeparture,
  advanceClock,
  expireHolds,
  listOwnTickets,
];

/** Time moves more often than the rest, so holds run out and buses leave within one sequence. */
const WEIGHTED_COMMANDS = [...ALL_COMMANDS, advanceClock, advanceClock, advanceClock];

// ---------------------------------------------------------------- the run

async function setup(rules: boolean): Promise<{ model: Model; real: Real }> {
  const seatPolicies = rules
    ? seatPoliciesFrom({
        rules: ['gender_adjacency', 'sales_cutoff'],
        salesCutoffMinutes: CUTOFF_MS / 60_000,
      })
    : [];
  const booking = createInMemoryBooking({
    holdSeconds: HOLD_SECONDS,
    maxGroupSize: MAX_GROUP,
    seatPolicies,
    ...(rules ? { maxHeldSeats: HELD_SEATS_LIMIT } : {}),
  });
  booking.clock.set(new Date(START));
  const model: Model = { rules, policies: true, now: START, routes: [], tickets: [], log: new Map() };
  // Every run starts with one route, so booking commands apply from the first step.
  const stops = CITIES.slice(0, 4);
  const route = await booking.services.routes.create(admin, {
    fromCity: stops[0] as string,
    toCity: stops[3] as string,
    stations: stops.slice(1, 3),
    departureAt: new Date(START + 1800_000).toISOString(),
    seatCount: 4,
    price: 20,
  });
  model.routes.push({ id: route._unsafeUnwrap().id, stops, seatCount: 4, departsAt: START + 1800_000 });
  return { model, real: { booking } };
}

describe('the booking use cases against a model of the contract', () => {
  afterAll(() => {
    const lines = [...counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, n]) => `${String(n).padStart(6)}  ${name}`);
    const seen = [...outcomes.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, n]) => `${String(n).padStart(6)}  ${name}`);
    console.log(
      `model-based test, commands run:\n${lines.join('\n')}\nbooking outcomes:\n${seen.join('\n')}`,
    );
  });

  it('agrees with the model on every result, status, event, sequence and seat map', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.commands(WEIGHTED_COMMANDS, { maxCommands: 60, size: 'max' }),
        (rules, commands) => fc.asyncModelRun(() => setup(rules), commands),
      ),
      { numRuns: 300 },
    );
    // every command (each has its own name) ran at least once, so no case is silently untested
    expect(counts.size).toBe(ALL_COMMANDS.length);
    // and every seat rule refused something at least once
    for (const outcome of [
      'seat_rule_violation (gender_adjacency)',
      'hold_limit_reached',
      'route_departed',
      'seat_unavailable',
    ]) {
      expect(outcomes.get(outcome) ?? 0).toBeGreaterThan(0);
    }
  });
});

// ---------------------------------------------------------------- the same model, against the domain's pure rules

/**
 * The second run drives the ticket's rules directly (`book`, `mayRequest`, `decide`,
 * `payTogether`, `expireHold`) over a plain list of tickets, with no storage and no services: the
 * only thing it adds is the storage's guarantee that two occupying tickets of a seat never overlap.
 * The same model judges every answer, so the domain and the use cases agree with it alike.
 */
interface Pure {
  now: number;
  routes: Map<string, Route>;
  /** In the order the model keeps them: each booking's tickets by ascending seat. */
  tickets: Ticket[];
  events: Map<string, SeatEventDraft[]>;
  nextId: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const ruleCounts = new Map<string, number>();

class RuleCommand implements fc.Command<Model, Pure> {
  constructor(
    private readonly name: string,
    private readonly args: object,
    private readonly can: (m: Model) => boolean,
    private readonly exec: (m: Model, p: Pure) => void,
  ) {}

  check(m: Readonly<Model>): boolean {
    return this.can(m as Model);
  }

  run(m: Model, p: Pure): void {
    ruleCounts.set(this.name, (ruleCounts.get(this.name) ?? 0) + 1);
    this.exec(m, p);
    checkPure(m, p);
  }

  toString(): string {
    return `${this.name}(${JSON.stringify(this.args)})`;
  }
}

function checkPure(m: Model, p: Pure): void {
  const actual: Record<string, unknown> = {
    tickets: p.tickets.map((t) => [t.id, t.status, t.holdExpiresAt]),
    clashes: p.tickets.flatMap((a, i) => p.tickets.slice(i + 1).filter((b) => ticketsClash(a, b))),
  };
  const expected: Record<string, unknown> = {
    tickets: m.tickets.map((t) => [t.id, t.status, t.holdUntil === null ? null : iso(t.holdUntil)]),
    clashes: [],
  };
  for (const route of m.routes) {
    actual[route.id] = (p.events.get(route.id) ?? []).map((e) => ({
      ticketId: e.ticketId,
      eventType: e.eventType,
      ...(e.metadata.reason ? { reason: e.metadata.reason } : {}),
    }));
    expected[route.id] = m.log.get(route.id) ?? [];
  }
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toEqual(expected);
}

/** Saves what a rule decided, as the services do: changed tickets in place, events appended. */
function savePure(p: Pure, changes: readonly { ticket: Ticket; events: SeatEventDraft[] }[]): void {
  for (const { ticket, events } of changes) {
    p.tickets = p.tickets.map((t) => (t.id === ticket.id ? ticket : t));
    p.events.set(ticket.routeId, [...(p.events.get(ticket.routeId) ?? []), ...events]);
  }
}

const pureRoute = routeArgs.map(
  (args) =>
    new RuleCommand(
      'createRoute',
      args,
      (m) => m.routes.length < 2,
      (m, p) => addPureRoute(m, p, args),
    ),
);

function addPureRoute(
  m: Model,
  p: Pure,
  args: { stations: number; seatCount: number; departsIn: number },
): void {
  const stops = CITIES.slice(0, args.stations + 2);
  const departsAt = p.now + args.departsIn * 1000;
  const id = `route-${(p.nextId += 1)}`;
  const input = {
    fromCity: stops[0] as string,
    toCity: stops[stops.length - 1] as string,
    stations: stops.slice(1, -1),
    departureAt: iso(departsAt),
    seatCount: args.seatCount,
    price: 20,
  };
  p.routes.set(id, buildRoute(input, id, iso(p.now))._unsafeUnwrap());
  m.routes.push({ id, stops, seatCount: args.seatCount, departsAt });
}

/** `book`, then the storage's atomic seat check; the model decides whether it is allowed. */
const pureBook = groupArgs.map(
  (args) =>
    new RuleCommand(
      'book',
      args,
      (m) => m.routes.length > 0,
      (m, p) => {
        const route = pick(m.routes, args.route);
        const actor = pick([...CUSTOMERS, ...STAFF], args.actor);
        const seats: Seat[] = [];
        for (const s of args.seats) {
          const seat = (s.seat % route.seatCount) + 1;
          if (!seats.some((x) => x.seat === seat)) seats.push({ seat, gender: s.gender });
        }
        const segment = segmentOf(route, args.from, args.length);
        const booked = book({
          actor,
          route: p.routes.get(route.id) as Route,
          fromCity: route.stops[segment.from],
          toCity: route.stops[segment.to],
          passengers: seats.map((s) => ({ seatNumber: s.seat, passengerName: 'P', gender: s.gender })),
          now: iso(p.now),
          holdSeconds: HOLD_SECONDS,
          pnrNumber: `PNR${(p.nextId += 1)}`,
          ticketIds: seats.map(() => `ticket-${(p.nextId += 1)}`),
        }).andThen((done) => {
          const taken = bySeat(done.tickets).filter((t) => p.tickets.some((o) => ticketsClash(o, t)));
          return taken.length > 0 ? err(errors.seatUnavailable(taken.map((t) => t.seatNumber))) : ok(done);
        });
        expectBooking(
          m,
          actor,
          route,
          seats,
          segment,
          booked.map((done) => [...done.tickets]),
        );
        if (booked.isErr()) return;
        p.tickets.push(...bySeat(booked.value.tickets));
        p.events.set(route.id, [...(p.events.get(route.id) ?? []), ...booked.value.events]);
      },
    ),
);

/** Bookings the creation rule refuses: a segment backwards or through a city the route skips, a seat the bus lacks. */
const pureBookRefused = fc.record({ route: fc.nat(), kind: fc.nat() }).map(
  (args) =>
    new RuleCommand(
      'book:refused',
      args,
      (m) => m.routes.length > 0,
      (m, p) => {
        const route = pick(m.routes, args.route);
        const cases = [
          {
            fromCity: route.stops[route.stops.length - 1],
            toCity: route.stops[0],
            seatNumber: 1,
            kind: 'invalid_segment',
          },
          { toCity: 'Atlantis', seatNumber: 1, kind: 'invalid_segment' },
          {
            seatNumber: route.seatCount + 1,
            kind: departed(m, route) ? 'route_departed' : 'seat_out_of_range',
          },
        ];
        const { kind, seatNumber, ...trip } = pick(cases, args.kind);
        const refused = book({
          actor: CUSTOMERS[0] as Actor,
          route: p.routes.get(route.id) as Route,
          ...trip,
          passengers: [{ seatNumber, passengerName: 'P', gender: 'other' }],
          now: iso(p.now),
          holdSeconds: HOLD_SECONDS,
          pnrNumber: 'PNR',
          ticketIds: ['refused'],
        });
        expectError(refused, kind);
      },
    ),
);

/** The contract's answer to a request on a ticket by someone who may see it, or undefined when it applies. */
function requestVerdict(m: Model, actor: Actor, t: ModelTicket, request: TicketRequest): string | undefined {
  const customer = actor.role === 'customer';
  if (customer && (request === 'confirm' || request === 'suspend')) return 'forbidden';
  if (departed(m, routeOf(m, t))) {
    if (request === 'pay' || (request === 'cancel' && customer)) return 'route_departed';
    if (request !== 'cancel' && t.status === 'reserved') return 'route_departed';
  }
  if (request === 'pay' && (t.status === 'expired' || holdRanOut(m, t))) return 'hold_expired';
  if (request === 'confirm' && holdRanOut(m, t)) return 'hold_expired';
  return NEXT[request][t.status] ? undefined : 'invalid_transition';
}

/** `mayRequest`, then `decide` (or `payTogether`, which pays the held companions of the PNR too). */
const pureRequest = fc
  .record({
    index: fc.nat(),
    actor: fc.nat(),
    request: fc.constantFrom<TicketRequest>('confirm', 'suspend', 'cancel', 'pay'),
  })
  .map(
    (args) =>
      new RuleCommand(
        `request:${args.request}`,
        args,
        (m) => m.tickets.length > 0,
        (m, p) => {
          const t = pick(m.tickets, args.index);
          const actor = pick([ownerOf(t), ...STAFF], args.actor);
          const ticket = p.tickets.find((x) => x.id === t.id) as Ticket;
          const occasion = { actor, route: p.routes.get(t.routeId) as Route, now: iso(p.now) };
          const pnr = p.tickets.filter((x) => x.pnrNumber === ticket.pnrNumber);
          const decided = mayRequest(actor, args.request).andThen(() =>
            args.request === 'pay'
              ? payTogether(ticket, pnr, occasion)
              : decide(ticket, args.request, occasion).map((one) => [one]),
          );
          const verdict = requestVerdict(m, actor, t, args.request);
          if (verdict) return expectError(decided, verdict);
          const companions =
            args.request === 'pay'
              ? m.tickets
                  .filter(
                    (x) => x.pnr === t.pnr && x.id !== t.id && x.status === 'reserved' && !holdRanOut(m, x),
                  )
                  .sort((a, b) => a.seat - b.seat)
              : [];
          const changes = decided._unsafeUnwrap();
          expect(changes.map((c) => [c.ticket.id, c.ticket.status, c.ticket.updatedAt])).toEqual(
            [t, ...companions].map((x) => [x.id, NEXT[args.request][x.status], iso(m.now)]),
          );
          for (const x of [t, ...companions]) apply(m, x, args.request);
          savePure(p, changes);
        },
      ),
  );

/** The sweep's rule over every ticket: exactly the unpaid holds whose hold ran out or whose bus left expire. */
const pureExpire = fc.constant(
  new RuleCommand(
    'expireHold',
    {},
    () => true,
    (m, p) => {
      const due = m.tickets
        .filter((t) => t.status === 'reserved' && holdEnds(m, t) <= m.now)
        .sort((a, b) => holdEnds(m, a) - holdEnds(m, b));
      const verdicts = new Map(
        p.tickets.map((t) => [t.id, expireHold(t, p.routes.get(t.routeId) as Route, iso(p.now))]),
      );
      expect(
        [...verdicts]
          .filter(([, v]) => v.isOk())
          .map(([id]) => id)
          .sort(),
      ).toEqual(due.map((t) => t.id).sort());
      for (const verdict of verdicts.values())
        if (verdict.isErr()) expect(verdict.error.kind).toBe('invalid_transition');
      for (const t of due) apply(m, t, 'expire');
      savePure(
        p,
        due.map((t) => verdicts.get(t.id)?._unsafeUnwrap() as Transitioned),
      );
    },
  ),
);

const pureClock = fc.integer({ min: 1, max: 900 }).map(
  (seconds) =>
    new RuleCommand(
      'advanceClock',
      { seconds },
      () => true,
      (m, p) => {
        p.now += seconds * 1000;
        m.now += seconds * 1000;
      },
    ),
);

const PURE_COMMANDS = [pureRoute, pureBook, pureBookRefused, pureRequest, pureExpire, pureClock];
const PURE_NAMES = [
  'createRoute',
  'book',
  'book:refused',
  'expireHold',
  'advanceClock',
  'request:confirm',
  'request:suspend',
  'request:cancel',
  'request:pay',
];

describe("the ticket's rules as pure functions against the same model", () => {
  afterAll(() => {
    const lines = [...ruleCounts.entries()]
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([name, n]) => `${String(n).padStart(6)}  ${name}`);
    console.log(`model-based test of the pure rules, commands run:\n${lines.join('\n')}`);
  });

  it('agrees with the model on every answer, status, hold and event', () => {
    fc.assert(
      fc.property(
        fc.commands([...PURE_COMMANDS, pureBook, pureRequest, pureRequest, pureClock], {
          maxCommands: 80,
          size: 'max',
        }),
        (commands) => {
          const model: Model = {
            rules: false,
            policies: false,
            now: START,
            routes: [],
            tickets: [],
            log: new Map(),
          };
          const pure: Pure = { now: START, routes: new Map(), tickets: [], events: new Map(), nextId: 0 };
          addPureRoute(model, pure, { stations: 2, seatCount: 4, departsIn: 1800 });
          fc.modelRun(() => ({ model, real: pure }), commands);
        },
      ),
      { numRuns: 300 },
    );
    expect([...ruleCounts.keys()].sort()).toEqual([...PURE_NAMES].sort());
  });
});
