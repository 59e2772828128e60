import { beforeEach, describe, expect, it } from '@jest/globals';
import { ResultAsync } from 'neverthrow';
import type { Actor } from '../domain/actor';
import type { Route } from '../domain/route';
import { createInMemoryBooking, type InMemoryBooking } from '../testing/in-memory-booking';

const admin: Actor = { userId: 'admin-1', role: 'admin' };
const alice: Actor = { userId: 'alice', role: 'customer' };

let booking: InMemoryBooking;
let route: Route;

beforeEach(async () => {
  booking = createInMemoryBooking({ holdSeconds: 60 });
  route = (
    await booking.services.routes.create(admin, {
      fromCity: 'Bursa',
      toCity: 'Eskisehir',
      departureAt: '2030-01-02T09:00:00.000Z',
      seatCount: 5,
      price: 10,
    })
  )._unsafeUnwrap();
});

const hold = async (seatNumber: number) =>
  (
    await booking.services.tickets.reserve(alice, {
      routeId: route.id,
      seatNumber,
      passengerName: 'A',
      gender: 'other',
    })
  )._unsafeUnwrap();
const statusOf = (id: string) => booking.ports.db.tickets.get(id)?.status;
const events = () => booking.ports.db.events.get(route.id)?.map((s) => s.event) ?? [];

describe('expireHolds', () => {
  it('releases holds that ran out, with seat_available and reason hold_expired, and frees the seat', async () => {
    const early = await hold(1);
    booking.clock.advanceSeconds(30);
    const late = await hold(2);
    booking.clock.advanceSeconds(30); // early's hold ends exactly now; late's in 30 s

    const expired = (await booking.services.tickets.expireHolds())._unsafeUnwrap();
    expect(expired.map((t) => t.id)).toEqual([early.id]);
    expect(expired[0]).toMatchObject({ status: 'expired', holdExpiresAt: null, version: 2 });
    expect(statusOf(late.id)).toBe('reserved');
    expect(events().at(-1)).toMatchObject({
      sequence: 3,
      eventType: 'seat_available',
      ticketId: early.id,
      metadata: { reason: 'hold_expired' },
    });
    expect(booking.notifier.events.at(-1)?.metadata.reason).toBe('hold_expired');
    expect((await hold(1)).status).toBe('reserved');
  });

  it('expires at a given time, and nothing twice', async () => {
    const ticket = await hold(1);
    expect(
      (await booking.services.tickets.expireHolds(new Date('2030-01-01T08:00:59.999Z')))._unsafeUnwrap(),
    ).toEqual([]);
    expect(
      (await booking.services.tickets.expireHolds(new Date('2030-01-01T08:01:00.000Z')))._unsafeUnwrap(),
    ).toHaveLength(1);
    expect(
      (await booking.services.tickets.expireHolds(new Date('2030-01-01T09:00:00.000Z')))._unsafeUnwrap(),
    ).toEqual([]);
    expect(statusOf(ticket.id)).toBe('expired');
    expect(events().map((e) => e.eventType)).toEqual(['seat_reserved', 'seat_available']);
  });

  it('leaves counter sales, confirmed and cancelled tickets alone', async () => {
    const sold = (
      await booking.services.tickets.reserve(admin, {
        routeId: route.id,
        seatNumber: 4,
        passengerName: 'B',
        gender: 'male',
      })
    )._unsafeUnwrap();
    const cancelled = await hold(5);
    await booking.services.tickets.cancel(alice, cancelled.id);
    booking.clock.advanceSeconds(3600);
    expect((await booking.services.tickets.expireHolds())._unsafeUnwrap()).toEqual([]);
    expect(statusOf(sold.id)).toBe('confirmed');
    expect(statusOf(cancelled.id)).toBe('cancelled');
  });

  it('does not expire a hold that was paid for between the sweep finding it and expiring it', async () => {
    const ticket = await hold(1);
    booking.clock.advanceSeconds(59);
    // The sweep reads the due holds, then the payment commits before the sweep writes.
    const find = booking.ports.tickets.findExpiredHolds.bind(booking.ports.tickets);
    booking.ports.tickets.findExpiredHolds = (now, limit) =>
      find(now, limit).andThen((due) =>
        ResultAsync.fromSafePromise(
          booking.services.payments.pay(alice, {
            ticketId: ticket.id,
            cardNumber: '4242424242424242',
            cardHolderName: 'A',
            expireMonth: 1,
            expireYear: 2031,
            cvc: '000',
          }),
        ).map(() => due),
      );
    const expired = await booking.services.tickets.expireHolds(new Date('2030-01-01T08:01:00.000Z'));
    // Strict: the hold it left alone is not in the answer at all (not even as undefined).
    expect(expired._unsafeUnwrap()).toStrictEqual([]);
    expect(statusOf(ticket.id)).toBe('confirmed');
    expect(events().map((e) => e.eventType)).toEqual(['seat_reserved', 'seat_confirmed']);
  });

  it('releases an unpaid hold when its bus leaves, before the hold would run out', async () => {
    booking.clock.set('2030-01-02T08:59:30.000Z'); // the hold (60 s) would run to 09:00:30
    const late = await hold(2);
    expect(
      (
        await booking.services.tickets.expireHolds(
          new Date(route.departureAt.replace('09:00:00', '08:59:59')),
        )
      )._unsafeUnwrap(),
    ).toEqual([]);
    const released = (
      await booking.services.tickets.expireHolds(new Date(route.departureAt))
    )._unsafeUnwrap();
    expect(released.map((t) => t.id)).toEqual([late.id]);
    expect(statusOf(late.id)).toBe('expired');
    expect(events().at(-1)).toMatchObject({
      eventType: 'seat_available',
      metadata: { reason: 'hold_expired' },
    });
  });

  it('expires in batches of the given size', async () => {
    for (let seat = 1; seat <= 5; seat++) await hold(seat);
    booking.clock.advanceSeconds(60);
    expect((await booking.services.tickets.expireHolds(undefined, 2))._unsafeUnwrap()).toHaveLength(2);
    expect((await booking.services.tickets.expireHolds(undefined, 10))._unsafeUnwrap()).toHaveLength(3);
  });
});
