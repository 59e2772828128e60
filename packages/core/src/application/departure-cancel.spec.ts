import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { errAsync, ResultAsync } from 'neverthrow';
import type { Actor } from '../domain/actor';
import { errors } from '../domain/errors';
import type { Hold } from '../domain/hold';
import type { Route } from '../domain/route';
import type { Ticket } from '../domain/ticket';
import { actors, TEST_CARD } from '../testing/fixtures';
import {
  createInMemoryBooking,
  createRouteAsAdmin,
  paidGroup,
  passenger,
  type InMemoryBooking,
} from '../testing/in-memory-booking';
import { startBackgroundJobs } from './background-jobs';
import { createBookingServices } from './booking-services';
import { InMemoryPaymentRepository } from '../testing/in-memory-payment-repository';
import { InMemoryTicketRepository } from '../testing/in-memory-repositories';

const { admin, agent, alice, bob, carol } = actors;
/** Two hours after the clock's start: a cancellation now would keep a 10 % fee under the default policy. */
const DEPARTURE = '2030-01-01T18:00:00.000Z';
const REASON = 'Bus broken down';
/** Past the payment lock's lease (120 s): reconciliation then sends pending refunds again. */
const AFTER_LEASE = 121;

let booking: InMemoryBooking;
let route: Route;
let backgroundErrors: string[];

beforeEach(async () => {
  backgroundErrors = [];
  booking = createInMemoryBooking({
    holdSeconds: 3600,
    seatHoldSeconds: 300,
    onBackgroundError: (_error, context) => backgroundErrors.push(context),
  });
  route = await createRouteAsAdmin(booking, {
    fromCity: 'Izmir',
    toCity: 'Ankara',
    stations: ['Afyon'],
    departureAt: DEPARTURE,
    seatCount: 12,
    price: 19.99,
  });
});

afterEach(() => {
  jest.restoreAllMocks();
});

/** Alice's two paid tickets (seats 1, 2), Bob's unpaid one (3), a counter sale (4), Carol's hold (5, 6). */
async function sellSome(): Promise<{ paid: Ticket[]; reserved: Ticket; counter: Ticket; hold: Hold }> {
  const sold = await paidGroup(booking, alice, route.id, [passenger(1, 'Alice'), passenger(2, 'Ayse')]);
  const reserved = (
    await booking.services.tickets.reserve(bob, {
      routeId: route.id,
      toCity: 'Afyon',
      ...passenger(3, 'Bob'),
    })
  )._unsafeUnwrap();
  const counter = (
    await booking.services.tickets.reserve(agent, { routeId: route.id, ...passenger(4, 'Deniz') })
  )._unsafeUnwrap();
  const hold = (
    await booking.services.holds.place(carol, { routeId: route.id, seatNumbers: [6, 5] })
  )._unsafeUnwrap();
  const paid = sold.map((t) => booking.ports.db.tickets.get(t.id) as Ticket);
  return { paid, reserved, counter, hold };
}

const cancel = (actor: Actor = admin, reason: unknown = REASON) =>
  booking.services.departures.cancel(actor, route.id, { reason });
/** The refunds the cancellations answered so far send in the background, done. */
const refundsSent = () => booking.services.departures.refundsSent();

/** The gateway's refunds wait until `open()`: a slow provider, or (never opened) a process that stops. */
function gatedRefunds(): { open: () => void; asked: () => number } {
  let open = () => undefined as void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const refund = booking.gateway.refund.bind(booking.gateway);
  let asked = 0;
  jest.spyOn(booking.gateway, 'refund').mockImplementation((request) => {
    asked++;
    return ResultAsync.fromSafePromise(gate).andThen(() => refund(request));
  });
  return { open: () => open(), asked: () => asked };
}

const log = () => booking.ports.db.events.get(route.id)?.map((s) => s.event) ?? [];
const ledger = () => [...booking.ports.db.ledger.values()];
const refundsOf = (ticketId: string) =>
  ledger()
    .filter((e) => e.ticketId === ticketId && e.kind === 'refund')
    .map((e) => [e.amountCents, e.feeCents, e.status]);

/** Everything a cancellation could change, to show that a refused or failed one changed none of it. */
const snapshot = () =>
  JSON.stringify({
    routes: [...booking.ports.db.routes.values()],
    tickets: [...booking.ports.db.tickets.values()],
    holds: [...booking.ports.db.holds.values()],
    events: log(),
    ledger: ledger(),
    history: booking.ports.db.history,
    told: booking.notifier.changes.length,
    refunded: booking.gateway.charges.map((c) => c.refundedCents),
  });

describe('cancelling a departure', () => {
  it('cancels the route, then every ticket (refunded in full) and hold, in one commit with route_update first', async () => {
    const { paid, reserved, counter, hold } = await sellSome();
    const before = log().length;
    // What the ledger says at the moment the commit is published, before the refunds are sent.
    let ledgerWhenPublished: unknown[] = [];
    booking.notifier.onChange(() => {
      ledgerWhenPublished = paid.flatMap((t) => refundsOf(t.id));
    });

    const cancelled = (await cancel())._unsafeUnwrap();

    expect(cancelled).toMatchObject({
      id: route.id,
      status: 'cancelled',
      cancelReason: REASON,
      departureAt: DEPARTURE,
      updatedAt: '2030-01-01T08:00:00.000Z',
    });
    expect(booking.ports.db.routes.get(route.id)).toEqual(cancelled);
    const events = log().slice(before);
    expect(
      events.map((e) => [e.sequence - before, e.eventType, 'seatNumber' in e ? e.seatNumber : null]),
    ).toEqual([
      [1, 'route_update', null],
      [2, 'seat_cancelled', 1],
      [3, 'seat_available', 1],
      [4, 'seat_cancelled', 2],
      [5, 'seat_available', 2],
      [6, 'seat_cancelled', 3],
      [7, 'seat_available', 3],
      [8, 'seat_cancelled', 4],
      [9, 'seat_available', 4],
      [10, 'seat_released', 5],
      [11, 'seat_released', 6],
    ]);
    expect(events[0]).toEqual({
      routeId: route.id,
      eventType: 'route_update',
      status: 'cancelled',
      departureAt: DEPARTURE,
      reason: REASON,
      sequence: before + 1,
      timestamp: '2030-01-01T08:00:00.000Z',
    });
    expect(
      events.filter((e) => e.eventType === 'seat_released').map((e) => 'ticketId' in e && e.ticketId),
    ).toEqual([hold.id, hold.id]);
    // One publication: every event, and the cancelled tickets for their owners' ticket_update.
    const told = booking.notifier.changes.at(-1);
    expect(told?.events).toEqual(events);
    expect(told?.tickets.map((t) => [t.id, t.status])).toEqual(
      [...paid, reserved, counter].map((t) => [t.id, 'cancelled']),
    );
    expect(booking.ports.db.holds.get(hold.id)?.status).toBe('released');

    // Refunds: pending in the commit, then sent: the whole payment, no fee although 10 h are left.
    expect(ledgerWhenPublished).toEqual([
      [1999, 0, 'pending'],
      [1999, 0, 'pending'],
    ]);
    await refundsSent();
    for (const ticket of paid) expect(refundsOf(ticket.id)).toEqual([[1999, 0, 'succeeded']]);
    expect(refundsOf(reserved.id)).toEqual([]);
    expect(refundsOf(counter.id)).toEqual([]);
    expect(booking.gateway.charges.map((c) => [c.amountCents, c.refundedCents])).toEqual([[3998, 3998]]);
    expect(backgroundErrors).toEqual([]);

    // The audit trail: the route's entry with the reason, and each ticket's.
    const trail = (await booking.services.departures.history(admin, route.id))._unsafeUnwrap();
    expect(trail).toEqual([
      expect.objectContaining({
        subject: 'route',
        subjectId: route.id,
        action: 'cancel_departure',
        reason: REASON,
        by: { userId: 'admin', role: 'admin' },
        changes: {
          status: { from: 'scheduled', to: 'cancelled' },
          cancelReason: { from: null, to: REASON },
        },
      }),
    ]);
    for (const ticket of [...paid, reserved, counter]) {
      const entries = booking.ports.db.history.filter(
        (e) => e.subject === 'ticket' && e.subjectId === ticket.id,
      );
      expect(entries.at(-1)).toMatchObject({
        action: 'cancel_departure',
        reason: REASON,
        by: { userId: 'admin', role: 'admin' },
        changes: { status: { from: ticket.status, to: 'cancelled' } },
      });
    }
  });

  it('cancels a departure with nothing sold: the route and its route_update only', async () => {
    const cancelled = (await cancel(admin, '  Storm warning  '))._unsafeUnwrap();
    expect(cancelled.cancelReason).toBe('Storm warning');
    expect(log().map((e) => e.eventType)).toEqual(['route_update']);
    expect(booking.notifier.changes.at(-1)?.tickets).toEqual([]);
  });

  it('refuses a second cancellation (route_cancelled) and changes nothing', async () => {
    await sellSome();
    (await cancel())._unsafeUnwrap();
    const after = snapshot();
    const again = (await cancel(admin, 'Again'))._unsafeUnwrapErr();
    expect(again).toMatchObject({ kind: 'route_cancelled', routeId: route.id });
    expect(snapshot()).toBe(after);
  });

  it('sells and holds nothing once cancelled: route_cancelled', async () => {
    const { reserved } = await sellSome();
    (await cancel())._unsafeUnwrap();
    const after = snapshot();
    const refused = [
      await booking.services.tickets.reserve(bob, { routeId: route.id, ...passenger(7, 'Passenger') }),
      await booking.services.tickets.reserve(agent, { routeId: route.id, ...passenger(8, 'Passenger') }),
      await booking.services.tickets.reserveGroup(bob, {
        routeId: route.id,
        passengers: [passenger(9, 'Passenger')],
      }),
      await booking.services.holds.place(bob, { routeId: route.id, seatNumbers: [10] }),
      await booking.services.holds.place(bob, { routeId: route.id, quantity: 1 }),
    ];
    expect(refused.map((r) => r._unsafeUnwrapErr().kind)).toEqual(Array(5).fill('route_cancelled'));
    // A cancelled ticket stays cancelled.
    expect(
      (await booking.services.payments.pay(bob, { ...TEST_CARD, ticketId: reserved.id }))._unsafeUnwrapErr()
        .kind,
    ).toBe('invalid_transition');
    expect(snapshot()).toBe(after);
  });

  it('refuses a hold placed before the cancellation from being booked after it', async () => {
    const hold = (
      await booking.services.holds.place(bob, { routeId: route.id, seatNumbers: [7] })
    )._unsafeUnwrap();
    (await cancel())._unsafeUnwrap();
    const booked = await booking.services.tickets.bookHold(bob, {
      holdId: hold.id,
      passengers: [passenger(7, 'Passenger')],
    });
    expect(booked._unsafeUnwrapErr().kind).toBe('route_cancelled');
    expect(booking.ports.db.holds.get(hold.id)?.status).toBe('released');
  });

  it.each([
    ['an agent', agent, REASON, 'forbidden'],
    ['a customer', alice, REASON, 'forbidden'],
    ['no reason', admin, undefined, 'validation_failed'],
    ['a blank reason', admin, '   ', 'validation_failed'],
    ['a reason on two lines', admin, 'Broken\nbus', 'validation_failed'],
    ['a reason too long', admin, 'x'.repeat(501), 'validation_failed'],
    ['a reason that is not text', admin, 42, 'validation_failed'],
  ])('refuses %s and changes nothing', async (_what, actor, reason, kind) => {
    await sellSome();
    const before = snapshot();
    const refused = await booking.services.departures.cancel(actor, route.id, { reason });
    expect(refused._unsafeUnwrapErr().kind).toBe(kind);
    expect(snapshot()).toBe(before);
  });

  it('takes a reason of exactly 500 characters', async () => {
    expect((await cancel(admin, 'x'.repeat(500)))._unsafeUnwrap().cancelReason).toHaveLength(500);
  });

  it('answers route_not_found for an unknown route and route_departed once the bus has left', async () => {
    const unknown = await booking.services.departures.cancel(admin, 'no-such-route', { reason: REASON });
    expect(unknown._unsafeUnwrapErr().kind).toBe('route_not_found');
    await sellSome();
    booking.clock.set(DEPARTURE);
    const before = snapshot();
    expect((await cancel())._unsafeUnwrapErr()).toMatchObject({ kind: 'route_departed', routeId: route.id });
    expect(snapshot()).toBe(before);
  });

  it('leaves nothing behind when a write fails midway (the second refund), and succeeds once it works', async () => {
    await sellSome();
    const before = snapshot();
    const insert = InMemoryPaymentRepository.prototype.insertEntries;
    let calls = 0;
    jest.spyOn(InMemoryPaymentRepository.prototype, 'insertEntries').mockImplementation(function (
      this: InMemoryPaymentRepository,
      entries,
    ) {
      calls++;
      return calls === 2 ? errAsync(errors.persistenceUnavailable('disk full')) : insert.call(this, entries);
    });
    expect((await cancel())._unsafeUnwrapErr().kind).toBe('persistence_unavailable');
    expect(calls).toBe(2);
    expect(snapshot()).toBe(before);

    jest.restoreAllMocks();
    expect((await cancel())._unsafeUnwrap().status).toBe('cancelled');
    await refundsSent();
    expect(booking.gateway.charges[0]?.refundedCents).toBe(3998);
  });

  it('reads again and starts over when a ticket changed under it (a stale write)', async () => {
    const { paid } = await sellSome();
    const update = InMemoryTicketRepository.prototype.update;
    let calls = 0;
    jest.spyOn(InMemoryTicketRepository.prototype, 'update').mockImplementation(function (
      this: InMemoryTicketRepository,
      ticket,
    ) {
      calls++;
      return calls === 3
        ? errAsync({ kind: 'stale_ticket' as const, ticketId: ticket.id })
        : update.call(this, ticket);
    });
    expect((await cancel())._unsafeUnwrap().status).toBe('cancelled');
    expect(log().filter((e) => e.eventType === 'route_update')).toHaveLength(1);
    expect(log().filter((e) => e.eventType === 'seat_cancelled')).toHaveLength(4);
    await refundsSent();
    for (const ticket of paid) expect(refundsOf(ticket.id)).toEqual([[1999, 0, 'succeeded']]);
  });
});

describe('a refund the gateway declines', () => {
  it('stays pending, is reported each time, and reconciliation retries it until it succeeds', async () => {
    const { paid } = await sellSome();
    const refund = booking.gateway.refund.bind(booking.gateway);
    let declining = true;
    jest
      .spyOn(booking.gateway, 'refund')
      .mockImplementation((request) =>
        declining ? errAsync({ kind: 'declined', reason: 'processor_declined' }) : refund(request),
      );

    (await cancel())._unsafeUnwrap();
    await refundsSent();
    for (const ticket of paid) expect(refundsOf(ticket.id)).toEqual([[1999, 0, 'pending']]);
    expect(backgroundErrors).toHaveLength(2);
    expect(backgroundErrors.every((context) => context.endsWith('left pending'))).toBe(true);

    // Not before the payment lock's lease; then every round tries again while the gateway refuses.
    expect((await booking.services.payments.reconcile())._unsafeUnwrap().refundsRetried).toBe(0);
    booking.clock.advanceSeconds(AFTER_LEASE);
    expect((await booking.services.payments.reconcile())._unsafeUnwrap().refundsRetried).toBe(2);
    expect((await booking.services.payments.reconcile())._unsafeUnwrap().refundsRetried).toBe(2);
    expect(backgroundErrors).toHaveLength(6);
    for (const ticket of paid) expect(refundsOf(ticket.id)).toEqual([[1999, 0, 'pending']]);
    expect(booking.gateway.charges[0]?.refundedCents).toBe(0);

    declining = false;
    expect((await booking.services.payments.reconcile())._unsafeUnwrap().refundsRetried).toBe(2);
    for (const ticket of paid) expect(refundsOf(ticket.id)).toEqual([[1999, 0, 'succeeded']]);
    expect(booking.gateway.charges[0]?.refundedCents).toBe(3998);
    expect((await booking.services.payments.reconcile())._unsafeUnwrap().refundsRetried).toBe(0);
    expect(backgroundErrors).toHaveLength(6);
  });
});

describe('the refunds of a cancelled departure', () => {
  it('are sent after the answer: a slow gateway holds up neither the answer nor the route', async () => {
    const { paid } = await sellSome();
    const gateway = gatedRefunds();

    const cancelled = (await cancel())._unsafeUnwrap();

    // Answered while the gateway can answer no refund yet.
    expect(cancelled.status).toBe('cancelled');
    for (const ticket of paid) expect(refundsOf(ticket.id)).toEqual([[1999, 0, 'pending']]);
    const refused = await booking.services.tickets.reserve(bob, {
      routeId: route.id,
      ...passenger(8, 'Passenger'),
    });
    expect(refused._unsafeUnwrapErr().kind).toBe('route_cancelled');

    gateway.open();
    await refundsSent();
    expect(gateway.asked()).toBe(2);
    for (const ticket of paid) expect(refundsOf(ticket.id)).toEqual([[1999, 0, 'succeeded']]);
    expect(booking.gateway.charges.map((c) => c.refundedCents)).toEqual([3998]);
    expect(backgroundErrors).toEqual([]);
  });

  it('stay pending when the process stops before sending them, and the next start sends them', async () => {
    const { paid } = await sellSome();
    gatedRefunds(); // never opened: the process stops with its refunds unsent
    (await cancel())._unsafeUnwrap();
    for (const ticket of paid) expect(refundsOf(ticket.id)).toEqual([[1999, 0, 'pending']]);
    jest.restoreAllMocks();

    // The next process on the same storage: its first round of background jobs, at its start.
    booking.clock.advanceSeconds(AFTER_LEASE);
    const next = createBookingServices(booking.ports, { holdSeconds: 3600, seatHoldSeconds: 300 });
    const jobs = startBackgroundJobs(next, { intervalMs: 3_600_000 });
    await jobs.runOnce();
    await jobs.stop();

    for (const ticket of paid) expect(refundsOf(ticket.id)).toEqual([[1999, 0, 'succeeded']]);
    expect(booking.gateway.charges.map((c) => c.refundedCents)).toEqual([3998]);
  });

  it('reports a refund that throws (a bug) to onBackgroundError, without failing the answer', async () => {
    await sellSome();
    jest.spyOn(booking.gateway, 'refund').mockImplementation(() => {
      throw new Error('gateway bug');
    });
    expect((await cancel())._unsafeUnwrap().status).toBe('cancelled');
    await refundsSent();
    expect(backgroundErrors).toEqual([`refunds of the cancelled departure ${route.id}`]);
  });
});
