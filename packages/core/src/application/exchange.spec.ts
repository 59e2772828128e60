import { beforeEach, describe, expect, it } from '@jest/globals';
import type { Actor } from '../domain/actor';
import type { Route } from '../domain/route';
import type { Ticket } from '../domain/ticket';
import { genderAdjacencyPolicy } from '../policies/gender-adjacency';
import { createInMemoryBooking, type InMemoryBooking } from '../testing/in-memory-booking';
import type { BookingConfig } from './booking-ports';
import type { ExchangeCommand } from './exchange';
import type { ReserveCommand } from './ticket-input';

const admin: Actor = { userId: 'admin-1', role: 'admin' };
const agent: Actor = { userId: 'agent-1', role: 'agent' };
const alice: Actor = { userId: 'alice', role: 'customer' };
const bob: Actor = { userId: 'bob', role: 'customer' };
const CARD = {
  cardNumber: '4242424242424242',
  cardHolderName: 'ALICE',
  expireMonth: 12,
  expireYear: 2035,
  cvc: '123',
};
const DECLINED = { ...CARD, cardNumber: '4000000000001111' };

let booking: InMemoryBooking;
/** 30.00 the whole way. */
let early: Route;
/** 45.50 the whole way, 20.25 from Bolu. */
let late: Route;

async function setUp(config: Partial<BookingConfig> = {}) {
  booking = createInMemoryBooking({ holdSeconds: 3600, currency: 'EUR', ...config });
  const create = async (departureAt: string, price: number, segmentPrices = [] as never[]) =>
    (
      await booking.services.routes.create(admin, {
        fromCity: 'Istanbul',
        toCity: 'Ankara',
        stations: ['Bolu'],
        departureAt,
        seatCount: 8,
        price,
        segmentPrices,
      })
    )._unsafeUnwrap();
  early = await create('2030-01-03T09:00:00.000Z', 30);
  late = (
    await booking.services.routes.create(admin, {
      fromCity: 'Istanbul',
      toCity: 'Ankara',
      stations: ['Bolu'],
      departureAt: '2030-01-04T09:00:00.000Z',
      seatCount: 8,
      price: 45.5,
      segmentPrices: [{ fromCity: 'Bolu', toCity: 'Ankara', price: 20.25 }],
    })
  )._unsafeUnwrap();
}

beforeEach(() => setUp());

const reserve = async (actor: Actor, overrides: Partial<ReserveCommand> = {}) =>
  (
    await booking.services.tickets.reserve(actor, {
      routeId: early.id,
      seatNumber: 1,
      passengerName: 'Ada Lovelace',
      gender: 'female',
      phone: '+90 555 000 00 00',
      ...overrides,
    })
  )._unsafeUnwrap();

const paid = async (overrides: Partial<ReserveCommand> = {}) => {
  const ticket = await reserve(alice, overrides);
  return (await booking.services.payments.pay(alice, { ...CARD, ticketId: ticket.id }))._unsafeUnwrap()
    .ticket;
};

const exchange = (actor: Actor, ticket: Ticket, command: Partial<ExchangeCommand> = {}) =>
  booking.services.ticketChanges.exchange(actor, ticket.id, { routeId: late.id, seatNumber: 3, ...command });

const logOf = (route: Route) => booking.ports.db.events.get(route.id)?.map((s) => s.event) ?? [];
const ledgerOf = (ticketId: string) =>
  [...booking.ports.db.ledger.values()]
    .filter((e) => e.ticketId === ticketId)
    .map((e) => [e.kind, e.amountCents, e.status]);
const historyOf = (id: string) => booking.ports.db.history.filter((e) => e.subjectId === id);

/** Everything a refused exchange must leave as it was (payment attempts apart: a decline is kept). */
const snapshot = () => ({
  tickets: structuredClone([...booking.ports.db.tickets.values()]),
  early: logOf(early).length,
  late: logOf(late).length,
  ledger: booking.ports.db.ledger.size,
  history: booking.ports.db.history.length,
});

describe('exchanging a ticket', () => {
  it('moves a reservation to another departure: a new ticket under the same PNR, the old one cancelled', async () => {
    const ticket = await reserve(alice, { seatNumber: 2 });
    booking.clock.advanceSeconds(60);
    const result = (await exchange(alice, ticket))._unsafeUnwrap();
    const now = '2030-01-01T08:01:00.000Z';
    expect(result.previous).toEqual({
      ...ticket,
      status: 'cancelled',
      holdExpiresAt: null,
      exchangedToId: result.ticket.id,
      updatedAt: now,
      version: 2,
    });
    expect(result.ticket).toEqual({
      ...ticket,
      id: expect.any(String),
      routeId: late.id,
      seatNumber: 3,
      price: 45.5,
      createdAt: now,
      updatedAt: now,
      exchangedFromId: ticket.id,
      soldForDepartureAt: late.departureAt,
    });
    expect(result.ticket.id).not.toBe(ticket.id);
    // A reservation is paid for later, at its new price: no card, no money moves now.
    expect(result.priceDifference).toBe(15.5);
    expect(result).not.toHaveProperty('payment');
    expect(result).not.toHaveProperty('refund');
    expect(logOf(early).map((e) => [e.sequence, e.eventType])).toEqual([
      [1, 'seat_reserved'],
      [2, 'seat_cancelled'],
      [3, 'seat_available'],
    ]);
    expect(logOf(late).map((e) => [e.sequence, e.eventType, 'ticketId' in e ? e.ticketId : null])).toEqual([
      [1, 'seat_reserved', result.ticket.id],
    ]);
    expect(booking.notifier.changes.at(-1)?.tickets).toEqual([result.previous, result.ticket]);
    expect(historyOf(ticket.id).map((e) => e.action)).toEqual(['book', 'exchange']);
    expect(historyOf(result.ticket.id).map((e) => [e.action, e.changes.exchangedFromId])).toEqual([
      ['exchange', { from: null, to: ticket.id }],
    ]);
    // The old seat is free, and the new reservation is paid for at its price.
    await reserve(bob, { seatNumber: 2 });
    const receipt = (
      await booking.services.payments.pay(alice, { ...CARD, ticketId: result.ticket.id })
    )._unsafeUnwrap();
    expect(receipt.payment.amount).toBe(45.5);
  });

  it('charges a sold ticket the difference for a dearer trip, and asks for a card without one', async () => {
    const ticket = await paid();
    const before = snapshot();
    const required = await exchange(alice, ticket);
    expect(required._unsafeUnwrapErr()).toMatchObject({
      kind: 'payment_required',
      amount: 15.5,
      currency: 'EUR',
    });
    expect(snapshot()).toEqual(before);
    const result = (await exchange(alice, ticket, { card: CARD }))._unsafeUnwrap();
    expect(result.priceDifference).toBe(15.5);
    expect(result.payment).toMatchObject({
      ticketId: result.ticket.id,
      amount: 15.5,
      currency: 'EUR',
      last4: '4242',
    });
    expect(result.ticket.status).toBe('confirmed');
    expect(booking.gateway.charges.map((c) => c.amountCents)).toEqual([3000, 1550]);
    expect(ledgerOf(ticket.id)).toEqual([
      ['charge', 3000, 'succeeded'],
      ['refund', 3000, 'succeeded'],
    ]);
    expect(ledgerOf(result.ticket.id)).toEqual([
      ['charge', 3000, 'succeeded'],
      ['charge', 1550, 'succeeded'],
    ]);
    // Cancelled later, the new ticket is refunded from both charges that paid for it.
    const cancelled = (
      await booking.services.tickets.cancel(agent, result.ticket.id, { waiveFee: true })
    )._unsafeUnwrap();
    expect(cancelled.refund).toEqual({ amount: 45.5, fee: 0, currency: 'EUR' });
    expect(booking.gateway.charges.map((c) => c.refundedCents)).toEqual([3000, 1550]);
  });

  it('refunds the difference of a cheaper trip to the card, and moves the rest to the new ticket', async () => {
    const ticket = await paid();
    const result = (
      await exchange(alice, ticket, { fromCity: 'Bolu', toCity: 'Ankara', seatNumber: 4 })
    )._unsafeUnwrap();
    expect(result.ticket).toMatchObject({
      fromCity: 'Bolu',
      toCity: 'Ankara',
      price: 20.25,
      status: 'confirmed',
    });
    expect(result.priceDifference).toBe(-9.75);
    expect(result.refund).toEqual({ amount: 9.75, fee: 0, currency: 'EUR' });
    expect(result).not.toHaveProperty('payment');
    expect(booking.gateway.charges.map((c) => c.refundedCents)).toEqual([975]);
    expect(ledgerOf(ticket.id)).toEqual([
      ['charge', 3000, 'succeeded'],
      ['refund', 975, 'succeeded'],
      ['refund', 2025, 'succeeded'],
    ]);
    expect(ledgerOf(result.ticket.id)).toEqual([['charge', 2025, 'succeeded']]);
    const money = (await booking.services.payments.ticketPayments(alice, result.ticket.id))._unsafeUnwrap();
    expect(money).toMatchObject({ paid: 20.25, refunded: 0 });
  });

  it('never refunds a card charge beyond what it charged, over a chain of exchanges', async () => {
    const ticket = await paid();
    const dearer = (await exchange(alice, ticket, { card: CARD }))._unsafeUnwrap().ticket;
    const cheaper = (
      await exchange(alice, dearer, { routeId: early.id, fromCity: 'Istanbul', seatNumber: 5 })
    )._unsafeUnwrap();
    expect(cheaper.refund).toEqual({ amount: 15.5, fee: 0, currency: 'EUR' });
    const cancelled = (
      await booking.services.tickets.cancel(agent, cheaper.ticket.id, { waiveFee: true })
    )._unsafeUnwrap();
    expect(cancelled.refund).toEqual({ amount: 30, fee: 0, currency: 'EUR' });
    // Every cent charged went back, from the charge that took it.
    expect(booking.gateway.charges.map((c) => [c.amountCents, c.refundedCents])).toEqual([
      [3000, 3000],
      [1550, 1550],
    ]);
  });

  it('charges the difference once when one ticket is exchanged twice at once', async () => {
    const ticket = await paid();
    const [first, second] = await Promise.all([
      exchange(alice, ticket, { card: CARD, seatNumber: 3 }),
      exchange(alice, ticket, { card: CARD, seatNumber: 4 }),
    ]);
    expect([first, second].filter((r) => r.isOk())).toHaveLength(1);
    const refused = [first, second].find((r) => r.isErr())?._unsafeUnwrapErr().kind;
    expect(['payment_in_progress', 'invalid_transition']).toContain(refused);
    const kept = booking.gateway.charges.reduce((sum, c) => sum + c.amountCents - c.refundedCents, 0);
    expect(kept).toBe(3000 + 1550);
  });

  it('answers a repeated Idempotency-Key with its first answer, and the same key for another ticket with idempotency_conflict', async () => {
    const first = await reserve(alice, { seatNumber: 1 });
    const other = await reserve(alice, { seatNumber: 2 });
    const command = { routeId: late.id, seatNumber: 3 };
    const key = { key: 'exchange-1', fingerprint: 'the same body' };
    const exchangeWith = (ticket: Ticket, idempotency = key) =>
      booking.services.ticketChanges.exchange(alice, ticket.id, command, idempotency);
    const done = (await exchangeWith(first))._unsafeUnwrap();
    expect((await exchangeWith(first))._unsafeUnwrap()).toEqual(done);

    const before = snapshot();
    const elsewhere = await exchangeWith(other);
    expect(elsewhere._unsafeUnwrapErr()).toMatchObject({ kind: 'idempotency_conflict', key: 'exchange-1' });
    expect(snapshot()).toEqual(before);
    // Under a key of its own it is a request like any other (seat 3 is the first ticket's now).
    const own = await booking.services.ticketChanges.exchange(
      alice,
      other.id,
      { ...command, seatNumber: 4 },
      { key: 'exchange-2', fingerprint: 'the same body' },
    );
    expect(own._unsafeUnwrap().previous.id).toBe(other.id);
  });

  it('changes nothing when the card is declined', async () => {
    const ticket = await paid();
    const before = snapshot();
    const declined = await exchange(alice, ticket, { card: DECLINED });
    expect(declined._unsafeUnwrapErr()).toMatchObject({
      kind: 'payment_declined',
      reason: 'insufficient_funds',
    });
    expect(snapshot()).toEqual(before);
  });

  it('gives the difference back when the new seat turns out to be taken, and changes nothing else', async () => {
    const ticket = await paid();
    await reserve(bob, { routeId: late.id, seatNumber: 3 });
    const before = snapshot();
    const refused = await exchange(alice, ticket, { card: CARD });
    expect(refused._unsafeUnwrapErr()).toMatchObject({ kind: 'seat_unavailable', seatNumbers: [3] });
    expect(snapshot()).toEqual(before);
    const difference = booking.gateway.charges[1];
    expect(difference).toMatchObject({ amountCents: 1550, refundedCents: 1550 });
  });

  it('refuses a cancelled departure (route_cancelled), a missing one, and a seat the bus lacks', async () => {
    const ticket = await reserve(alice);
    (await booking.services.departures.cancel(admin, late.id, { reason: 'Storm' }))._unsafeUnwrap();
    const before = snapshot();
    expect((await exchange(alice, ticket))._unsafeUnwrapErr().kind).toBe('route_cancelled');
    const missing = await exchange(alice, ticket, { routeId: '00000000-0000-4000-8000-000000000000' });
    expect(missing._unsafeUnwrapErr().kind).toBe('route_not_found');
    expect(
      (await exchange(alice, ticket, { routeId: early.id, seatNumber: 9 }))._unsafeUnwrapErr().kind,
    ).toBe('seat_out_of_range');
    expect(
      (await exchange(alice, ticket, { routeId: early.id, seatNumber: 1 }))._unsafeUnwrapErr().kind,
    ).toBe('validation_failed');
    expect(snapshot()).toEqual(before);
  });

  it("answers ticket_not_found for another customer's ticket, and refuses cancelled tickets", async () => {
    const ticket = await reserve(alice);
    expect((await exchange(bob, ticket))._unsafeUnwrapErr().kind).toBe('ticket_not_found');
    (await booking.services.tickets.cancel(alice, ticket.id))._unsafeUnwrap();
    expect((await exchange(alice, ticket))._unsafeUnwrapErr()).toMatchObject({
      kind: 'invalid_transition',
      action: 'exchange',
    });
  });

  it('lets a customer exchange only before departure', async () => {
    const ticket = await paid();
    booking.clock.set(early.departureAt);
    expect((await exchange(alice, ticket, { card: CARD }))._unsafeUnwrapErr().kind).toBe('route_departed');
    expect((await exchange(agent, ticket, { card: CARD }))._unsafeUnwrap().ticket.routeId).toBe(late.id);
  });

  it('moves a ticket to a longer segment of its own seat on the same departure', async () => {
    const ticket = await reserve(agent, { fromCity: 'Bolu', seatNumber: 6 });
    const result = (
      await exchange(agent, ticket, { routeId: early.id, fromCity: 'Istanbul', seatNumber: 6 })
    )._unsafeUnwrap();
    expect(result.ticket).toMatchObject({
      routeId: early.id,
      seatNumber: 6,
      fromStopIndex: 0,
      toStopIndex: 2,
    });
    expect(logOf(early).map((e) => e.eventType)).toEqual([
      'seat_confirmed',
      'seat_cancelled',
      'seat_available',
      'seat_confirmed',
    ]);
  });

  it('keeps a group payable by its PNR: from the lowest seat, the older ticket first when an exchange shares a seat number', async () => {
    const group = (
      await booking.services.tickets.reserveGroup(alice, {
        routeId: early.id,
        fromCity: 'Istanbul',
        toCity: 'Bolu',
        passengers: [1, 2].map((seatNumber) => ({
          seatNumber,
          passengerName: 'Member',
          gender: 'male' as const,
        })),
      })
    )._unsafeUnwrap();
    const [first, second] = group.tickets as [Ticket, Ticket];
    booking.clock.advanceSeconds(60);
    const moved = (
      await exchange(alice, second, { routeId: early.id, seatNumber: 1, fromCity: 'Bolu', toCity: 'Ankara' })
    )._unsafeUnwrap().ticket;
    const receipt = (
      await booking.services.payments.payBooking(alice, { pnrNumber: first.pnrNumber, ...CARD })
    )._unsafeUnwrap();
    expect(receipt.ticket).toMatchObject({ id: first.id, status: 'confirmed' });
    expect(receipt.tickets?.map((t) => [t.id, t.seatNumber, t.status])).toEqual([
      [first.id, 1, 'confirmed'],
      [moved.id, 1, 'confirmed'],
    ]);
  });

  it('judges the new seat by the seat rules of its departure', async () => {
    await setUp({ seatPolicies: [genderAdjacencyPolicy()] });
    const ticket = await reserve(alice, { gender: 'female' });
    await reserve(agent, { routeId: late.id, seatNumber: 4, passengerName: 'Bob', gender: 'male' });
    const before = snapshot();
    const refused = await exchange(alice, ticket, { seatNumber: 3 });
    expect(refused._unsafeUnwrapErr()).toMatchObject({
      kind: 'seat_rule_violation',
      rule: 'gender_adjacency',
    });
    expect(snapshot()).toEqual(before);
  });

  it('runs two opposite exchanges at once, each to a free seat, and gives one free seat to one of two', async () => {
    const a = await reserve(agent, { seatNumber: 1 });
    const b = await reserve(agent, { routeId: late.id, seatNumber: 1 });
    const [ab, ba] = await Promise.all([
      exchange(agent, a, { routeId: late.id, seatNumber: 2, card: CARD }),
      exchange(agent, b, { routeId: early.id, seatNumber: 2, card: CARD }),
    ]);
    expect([ab.isOk(), ba.isOk()]).toEqual([true, true]);
    const c = await reserve(agent, { seatNumber: 5 });
    const d = await reserve(agent, { seatNumber: 6 });
    const both = await Promise.all([c, d].map((t) => exchange(agent, t, { seatNumber: 8, card: CARD })));
    expect(both.filter((r) => r.isOk())).toHaveLength(1);
    expect(both.find((r) => r.isErr())?._unsafeUnwrapErr().kind).toBe('seat_unavailable');
    expect(logOf(late).map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
  });
});
