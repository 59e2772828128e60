import { beforeEach, describe, expect, it } from '@jest/globals';
import { errAsync, okAsync } from 'neverthrow';
import { errors } from '../domain/errors';
import type { Ticket } from '../domain/ticket';
import { actors, TEST_CARD } from '../testing/fixtures';
import {
  createInMemoryBooking,
  createRouteAsAdmin,
  type InMemoryBooking,
} from '../testing/in-memory-booking';

const { alice } = actors;
/** Past the payment lock's lease (120 s): no live request is still on the attempt. */
const AFTER_LEASE = 121;

let booking: InMemoryBooking;
let ticket: Ticket;

beforeEach(async () => {
  booking = createInMemoryBooking({ holdSeconds: 600 });
  const route = await createRouteAsAdmin(booking, {
    fromCity: 'Izmir',
    toCity: 'Ankara',
    stations: [],
    departureAt: '2030-01-02T08:00:00.000Z',
    seatCount: 12,
    price: 19.99,
  });
  ticket = (
    await booking.services.tickets.reserve(alice, {
      routeId: route.id,
      seatNumber: 1,
      passengerName: 'Alice',
      gender: 'female',
    })
  )._unsafeUnwrap();
});

const pay = () => booking.services.payments.pay(alice, { ...TEST_CARD, ticketId: ticket.id });
const status = () => booking.ports.db.tickets.get(ticket.id)?.status;
const attempts = () => [...booking.ports.db.attempts.values()].map((a) => a.status);
const reconcile = async () => (await booking.services.payments.reconcile())._unsafeUnwrap();

describe('reconciliation after a lost answer or a crash', () => {
  it('confirms the ticket of a charge whose answer was lost, while its seat is still held, and records the money', async () => {
    booking.gateway.failNext = 'after_charge';
    expect((await pay())._unsafeUnwrapErr().kind).toBe('payment_gateway_unavailable');
    expect([status(), attempts()]).toEqual(['reserved', ['pending']]);
    // A live request may still be on it: nothing happens before the lease has passed.
    expect(await reconcile()).toEqual({ confirmed: 0, refunded: 0, failed: 0, refundsRetried: 0 });
    booking.clock.advanceSeconds(AFTER_LEASE);
    expect(await reconcile()).toEqual({ confirmed: 1, refunded: 0, failed: 0, refundsRetried: 0 });
    expect([status(), attempts()]).toEqual(['confirmed', ['confirmed']]);
    expect(booking.notifier.events.at(-1)).toMatchObject({
      eventType: 'seat_confirmed',
      ticketId: ticket.id,
    });
    const money = (await booking.services.payments.ticketPayments(alice, ticket.id))._unsafeUnwrap();
    expect([money.paid, money.refunded]).toEqual([19.99, 0]);
    expect(booking.gateway.settled).toHaveLength(1);
    expect(await reconcile()).toEqual({ confirmed: 0, refunded: 0, failed: 0, refundsRetried: 0 });
  });

  it('refunds such a charge in full when the seat is no longer held for it', async () => {
    booking.gateway.failNext = 'after_charge';
    await pay();
    booking.clock.advanceSeconds(600);
    await booking.services.tickets.expireHolds();
    expect(status()).toBe('expired');
    expect((await reconcile()).refunded).toBe(1);
    expect(attempts()).toEqual(['refunded']);
    expect(booking.gateway.charges[0]?.refundedCents).toBe(1999);
    expect(booking.ports.db.ledger.size).toBe(0);
  });

  it('marks an attempt the gateway never charged as failed, and the ticket may be paid again', async () => {
    booking.gateway.failNext = 'before_charge';
    await pay();
    booking.clock.advanceSeconds(AFTER_LEASE);
    expect((await reconcile()).failed).toBe(1);
    expect(attempts()).toEqual(['failed']);
    expect((await pay())._unsafeUnwrap().ticket.status).toBe('confirmed');
    expect(booking.gateway.charges).toHaveLength(1);
  });

  it('asks again next round while the gateway cannot answer', async () => {
    booking.gateway.failNext = 'after_charge';
    await pay();
    booking.clock.advanceSeconds(AFTER_LEASE);
    booking.gateway.available = false;
    expect(await reconcile()).toEqual({ confirmed: 0, refunded: 0, failed: 0, refundsRetried: 0 });
    expect(attempts()).toEqual(['pending']);
    booking.gateway.available = true;
    expect((await reconcile()).confirmed).toBe(1);
  });

  it('refunds the first of two charges when a second attempt paid the ticket meanwhile: one charge kept', async () => {
    booking.gateway.failNext = 'after_charge';
    await pay();
    expect((await pay())._unsafeUnwrap().ticket.status).toBe('confirmed');
    booking.clock.advanceSeconds(AFTER_LEASE);
    expect((await reconcile()).refunded).toBe(1);
    expect(booking.gateway.charges).toHaveLength(2);
    expect(booking.gateway.settled).toHaveLength(1);
    expect(attempts().sort()).toEqual(['confirmed', 'refunded']);
  });

  it('leaves a charge whose commit failed with the database down to reconciliation, which confirms the seat', async () => {
    // The database goes down just as the payment's unit of work runs: the pay fails, and the
    // charge cannot be given back at once either (the attempt cannot be read to claim it).
    const run = booking.ports.unitOfWork.run.bind(booking.ports.unitOfWork);
    let outages = 1;
    booking.ports.unitOfWork.run = (work) => {
      if (booking.gateway.charges.length === 1 && outages-- > 0) booking.ports.db.available = false;
      return run(work);
    };
    const answer = await pay();
    booking.ports.db.available = true;
    expect(answer._unsafeUnwrapErr().kind).toBe('persistence_unavailable');
    expect([status(), attempts(), booking.gateway.charges[0]?.refundedCents]).toEqual([
      'reserved',
      ['pending'],
      0,
    ]);
    booking.clock.advanceSeconds(AFTER_LEASE);
    expect((await reconcile()).confirmed).toBe(1);
    expect([status(), attempts()]).toEqual(['confirmed', ['confirmed']]);
    expect(booking.gateway.settled).toHaveLength(1);
  });

  it('never refunds a confirmed payment whose commit answer was lost, and sends a claimed refund only once', async () => {
    // The commit succeeds but its answer is lost: the pipeline undoes, finds the attempt confirmed, keeps the money.
    const run = booking.ports.unitOfWork.run.bind(booking.ports.unitOfWork);
    booking.ports.unitOfWork.run = (work) =>
      run(work).andThen((value) =>
        booking.gateway.charges.length === 1 && attempts()[0] === 'confirmed'
          ? errAsync(errors.persistenceUnavailable('the answer to COMMIT was lost'))
          : okAsync(value),
      );
    expect((await pay())._unsafeUnwrapErr().kind).toBe('persistence_unavailable');
    expect([status(), attempts(), booking.gateway.charges[0]?.refundedCents]).toEqual([
      'confirmed',
      ['confirmed'],
      0,
    ]);
    booking.clock.advanceSeconds(AFTER_LEASE);
    expect(await reconcile()).toEqual({ confirmed: 0, refunded: 0, failed: 0, refundsRetried: 0 });
  });

  it('finishes a refund that was claimed but not sent, once', async () => {
    booking.gateway.failNext = 'after_charge';
    await pay();
    await booking.services.tickets.cancel(alice, ticket.id);
    booking.clock.advanceSeconds(AFTER_LEASE);
    // The seat is gone, so the charge goes back; the gateway does not answer that refund.
    const refund = booking.gateway.refund.bind(booking.gateway);
    booking.gateway.refund = () => errAsync({ kind: 'gateway_unavailable' as const });
    await reconcile();
    expect([attempts(), booking.gateway.charges[0]?.refundedCents]).toEqual([['refunding'], 0]);
    booking.gateway.refund = refund;
    expect((await reconcile()).refunded).toBe(1);
    expect(attempts()).toEqual(['refunded']);
    expect(booking.gateway.charges[0]?.refundedCents).toBe(1999);
    expect(await reconcile()).toEqual({ confirmed: 0, refunded: 0, failed: 0, refundsRetried: 0 });
  });

  it('waits while a live payment holds the tickets’ payment lock', async () => {
    booking.gateway.failNext = 'after_charge';
    await pay();
    booking.clock.advanceSeconds(AFTER_LEASE);
    const now = booking.clock.now().toISOString();
    const live = {
      attemptId: 'live',
      ticketIds: [ticket.id],
      expiresAt: new Date(Date.parse(now) + 60_000).toISOString(),
    };
    expect((await booking.ports.paymentLocks.acquire(live, now))._unsafeUnwrap()).toBe(true);
    expect(await reconcile()).toEqual({ confirmed: 0, refunded: 0, failed: 0, refundsRetried: 0 });
    await booking.ports.paymentLocks.release(live);
    expect((await reconcile()).confirmed).toBe(1);
  });
});
