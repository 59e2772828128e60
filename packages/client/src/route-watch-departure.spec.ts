import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Route } from '@booking/core';
import type { DepartureView } from '@booking/protocol';
import { createBookingClient, type BookingClient } from './booking-client';
import type { RouteWatch } from './route-watch';
import { WatchTestServer } from './test-support/watch-test-server';
import { useWatchTestServer } from './test-support/watch-test-suite';

/** Reconnects fast, so a dropped connection comes back within the test. */
const FAST_RECONNECT = { forceNew: true, reconnectionDelay: 20, reconnectionDelayMax: 50 };

const TRANSPORTS: { name: string; transports?: ('polling' | 'websocket')[] }[] = [
  { name: 'default transports' },
  { name: 'long-polling only', transports: ['polling'] },
];

/** Resolves once the watch has applied everything the server committed; the test timeout catches a hang. */
async function caughtUp(server: WatchTestServer, route: Route, watch: RouteWatch): Promise<void> {
  const target = await server.currentSequence(route);
  if (watch.sequence >= target) return;
  await new Promise<void>((resolve) => {
    const stop = watch.onChange(() => {
      if (watch.sequence < target) return;
      stop();
      resolve();
    });
  });
}

/** Every departure the watch told its listener, in order. */
function departuresTold(watch: RouteWatch): DepartureView[] {
  const told: DepartureView[] = [];
  watch.onDepartureChange((departure) => told.push(departure));
  return told;
}

describe.each(TRANSPORTS)('the departure of a RouteWatch, with $name', ({ transports }) => {
  const socketOptions = { ...FAST_RECONNECT, ...(transports ? { transports } : {}) };

  describe('live', () => {
    const suite = useWatchTestServer(socketOptions);

    it('is told from the snapshot, then a cancellation in sequence with the seats it frees', async () => {
      const route = await suite.server.createRoute();
      await suite.server.book(route, 2, { staff: true });
      const watch = suite.connect().watchRoute(route.id);
      const told = departuresTold(watch);
      const seatEvents: string[] = [];
      watch.onUpdate((update) => seatEvents.push(`${update.sequence} ${update.eventType}`));
      await watch.ready;
      expect(watch.departure).toEqual({ status: 'scheduled', departureAt: route.departureAt });

      await suite.server.cancelDeparture(route, 'The road is flooded');
      await caughtUp(suite.server, route, watch);
      expect(watch.snapshot()).toEqual(await suite.server.seatMap(route));
      const cancelled = {
        status: 'cancelled',
        departureAt: route.departureAt,
        reason: 'The road is flooded',
      };
      expect(watch.departure).toEqual(cancelled);
      expect(told).toEqual([{ status: 'scheduled', departureAt: route.departureAt }, cancelled]);
      // The route_update took sequence 2; the seat's events follow it, and only they reach onUpdate.
      expect(seatEvents).toEqual(['3 seat_cancelled', '4 seat_available']);
      expect(watch.seats()[1]?.status).toBe('available');
    });

    it('is told a move, with the new departure and stop times', async () => {
      const route = await suite.server.createRoute();
      const watch = suite.connect().watchRoute(route.id);
      const told = departuresTold(watch);
      await watch.ready;
      const stopTimes = [
        '2030-06-01T10:30:00.000Z',
        '2030-06-01T11:15:00.000Z',
        '2030-06-01T12:40:00.000Z',
        '2030-06-01T14:00:00.000Z',
      ];
      await suite.server.moveDeparture(route, { stopTimes });
      await caughtUp(suite.server, route, watch);
      const moved = { status: 'scheduled', departureAt: '2030-06-01T10:30:00.000Z', stopTimes };
      expect(told).toEqual([{ status: 'scheduled', departureAt: route.departureAt }, moved]);
      expect(watch.snapshot().departure).toEqual(moved);
    });

    it('replays from the last applied sequence when a seat update arrives ahead of a lost route_update', async () => {
      const route = await suite.server.createRoute();
      const client = suite.connect();
      const subscribes: unknown[] = [];
      client.socket.onAnyOutgoing((event: string, message: unknown) => {
        if (event === 'subscribe_route') subscribes.push(message);
      });
      const watch = client.watchRoute(route.id);
      const told = departuresTold(watch);
      const first = await watch.ready;
      suite.server.bus.losing = true;
      await suite.server.moveDeparture(route, { departureAt: '2030-06-01T07:45:00.000Z' });
      await suite.server.book(route, 1, { staff: true });
      suite.server.bus.losing = false;
      await suite.server.sendOutOfOrder(route, first.sequence + 2);
      await caughtUp(suite.server, route, watch);
      expect(subscribes.at(-1)).toEqual({ routeId: route.id, sinceSequence: first.sequence });
      expect(told.at(-1)).toEqual({ status: 'scheduled', departureAt: '2030-06-01T07:45:00.000Z' });
      expect(watch.snapshot()).toEqual(await suite.server.seatMap(route));
    });
  });

  describe('when the server no longer keeps the missed events', () => {
    let server: WatchTestServer;
    let client: BookingClient;

    beforeAll(async () => {
      server = await WatchTestServer.start({ retainEventsPerRoute: 3 });
    });
    afterAll(async () => {
      client?.close();
      await server.clientsGone();
      await server.close();
    });

    it('learns a cancellation it missed from the reloaded snapshot, and tells it', async () => {
      const route = await server.createRoute();
      client = createBookingClient(server.url, { socket: socketOptions });
      const watch = client.watchRoute(route.id);
      const told = departuresTold(watch);
      let resyncs = 0;
      client.socket.on('resync_required', () => (resyncs += 1));
      await watch.ready;
      client.socket.disconnect();
      for (let seat = 1; seat <= 3; seat++) await server.book(route, seat);
      await server.cancelDeparture(route, 'No driver');
      client.socket.connect();
      await caughtUp(server, route, watch);
      expect(resyncs).toBe(1);
      expect(watch.snapshot()).toEqual(await server.seatMap(route));
      expect(told).toEqual([
        { status: 'scheduled', departureAt: route.departureAt },
        { status: 'cancelled', departureAt: route.departureAt, reason: 'No driver' },
      ]);
    });
  });
});
