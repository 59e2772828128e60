import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../domain/actor';
import { createInMemoryBooking } from '../testing/in-memory-booking';
import { startBackgroundJobs } from './background-jobs';

const admin: Actor = { userId: 'admin-1', role: 'admin' };
const alice: Actor = { userId: 'alice', role: 'customer' };

async function heldSeat() {
  const booking = createInMemoryBooking({ holdSeconds: 60 });
  const route = (
    await booking.services.routes.create(admin, {
      fromCity: 'Bursa',
      toCity: 'Izmir',
      departureAt: '2030-01-02T09:00:00.000Z',
      seatCount: 2,
      price: 10,
    })
  )._unsafeUnwrap();
  const ticket = (
    await booking.services.tickets.reserve(alice, {
      routeId: route.id,
      seatNumber: 1,
      passengerName: 'A',
      gender: 'other',
    })
  )._unsafeUnwrap();
  booking.clock.advanceSeconds(61);
  return { ...booking, status: () => booking.ports.db.tickets.get(ticket.id)?.status };
}

describe('startBackgroundJobs', () => {
  it('expires a hold past its time on its own, every interval', async () => {
    const { services, status } = await heldSeat();
    const jobs = startBackgroundJobs(services, { intervalMs: 5 });
    while (status() === 'reserved') await new Promise((resolve) => setTimeout(resolve, 5));
    await jobs.stop();
    expect(status()).toBe('expired');
  });

  it('runs no round after stop', async () => {
    const { services, status } = await heldSeat();
    const jobs = startBackgroundJobs(services, { intervalMs: 5 });
    await jobs.stop();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(status()).toBe('reserved');
    await jobs.runOnce();
    expect(status()).toBe('expired');
  });
});
