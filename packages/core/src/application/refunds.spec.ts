import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { err, errAsync, ResultAsync, type Result } from 'neverthrow';
import { parseCancellationPolicy } from '../domain/cancellation-policy';
import type { Route } from '../domain/route';
import type { Ticket } from '../domain/ticket';
import type { GatewayError, PaymentGateway, Refund } from '../ports/payment-gateway.port';
import { actors, TEST_CARD } from '../testing/fixtures';
import {
  createInMemoryBooking,
  createRouteAsAdmin,
  paidGroup as paidGroupOf,
  passenger,
  type InMemoryBooking,
} from '../testing/in-memory-booking';
import { createBookingServices } from './booking-services';
import { CachedRouteRepository } from './cached-route-repository';

const { admin, agent, alice, bob } = actors;
/** The route departs 48 hours after the clock's start. */
const DEPARTURE = '2030-01-03T08:00:00.000Z';
const HOUR = 3600;

let booking: InMemoryBooking;
let route: Route;

/** Izmir to Ankara, no stations, leaving at DEPARTURE: the routes of these tests. */
const izmirToAnkara = (seatCount: number, price = 19.99) =>
  createRouteAsAdmin(booking, {
    fromCity: 'Izmir',
    toCity: 'Ankara',
    stations: [],
    departureAt: DEPARTURE,
    seatCount,
    price,
  });

beforeEach(async () => {
  booking = createInMemoryBooking({ currency: 'EUR', holdSeconds: 60 * HOUR });
  route = await izmirToAnkara(12);
});

/** Alice's seats on the route, paid with one charge. */
const paidGroup = (seats: number[]): Promise<Ticket[]> =>
  paidGroupOf(
    booking,
    alice,
    route.id,
    seats.map((seat) => passenger(seat)),
  );

const entries = (ticketId: string) =>
  [...booking.ports.db.ledger.values()]
    .filter((e) => e.ticketId === ticketId)
    .map((e) => [e.kind, e.amountCents, e.feeCents, e.status]);

describe('refunds on cancellation', () => {
  it.each([
    [30, 0, 19.99],
    [24, 0, 19.99],
    [23, 2, 17.99],
    [2, 2, 17.99],
    [1, 5, 14.99],
  ])('%i hours before departure keeps a fee of %f and refunds %f', async (hoursBefore, fee, amount) => {
    const [ticket] = await paidGroup([3]);
    booking.clock.set(new Date(Date.parse(DEPARTURE) - hoursBefore * HOUR * 1000));
    const cancelled = (await booking.services.tickets.cancel(alice, ticket?.id as string))._unsafeUnwrap();
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.refund).toEqual({ amount, fee, currency: 'EUR' });
    expect(booking.gateway.charges[0]?.refundedCents).toBe(Math.round(amount * 100));
    expect(entries(ticket?.id as string)).toEqual([
      ['charge', 1999, 0, 'succeeded'],
      ['refund', Math.round(amount * 100), Math.round(fee * 100), 'succeeded'],
    ]);
  });

  it('refunds one passenger of a group their share only, and the rest later on their own', async () => {
    const [first, second] = await paidGroup([1, 2]);
    booking.clock.set(new Date(Date.parse(DEPARTURE) - 10 * HOUR * 1000));
    const one = (await booking.services.tickets.cancel(alice, first?.id as string))._unsafeUnwrap();
    expect(one.refund).toEqual({ amount: 17.99, fee: 2, currency: 'EUR' });
    expect(booking.gateway.charges).toHaveLength(1);
    expect(booking.gateway.charges[0]).toMatchObject({ amountCents: 3998, refundedCents: 1799 });
    const other = (await booking.services.tickets.cancel(alice, second?.id as string))._unsafeUnwrap();
    expect(other.refund?.amount).toBe(17.99);
    expect(booking.gateway.charges[0]?.refundedCents).toBe(3598);
  });

  it('lets staff waive the fee; a customer asking to is forbidden and nothing changes', async () => {
    const [ticket] = await paidGroup([4]);
    booking.clock.set(new Date(Date.parse(DEPARTURE) - HOUR * 1000));
    const id = ticket?.id as string;
    expect(
      (await booking.services.tickets.cancel(alice, id, { waiveFee: true }))._unsafeUnwrapErr().kind,
    ).toBe('forbidden');
    expect(booking.ports.db.tickets.get(id)?.status).toBe('confirmed');
    const cancelled = (await booking.services.tickets.cancel(agent, id, { waiveFee: true }))._unsafeUnwrap();
    expect(cancelled.refund).toEqual({ amount: 19.99, fee: 0, currency: 'EUR' });
  });

  it('refunds nothing for a ticket never paid for, and never twice', async () => {
    const reserved = (
      await booking.services.tickets.reserve(bob, {
        routeId: route.id,
        seatNumber: 9,
        passengerName: 'Bob',
        gender: 'male',
      })
    )._unsafeUnwrap();
    const cancelled = (await booking.services.tickets.cancel(bob, reserved.id))._unsafeUnwrap();
    expect(cancelled.refund).toBeUndefined();
    const [paid] = await paidGroup([5]);
    await booking.services.tickets.cancel(alice, paid?.id as string);
    expect((await booking.services.tickets.cancel(alice, paid?.id as string))._unsafeUnwrapErr().kind).toBe(
      'invalid_transition',
    );
    expect(booking.gateway.charges[0]?.refundedCents).toBe(1999);
    expect(entries(paid?.id as string)).toHaveLength(2);
  });

  it('keeps a refund the gateway could not take pending, and reconciliation sends it once', async () => {
    const [ticket] = await paidGroup([6]);
    booking.gateway.available = false;
    const cancelled = (await booking.services.tickets.cancel(alice, ticket?.id as string))._unsafeUnwrap();
    expect(cancelled.refund?.amount).toBe(19.99);
    expect(entries(ticket?.id as string).at(-1)).toEqual(['refund', 1999, 0, 'pending']);
    booking.gateway.available = true;
    // Not before the payment lock's lease has passed: a live request might still be sending it.
    expect((await booking.services.payments.reconcile())._unsafeUnwrap().refundsRetried).toBe(0);
    booking.clock.advanceSeconds(121);
    expect((await booking.services.payments.reconcile())._unsafeUnwrap().refundsRetried).toBe(1);
    expect(entries(ticket?.id as string).at(-1)).toEqual(['refund', 1999, 0, 'succeeded']);
    expect(booking.gateway.charges[0]?.refundedCents).toBe(1999);
    expect((await booking.services.payments.reconcile())._unsafeUnwrap().refundsRetried).toBe(0);
  });

  it('keeps a refund the gateway refuses pending, reports it, and reconciliation sends it until accepted', async () => {
    const errors: string[] = [];
    booking = createInMemoryBooking({
      holdSeconds: 60 * HOUR,
      onBackgroundError: (_error, context) => errors.push(context),
    });
    route = await izmirToAnkara(4);
    const [ticket] = await paidGroup([1]);
    const id = ticket?.id as string;
    const refund = booking.gateway.refund.bind(booking.gateway);
    let refusing = true;
    jest
      .spyOn(booking.gateway, 'refund')
      .mockImplementation((request) =>
        refusing ? errAsync({ kind: 'declined', reason: 'processor_declined' }) : refund(request),
      );
    (await booking.services.tickets.cancel(alice, id))._unsafeUnwrap();
    // Once `failed` and never sent again; now pending until the money is back.
    expect(entries(id).at(-1)).toEqual(['refund', 1999, 0, 'pending']);
    expect(errors).toEqual([expect.stringMatching(/^refund .* left pending$/)]);
    booking.clock.advanceSeconds(121);
    expect((await booking.services.payments.reconcile())._unsafeUnwrap().refundsRetried).toBe(1);
    expect(entries(id).at(-1)).toEqual(['refund', 1999, 0, 'pending']);
    expect(errors).toHaveLength(2);
    // Each refused try is noted, so the retries take the least recently tried refunds first.
    const pending = [...booking.ports.db.ledger.values()].find(
      (e) => e.kind === 'refund' && e.ticketId === id,
    );
    expect(pending?.updatedAt).toBe(booking.clock.now().toISOString());
    refusing = false;
    expect((await booking.services.payments.reconcile())._unsafeUnwrap().refundsRetried).toBe(1);
    expect(entries(id).at(-1)).toEqual(['refund', 1999, 0, 'succeeded']);
    expect(booking.gateway.charges[0]?.refundedCents).toBe(1999);
    jest.restoreAllMocks();
  });

  it('follows the deployment policy, down to a fee that keeps everything', async () => {
    const policy = parseCancellationPolicy('0h:100')._unsafeUnwrap();
    booking = createInMemoryBooking({ cancellationPolicy: policy, holdSeconds: 60 * HOUR });
    route = await createRouteAsAdmin(booking, {
      fromCity: 'A',
      toCity: 'B',
      stations: [],
      departureAt: DEPARTURE,
      seatCount: 4,
      price: 10,
    });
    const [ticket] = await paidGroup([1]);
    const cancelled = (await booking.services.tickets.cancel(alice, ticket?.id as string))._unsafeUnwrap();
    expect(cancelled.refund).toEqual({ amount: 0, fee: 10, currency: 'EUR' });
    expect(booking.gateway.charges[0]?.refundedCents).toBe(0);
  });
});

describe("a ticket's payments", () => {
  it('shows each entry and the totals to the owner and staff, and nothing to another customer', async () => {
    const [ticket] = await paidGroup([7, 8]);
    const id = ticket?.id as string;
    booking.clock.set(new Date(Date.parse(DEPARTURE) - HOUR * 1000));
    await booking.services.tickets.cancel(alice, id);
    const money = (await booking.services.payments.ticketPayments(alice, id))._unsafeUnwrap();
    expect(money).toEqual({
      ticketId: id,
      currency: 'EUR',
      paid: 19.99,
      refunded: 14.99,
      moved: 0,
      entries: [
        {
          id: expect.any(String),
          kind: 'charge',
          amount: 19.99,
          status: 'succeeded',
          createdAt: expect.any(String),
          last4: '4242',
        },
        {
          id: expect.any(String),
          kind: 'refund',
          amount: 14.99,
          status: 'succeeded',
          createdAt: expect.any(String),
          last4: '4242',
        },
      ],
    });
    expect((await booking.services.payments.ticketPayments(agent, id))._unsafeUnwrap()).toEqual(money);
    expect((await booking.services.payments.ticketPayments(bob, id))._unsafeUnwrapErr().kind).toBe(
      'ticket_not_found',
    );
  });
});

describe('the free cancel after a move', () => {
  const later = (hours: number) => new Date(Date.parse(DEPARTURE) + hours * HOUR * 1000).toISOString();
  const move = async (departureAt: string, on: Route = route) =>
    (await booking.services.departures.move(admin, on.id, { departureAt }))._unsafeUnwrap();
  const cancelOwn = async (ticket: Ticket | undefined) =>
    (await booking.services.tickets.cancel(alice, ticket?.id as string))._unsafeUnwrap().refund;

  it('is not given to a passenger who bought after the departure was moved: the move came before the sale', async () => {
    await move(later(3));
    const [ticket] = await paidGroup([1]);
    booking.clock.set(later(2)); // an hour before the moved departure: 25 %
    expect(await cancelOwn(ticket)).toEqual({ amount: 14.99, fee: 5, currency: 'EUR' });
  });

  it('is given to that passenger once the departure moves again by more than the delay from the one they bought', async () => {
    await move(later(3));
    const [ticket] = await paidGroup([1]);
    await move(later(5));
    booking.clock.set(later(4)); // an hour before: 25 % but for the move
    expect(await cancelOwn(ticket)).toEqual({ amount: 19.99, fee: 0, currency: 'EUR' });
  });

  it('is not given for a move of the departure a ticket was exchanged into that came before the exchange', async () => {
    const moved = await izmirToAnkara(4);
    await move(later(3), moved);
    const [ticket] = await paidGroup([1]);
    const exchanged = await booking.services.ticketChanges.exchange(alice, ticket?.id as string, {
      routeId: moved.id,
      seatNumber: 1,
    });
    booking.clock.set(later(2));
    expect(await cancelOwn(exchanged._unsafeUnwrap().ticket)).toEqual({
      amount: 14.99,
      fee: 5,
      currency: 'EUR',
    });
  });

  it("follows a move another process committed while this process's route cache still holds the old departure", async () => {
    // Two servers on one database, each with its route cache (one that never lets a route go stale).
    const cachedPorts = () => ({
      ...booking.ports,
      routes: new CachedRouteRepository(booking.ports.routes, { now: () => 0 }),
    });
    const config = { currency: 'EUR', holdSeconds: 60 * HOUR };
    const here = createBookingServices(cachedPorts(), config);
    const elsewhere = createBookingServices(cachedPorts(), config);
    const [ticket] = await paidGroup([1]);
    (await here.tickets.get(alice, ticket?.id as string))._unsafeUnwrap();
    (await here.routes.get(route.id))._unsafeUnwrap(); // the old departure, cached here
    (await elsewhere.departures.move(admin, route.id, { departureAt: later(3) }))._unsafeUnwrap();
    booking.clock.set(new Date(Date.parse(DEPARTURE) - HOUR * 1000));
    const cancelled = await here.tickets.cancel(alice, ticket?.id as string);
    expect(cancelled._unsafeUnwrap().refund).toEqual({ amount: 19.99, fee: 0, currency: 'EUR' });
  });
});

describe('a fee on a ticket paid by two card charges', () => {
  it('is kept from the charge that still holds it: no charge gives back and keeps more than it took', async () => {
    const dearer = await izmirToAnkara(4, 30);
    const [ticket] = await paidGroup([1]);
    const exchanged = await booking.services.ticketChanges.exchange(alice, ticket?.id as string, {
      routeId: dearer.id,
      seatNumber: 1,
      card: TEST_CARD,
    });
    const id = exchanged._unsafeUnwrap().ticket.id;
    booking.clock.set(new Date(Date.parse(DEPARTURE) - 12 * HOUR * 1000)); // 10 % of 30
    const cancelled = (await booking.services.tickets.cancel(alice, id))._unsafeUnwrap();
    expect(cancelled.refund).toEqual({ amount: 27, fee: 3, currency: 'EUR' });
    // Two card charges: the first (19.99, moved over) and the difference (10.01). Each gives back
    // what it holds less its part of the fee, never more: refunded + fee kept = charged, per charge.
    const charges = booking.gateway.charges;
    expect(charges.map((c) => c.amountCents)).toEqual([1999, 1001]);
    const ledger = [...booking.ports.db.ledger.values()].filter((e) => e.ticketId === id);
    const refundsOf = (chargeId: string) =>
      ledger.filter((e) => e.chargeId === chargeId && e.kind === 'refund');
    for (const charge of charges) {
      const refunds = refundsOf(charge.chargeId);
      const back = refunds.reduce((sum, e) => sum + e.amountCents, 0);
      const kept = refunds.reduce((sum, e) => sum + e.feeCents, 0);
      expect([back + kept, charge.refundedCents]).toEqual([charge.amountCents, back]);
    }
    expect(ledger.reduce((sum, e) => sum + e.feeCents, 0)).toBe(300);
  });
});

describe("a refused refund's try", () => {
  it('never turns a refund another process marked succeeded back to pending', async () => {
    const [ticket] = await paidGroup([1]);
    const id = ticket?.id as string;
    booking.gateway.available = false;
    (await booking.services.tickets.cancel(alice, id))._unsafeUnwrap();
    booking.gateway.available = true;
    booking.clock.advanceSeconds(121);
    // This process's provider refuses, but only once the other process has sent the same refund
    // (its provider takes it) and marked it succeeded.
    const gateway = booking.gateway;
    const refusing: PaymentGateway = {
      charge: (request) => gateway.charge(request),
      findCharge: (key) => gateway.findCharge(key),
      refund: () => {
        const refuseAfterTheOther = async (): Promise<Result<Refund, GatewayError>> => {
          (await booking.services.payments.reconcile())._unsafeUnwrap();
          return err({ kind: 'declined', reason: 'processor_declined' });
        };
        return new ResultAsync(refuseAfterTheOther());
      },
    };
    const here = createBookingServices({ ...booking.ports, paymentGateway: refusing }, { currency: 'EUR' });
    expect((await here.payments.reconcile())._unsafeUnwrap().refundsRetried).toBe(1);
    expect(entries(id).at(-1)).toEqual(['refund', 1999, 0, 'succeeded']);
    expect(booking.gateway.charges[0]?.refundedCents).toBe(1999);
  });
});
