import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Route } from '@booking/core';
import { LossyBus } from './test-support/lossy-bus';
import type { SeatClientRecorder } from './test-support/seat-client-recorder';
import { SeatTestServer } from './test-support/seat-test-server';

/** Each event of a route as `[sequence, Socket.IO event, what it says]`, in arrival order. */
function heard(client: SeatClientRecorder, route: Route): [number, string, string][] {
  return client.received.flatMap((item) => {
    if (item.kind === 'route_update' && item.update.routeId === route.id)
      return [[item.update.sequence, item.kind, item.update.status] as [number, string, string]];
    if (item.kind === 'seat_update' && item.update.routeId === route.id)
      return [[item.update.sequence, item.kind, item.update.eventType] as [number, string, string]];
    return [];
  });
}

describe('route_update on /seats', () => {
  let server: SeatTestServer;
  const bus = new LossyBus();

  beforeAll(async () => {
    server = await SeatTestServer.start({ bus });
  });
  afterAll(() => server.close());

  /** Seat 1 booked, the departure moved, seat 2 booked: sequences 1, 2, 3. */
  async function movedBetweenBookings(route: Route) {
    await server.book(route, 1);
    const moved = await server.changeDeparture(route, { departureAt: '2030-06-01T10:30:00.000Z' });
    await server.book(route, 2);
    return moved;
  }

  it('goes live to the route room between seat updates, in sequence order, with exactly its fields', async () => {
    const route = await server.createRoute();
    const client = await server.connect();
    await client.request('subscribe_route', { routeId: route.id });
    const moved = await movedBetweenBookings(route);
    await client.until(() => heard(client, route).length === 3);
    expect(heard(client, route)).toEqual([
      [1, 'seat_update', 'seat_reserved'],
      [2, 'route_update', 'scheduled'],
      [3, 'seat_update', 'seat_reserved'],
    ]);
    expect(client.roomEvents(route.id)[1]).toStrictEqual({
      routeId: route.id,
      eventType: 'route_update',
      status: 'scheduled',
      departureAt: '2030-06-01T10:30:00.000Z',
      sequence: 2,
      timestamp: moved.timestamp,
    });
  });

  it('replays with sinceSequence in order with the seat updates, and a cancellation with its reason', async () => {
    const route = await server.createRoute();
    await movedBetweenBookings(route);
    const stopTimes = ['2030-06-01T10:30:00.000Z', '2030-06-01T12:00:00.000Z', '2030-06-01T14:00:00.000Z'];
    await server.changeDeparture(route, {
      status: 'cancelled',
      cancelReason: 'The pass is closed',
      departureAt: '2030-06-01T10:30:00.000Z',
      stopTimes,
    });
    const client = await server.connect();
    const ack = await client.request('subscribe_route', { routeId: route.id, sinceSequence: 0 });
    expect(ack).toMatchObject({ ok: true, sequence: 4 });
    expect(heard(client, route)).toEqual([
      [1, 'seat_update', 'seat_reserved'],
      [2, 'route_update', 'scheduled'],
      [3, 'seat_update', 'seat_reserved'],
      [4, 'route_update', 'cancelled'],
    ]);
    expect(client.roomEvents(route.id)[3]).toMatchObject({ stopTimes, reason: 'The pass is closed' });
    // What the replay sent is what the log holds, field for field.
    const logged = (await server.ports.events.readAfter(route.id, 0, 10))._unsafeUnwrap();
    expect(client.roomEvents(route.id)).toEqual(logged);
  });

  it('a route_update the bus lost is read from the log when the next seat update shows the gap', async () => {
    const route = await server.createRoute();
    const client = await server.connect();
    await client.request('subscribe_route', { routeId: route.id });
    await server.book(route, 1);
    bus.losing = true;
    await server.changeDeparture(route, { departureAt: '2030-06-01T09:45:00.000Z' });
    bus.losing = false;
    await server.book(route, 2);
    await client.until(() => heard(client, route).length === 3);
    expect(heard(client, route)).toEqual([
      [1, 'seat_update', 'seat_reserved'],
      [2, 'route_update', 'scheduled'],
      [3, 'seat_update', 'seat_reserved'],
    ]);
  });

  it('the outbox relay publishes a route_update the notifier never sent, in order', async () => {
    const route = await server.createRoute();
    const client = await server.connect();
    await client.request('subscribe_route', { routeId: route.id });
    await server.book(route, 1);
    await server.changeDeparture(route, { departureAt: '2030-06-01T08:00:00.000Z' }, { publish: false });
    await client.roundTrip(route.id);
    expect(heard(client, route)).toEqual([[1, 'seat_update', 'seat_reserved']]);
    await server.services.publisher.relayUnpublished();
    await client.until(() => heard(client, route).length === 2);
    expect(heard(client, route)[1]).toEqual([2, 'route_update', 'scheduled']);
    expect(client.roomEvents(route.id)[1]).toMatchObject({ departureAt: '2030-06-01T08:00:00.000Z' });
  });

  it('the seat map tells the departure as of its sequence, for a client to start from', async () => {
    const route = await server.createRoute();
    await server.changeDeparture(route, { status: 'cancelled', cancelReason: 'No driver' });
    const client = await server.connect();
    const map = await client.request('get_seat_availability', { routeId: route.id });
    expect(map).toMatchObject({
      ok: true,
      sequence: 1,
      departure: { status: 'cancelled', departureAt: route.departureAt, reason: 'No driver' },
    });
  });
});
