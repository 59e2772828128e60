import { beforeEach, describe, expect, it } from '@jest/globals';
import type { Actor } from '../domain/actor';
import type { Ticket } from '../domain/ticket';
import { createInMemoryBooking, type InMemoryBooking } from '../testing/in-memory-booking';

const admin: Actor = { userId: 'admin', role: 'admin' };
const alice: Actor = { userId: 'alice', role: 'customer' };
const CARD = {
  cardNumber: '4242424242424242',
  cardHolderName: 'ALICE',
  expireMonth: 12,
  expireYear: 2035,
  cvc: '123',
};
/** Past the payment lock's lease (120 s): no live request is still on the attempt. */
const AFTER_LEASE = 121;

let booking: InMemoryBooking;
let ticket: Ticket;

beforeEach(async () => {
  booking = createInMemoryBooking({ holdSeconds: 600 });
  const route = (
    await booking.services.routes.create(admin, {
      fromCity: 'Izmir',
      toCity: 'Ankara',
      departureAt: '2030-01-02T08:00:00.000Z',
      seatCount: 12,
      price: 19.99,
    })
  )._unsafeUnwrap();
  ticket = (
    await booking.services.tickets.reserve(alice, {
      routeId: route.id,
      seatNumber: 1,
      passengerName: 'Alice',
      gender: 'female',
    })
  )._unsafeUnwrap();
});

const pay = () => booking.services.payments.pay(alice, { ...CARD, ticketId: ticket.id });
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

  it('keeps no money for a charge whose booking failed and whose refund was already made', async () => {
    // The commit fails after the charge: the pipeline refunds at once, but cannot record it.
    const run = booking.ports.unitOfWork.run.bind(booking.ports.unitOfWork);
    let failures = 1;
    booking.ports.unitOfWork.run = (work) => {
      if (failures-- > 0 && booking.gateway.charges.length === 1) {
        booking.ports.db.available = false;
        return run(work).map((value) => {
          booking.ports.db.available = true;
          return value;
        });
      }
      return run(work);
    };
    const answer = await pay();
    booking.ports.db.available = true;
    expect(answer.isErr()).toBe(true);
    expect(booking.gateway.charges[0]?.refundedCents).toBe(1999);
    booking.clock.advanceSeconds(AFTER_LEASE);
    await reconcile();
    expect(status()).toBe('reserved');
    expect(attempts()).not.toContain('confirmed');
    expect(booking.gateway.settled).toEqual([]);
  });
});
