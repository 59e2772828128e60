import { expect } from '@jest/globals';
import { call, tokenFor } from './server-process';
import { listenToRoute } from './seat-listener';

/** A route departing tomorrow, created through the API as an admin. */
export async function createRoute(base: string, seatCount = 40): Promise<string> {
  const created = await call(base, 'POST', '/routes', {
    token: await tokenFor('admin'),
    body: {
      fromCity: 'Istanbul',
      toCity: 'Ankara',
      stations: ['Izmit', 'Bolu'],
      departureAt: new Date(Date.now() + 86_400_000).toISOString(),
      seatCount,
      price: 450,
    },
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

/**
 * The seed's timeline: two clients watch a route; a customer books seat 15 (both see
 * seat_reserved), pays (seat_confirmed), cancels (seat_cancelled, seat_available), sequences 1..4.
 */
export async function runSeedTimeline(base: string): Promise<void> {
  const routeId = await createRoute(base);
  const [a, b] = await Promise.all([listenToRoute(base, routeId), listenToRoute(base, routeId)]);
  try {
    const customer = await tokenFor('customer', 'timeline-customer');
    const booked = await call(base, 'POST', '/tickets', {
      token: customer,
      body: { routeId, seatNumber: 15, passengerName: 'Ayse Yilmaz', gender: 'female' },
    });
    expect(booked).toMatchObject({ status: 201, body: { seatNumber: 15, status: 'reserved' } });
    const ticketId = booked.body.id as string;

    const paid = await call(base, 'POST', '/payments', {
      token: customer,
      body: {
        ticketId,
        cardNumber: '4242424242424242',
        cardHolderName: 'Ayse Yilmaz',
        expireMonth: 12,
        expireYear: 2035,
        cvc: '123',
      },
    });
    expect(paid).toMatchObject({
      status: 201,
      body: { ticket: { status: 'confirmed' }, payment: { last4: '4242' } },
    });

    const cancelled = await call(base, 'POST', `/tickets/${ticketId}/cancel`, { token: customer });
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled' } });

    const expected = [
      [1, 'seat_reserved'],
      [2, 'seat_confirmed'],
      [3, 'seat_cancelled'],
      [4, 'seat_available'],
    ];
    for (const listener of [a, b]) {
      const updates = await listener.waitFor(4);
      expect(updates.map((u) => [u.sequence, u.eventType])).toEqual(expected);
      expect(
        updates.every((u) => u.seatNumber === 15 && u.ticketId === ticketId && u.routeId === routeId),
      ).toBe(true);
    }
    const seats = await call(base, 'GET', `/routes/${routeId}/seats`);
    expect(seats.body).toMatchObject({ routeId, sequence: 4 });
  } finally {
    a.close();
    b.close();
  }
}
