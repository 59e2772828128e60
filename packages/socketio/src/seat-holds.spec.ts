import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_SEAT_HOLD_SECONDS, type SeatMap } from '@booking/core';
import type { ManualClock } from '@booking/core/testing';
import { SeatTestServer, customer } from './test-support/seat-test-server';

describe('seat holds on /seats', () => {
  let server: SeatTestServer;

  beforeAll(async () => {
    server = await SeatTestServer.start();
  });
  afterAll(() => server.close());

  const statuses = async (client: Awaited<ReturnType<SeatTestServer['connect']>>, routeId: string) => {
    const map = (await client.request('get_seat_availability', { routeId })) as SeatMap;
    return Object.fromEntries(map.seats.map((s) => [s.seatNumber, s.status]));
  };

  it('sends seat_held per seat (the hold id as ticketId, no gender) to a default client, and seat_released when released', async () => {
    const route = await server.createRoute(8);
    const holder = customer();
    const watcher = await server.connect({}, 'default');
    await watcher.request('subscribe_route', { routeId: route.id.toUpperCase() });
    const hold = (
      await server.services.holds.place(holder, { routeId: route.id, seatNumbers: [5, 3] })
    )._unsafeUnwrap();
    await watcher.until(() => watcher.updates(route.id).length === 2);
    expect(
      watcher.updates(route.id).map((u) => [u.sequence, u.eventType, u.seatNumber, u.ticketId, u.metadata]),
    ).toEqual([
      [1, 'seat_held', 3, hold.id, { fromCity: route.stops[0], toCity: route.stops[2], price: 30 }],
      [2, 'seat_held', 5, hold.id, { fromCity: route.stops[0], toCity: route.stops[2], price: 30 }],
    ]);
    const held = await statuses(watcher, route.id.toUpperCase());
    expect([held[3], held[4], held[5]]).toEqual(['held', 'available', 'held']);

    (await server.services.holds.release(holder, hold.id))._unsafeUnwrap();
    await watcher.until(() => watcher.updates(route.id).length === 4);
    expect(
      watcher
        .updates(route.id)
        .slice(2)
        .map((u) => [u.sequence, u.eventType, u.seatNumber, u.ticketId, u.metadata.reason]),
    ).toEqual([
      [3, 'seat_released', 3, hold.id, 'released'],
      [4, 'seat_released', 5, hold.id, 'released'],
    ]);
    const freed = await statuses(watcher, route.id);
    expect([freed[3], freed[5]]).toEqual(['available', 'available']);
  });

  it('sends seat_released with reason hold_expired when the sweep expires a hold', async () => {
    const route = await server.createRoute(4);
    const watcher = await server.connect({}, 'default');
    await watcher.request('subscribe_route', { routeId: route.id });
    const hold = (
      await server.services.holds.place(customer(), { routeId: route.id, quantity: 1 })
    )._unsafeUnwrap();
    (server.ports.clock as ManualClock).advanceSeconds(DEFAULT_SEAT_HOLD_SECONDS);
    (await server.services.holds.expireDue())._unsafeUnwrap();
    await watcher.until(() => watcher.updates(route.id).length === 2);
    expect(
      watcher.updates(route.id).map((u) => [u.eventType, u.seatNumber, u.ticketId, u.metadata.reason]),
    ).toEqual([
      ['seat_held', hold.seatNumbers[0], hold.id, undefined],
      ['seat_released', hold.seatNumbers[0], hold.id, 'hold_expired'],
    ]);
  });

  it('a hold turned into tickets sends seat_reserved per seat', async () => {
    const route = await server.createRoute(4);
    const holder = customer();
    const watcher = await server.connect();
    await watcher.request('subscribe_route', { routeId: route.id });
    const hold = (
      await server.services.holds.place(holder, { routeId: route.id, seatNumbers: [1, 2] })
    )._unsafeUnwrap();
    const passengers = hold.seatNumbers.map((seatNumber) => ({
      seatNumber,
      passengerName: 'P',
      gender: 'male' as const,
    }));
    (await server.services.tickets.bookHold(holder, { holdId: hold.id, passengers }))._unsafeUnwrap();
    await watcher.until(() => watcher.updates(route.id).length === 4);
    expect(watcher.updates(route.id).map((u) => [u.eventType, u.seatNumber])).toEqual([
      ['seat_held', 1],
      ['seat_held', 2],
      ['seat_reserved', 1],
      ['seat_reserved', 2],
    ]);
    const map = await statuses(watcher, route.id);
    expect([map[1], map[2]]).toEqual(['reserved', 'reserved']);
  });
});
