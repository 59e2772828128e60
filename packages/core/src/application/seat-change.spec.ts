import { beforeEach, describe, expect, it } from '@jest/globals';
import type { Actor } from '../domain/actor';
import type { BookingConfig } from './booking-ports';
import type { Route } from '../domain/route';
import type { Ticket } from '../domain/ticket';
import { genderAdjacencyPolicy } from '../policies/gender-adjacency';
import { actors, TEST_CARD } from '../testing/fixtures';
import {
  createInMemoryBooking,
  createRouteAsAdmin,
  type InMemoryBooking,
} from '../testing/in-memory-booking';
import type { ReserveCommand } from './ticket-input';

const { admin, agent, alice, bob } = actors;
const DEPARTURE = '2030-01-02T09:00:00.000Z';

let booking: InMemoryBooking;
let route: Route;

async function setUp(config: Partial<BookingConfig> = {}) {
  booking = createInMemoryBooking({ holdSeconds: 300, ...config });
  route = await createRouteAsAdmin(booking, {
    fromCity: 'Istanbul',
    toCity: 'Ankara',
    stations: ['Bolu'],
    departureAt: DEPARTURE,
    seatCount: 8,
    price: 30,
  });
}

beforeEach(() => setUp());

const reserve = async (actor: Actor, overrides: Partial<ReserveCommand> = {}) =>
  (
    await booking.services.tickets.reserve(actor, {
      routeId: route.id,
      seatNumber: 1,
      passengerName: 'Ada Lovelace',
      gender: 'female',
      ...overrides,
    })
  )._unsafeUnwrap();

const changeSeat = (actor: Actor, ticket: Ticket, seatNumber: number) =>
  booking.services.ticketChanges.changeSeat(actor, ticket.id, seatNumber);

const logOf = () => booking.ports.db.events.get(route.id)?.map((s) => s.event) ?? [];
const stored = (id: string) => booking.ports.db.tickets.get(id);
const historyOf = (id: string) => booking.ports.db.history.filter((e) => e.subjectId === id);

/** Everything a refused change must leave as it was. */
const snapshot = () => ({
  tickets: structuredClone([...booking.ports.db.tickets.values()]),
  events: logOf().length,
  history: booking.ports.db.history.length,
});

describe('changing a seat', () => {
  it("moves the owner's reservation: same id, PNR, status and hold, the old seat freed and the new one reserved", async () => {
    const ticket = await reserve(alice, { seatNumber: 2 });
    booking.clock.advanceSeconds(60);
    const moved = (await changeSeat(alice, ticket, 5))._unsafeUnwrap();
    expect(moved).toEqual({
      ...ticket,
      seatNumber: 5,
      updatedAt: '2030-01-01T08:01:00.000Z',
      version: 2,
    });
    expect(stored(ticket.id)).toEqual(moved);
    expect(logOf().map((e) => [e.sequence, e.eventType, 'seatNumber' in e ? e.seatNumber : null])).toEqual([
      [1, 'seat_reserved', 2],
      [2, 'seat_available', 2],
      [3, 'seat_reserved', 5],
    ]);
    expect(logOf()[1]).toMatchObject({ ticketId: ticket.id, metadata: { reason: 'seat_changed' } });
    expect(booking.notifier.changes.at(-1)?.tickets).toEqual([moved]);
    expect(historyOf(ticket.id).map((e) => [e.action, e.by, e.changes])).toEqual([
      ['book', alice, expect.any(Object)],
      ['change_seat', alice, { seatNumber: { from: 2, to: 5 } }],
    ]);
    // The old seat is free again, the new one taken.
    await reserve(bob, { seatNumber: 2 });
    const taken = await booking.services.tickets.reserve(bob, {
      routeId: route.id,
      seatNumber: 5,
      passengerName: 'Bob',
      gender: 'male',
    });
    expect(taken._unsafeUnwrapErr().kind).toBe('seat_unavailable');
  });

  it('announces a sold ticket on its new seat as confirmed, and a suspended one as suspended', async () => {
    const sold = await reserve(agent, { seatNumber: 1 });
    const suspended = (
      await booking.services.tickets.suspend(agent, (await reserve(agent, { seatNumber: 3 })).id)
    )._unsafeUnwrap();
    expect((await changeSeat(agent, sold, 4))._unsafeUnwrap().status).toBe('confirmed');
    expect((await changeSeat(admin, suspended, 6))._unsafeUnwrap().status).toBe('suspended');
    expect(
      logOf()
        .slice(-4)
        .map((e) => e.eventType),
    ).toEqual(['seat_available', 'seat_confirmed', 'seat_available', 'seat_suspended']);
  });

  it('refuses a seat taken by a ticket or a seat hold, and changes nothing', async () => {
    const ticket = await reserve(alice, { seatNumber: 1 });
    await reserve(bob, { seatNumber: 2 });
    (await booking.services.holds.place(bob, { routeId: route.id, seatNumbers: [3] }))._unsafeUnwrap();
    const before = snapshot();
    for (const seatNumber of [2, 3]) {
      const refused = await changeSeat(alice, ticket, seatNumber);
      expect(refused._unsafeUnwrapErr()).toMatchObject({
        kind: 'seat_unavailable',
        seatNumbers: [seatNumber],
      });
    }
    expect(snapshot()).toEqual(before);
  });

  it("answers ticket_not_found for another customer's ticket, and changes nothing", async () => {
    const ticket = await reserve(alice);
    const before = snapshot();
    expect((await changeSeat(bob, ticket, 4))._unsafeUnwrapErr().kind).toBe('ticket_not_found');
    expect(snapshot()).toEqual(before);
  });

  it('refuses cancelled and expired tickets (invalid_transition), a seat the bus lacks, and the same seat', async () => {
    const cancelled = await reserve(alice, { seatNumber: 1 });
    (await booking.services.tickets.cancel(alice, cancelled.id))._unsafeUnwrap();
    const expired = await reserve(alice, { seatNumber: 2 });
    booking.clock.advanceSeconds(301);
    await booking.services.tickets.expireHolds();
    for (const ticket of [cancelled, expired]) {
      expect((await changeSeat(alice, ticket, 7))._unsafeUnwrapErr()).toMatchObject({
        kind: 'invalid_transition',
        action: 'change_seat',
      });
    }
    const sold = await reserve(agent, { seatNumber: 3 });
    expect((await changeSeat(agent, sold, 9))._unsafeUnwrapErr().kind).toBe('seat_out_of_range');
    expect((await changeSeat(agent, sold, 3))._unsafeUnwrapErr().kind).toBe('validation_failed');
  });

  it('refuses a reservation whose hold ran out before the sweep releases it (hold_expired)', async () => {
    const ticket = await reserve(alice);
    booking.clock.advanceSeconds(300);
    expect((await changeSeat(alice, ticket, 4))._unsafeUnwrapErr().kind).toBe('hold_expired');
  });

  it('lets only staff change a sold seat once the bus has left, never an unpaid reservation', async () => {
    const reserved = await reserve(alice, { seatNumber: 1 });
    const sold = await reserve(agent, { seatNumber: 2 });
    const paid = (
      await booking.services.payments.pay(alice, { ...TEST_CARD, ticketId: reserved.id })
    )._unsafeUnwrap().ticket;
    const unpaid = await reserve(bob, { seatNumber: 3 });
    booking.clock.set(DEPARTURE);
    expect((await changeSeat(alice, paid, 5))._unsafeUnwrapErr().kind).toBe('route_departed');
    expect((await changeSeat(agent, unpaid, 5))._unsafeUnwrapErr().kind).toBe('route_departed');
    expect((await changeSeat(agent, paid, 5))._unsafeUnwrap().seatNumber).toBe(5);
    expect((await changeSeat(admin, sold, 6))._unsafeUnwrap().seatNumber).toBe(6);
  });

  it('judges the new seat by the seat rules, but not by the limit of held seats', async () => {
    await setUp({ seatPolicies: [genderAdjacencyPolicy()], maxHeldSeats: 1 });
    const ada = await reserve(alice, { seatNumber: 5, gender: 'female' });
    await reserve(agent, { seatNumber: 2, passengerName: 'Bob', gender: 'male' });
    const before = snapshot();
    const refused = await changeSeat(alice, ada, 1);
    expect(refused._unsafeUnwrapErr()).toMatchObject({
      kind: 'seat_rule_violation',
      rule: 'gender_adjacency',
    });
    expect(snapshot()).toEqual(before);
    // Alice holds her one allowed seat: moving it is no second one.
    expect((await changeSeat(alice, ada, 7))._unsafeUnwrap().seatNumber).toBe(7);
  });

  it('lets exactly one of several tickets racing for one free seat take it', async () => {
    const tickets = await Promise.all([1, 2, 3].map((seatNumber) => reserve(agent, { seatNumber })));
    const results = await Promise.all(tickets.map((ticket) => changeSeat(agent, ticket, 8)));
    expect(results.filter((r) => r.isOk())).toHaveLength(1);
    expect(results.filter((r) => r.isErr()).map((r) => r._unsafeUnwrapErr().kind)).toEqual([
      'seat_unavailable',
      'seat_unavailable',
    ]);
    expect(logOf().map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
  });

  it('answers invalid_transition when the ticket changed between its read and the change', async () => {
    const ticket = await reserve(alice, { seatNumber: 1 });
    const [moved, cancelled] = await Promise.all([
      changeSeat(alice, ticket, 4),
      booking.services.tickets.cancel(alice, ticket.id),
    ]);
    const outcomes = [moved.isOk(), cancelled.isOk()];
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    if (moved.isErr()) expect(moved.error.kind).toBe('invalid_transition');
  });
});
