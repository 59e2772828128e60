import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../domain/actor';
import { createInMemoryBooking, createRouteAsAdmin } from '../testing/in-memory-booking';

const driver: Actor = { userId: 'driver-1', role: 'driver' };
const passenger = { passengerName: 'Ada Driver', gender: 'female' as const };

// The REST adapter refuses a driver's token first; the core refuses too, for embedders calling it directly.
describe('a driver, who boards passengers and buys nothing', () => {
  it('may not book a seat, a group or hold seats, and nothing is written', async () => {
    const booking = createInMemoryBooking();
    const route = await createRouteAsAdmin(booking);
    const one = await booking.services.tickets.reserve(driver, {
      routeId: route.id,
      seatNumber: 1,
      ...passenger,
    });
    const group = await booking.services.tickets.reserveGroup(driver, {
      routeId: route.id,
      passengers: [{ seatNumber: 2, ...passenger }],
    });
    const hold = await booking.services.holds.place(driver, { routeId: route.id, seatNumbers: [3] });
    expect([one, group, hold].map((r) => r._unsafeUnwrapErr().kind)).toEqual([
      'forbidden',
      'forbidden',
      'forbidden',
    ]);
    expect(booking.ports.db.tickets.size).toBe(0);
    expect(booking.ports.db.holds.size).toBe(0);
    expect(booking.notifier.events).toEqual([]);
  });
});
