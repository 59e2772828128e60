import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isSeatEvent, type Hold, type Route, type Ticket } from '@booking/core';
import type { SeatUpdate } from '@booking/protocol';
import { createBookingClient, type BookingClient } from './booking-client';
import type { RouteWatch } from './route-watch';
import { WatchTestServer } from './test-support/watch-test-server';
import { useWatchTestServer } from './test-support/watch-test-suite';

/** Reconnects fast, so a dropped connection comes back within the test. */
const FAST_RECONNECT = { forceNew: true, reconnectionDelay: 20, reconnectionDelayMax: 50 };

/** Every test runs with Socket.IO's default transports (polling, then upgrade) and with polling only. */
const TRANSPORTS: { name: string; transports?: ('polling' | 'websocket')[] }[] = [
  { name: 'default transports' },
  { name: 'long-polling only', transports: ['polling'] },
];

/** A seeded generator (mulberry32), so a failing burst can be replayed exactly. */
function random(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * below);
  };
}

/** Resolves once `done()` holds after some change of the watch; the test timeout catches a hang. */
function until(watch: RouteWatch, done: () => boolean): Promise<void> {
  if (done()) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = watch.onChange(() => {
      if (!done()) return;
      stop();
      resolve();
    });
  });
}

/** Waits until the watch has applied everything the server committed, then compares the two maps. */
async function expectSameMap(
  server: WatchTestServer,
  route: Route,
  watch: RouteWatch,
  from?: number,
  to?: number,
) {
  const target = await server.currentSequence(route);
  await until(watch, () => watch.sequence >= target);
  expect(watch.snapshot()).toEqual(await server.seatMap(route, from, to));
}

/** Records what the client sends, to show which recovery ran. */
function outgoing(client: BookingClient): { event: string; message: Record<string, unknown> }[] {
  const sent: { event: string; message: Record<string, unknown> }[] = [];
  client.socket.onAnyOutgoing((event: string, message: Record<string, unknown>) =>
    sent.push({ event, message }),
  );
  return sent;
}

/**
 * A burst of concurrent sales on random seats and segments: reserve, counter sale, confirm,
 * suspend, cancel, and seat holds placed, released and booked. `between` runs once in the middle
 * (e.g. to cut the connection).
 */
async function burst(
  server: WatchTestServer,
  route: Route,
  options: { seed: number; operations: number; wholeRoute?: boolean; between?: () => Promise<void> | void },
): Promise<void> {
  const next = random(options.seed);
  const tickets: Ticket[] = [];
  const holds: Hold[] = [];
  const stops = route.stops.length;
  const segment = () => {
    const from = options.wholeRoute ? 0 : next(stops - 1);
    return { from, to: options.wholeRoute ? stops - 1 : from + 1 + next(stops - 1 - from) };
  };
  const operation = async () => {
    const choice = next(14);
    if (choice >= 10) return holdOperation(choice);
    const ticket = tickets.length > 0 ? tickets[next(tickets.length)] : undefined;
    if (choice < 5 || !ticket) {
      const { from, to } = segment();
      const gender = (['female', 'male', 'other'] as const)[next(3)];
      const booked = await server.book(route, 1 + next(route.seatCount), {
        from,
        to,
        gender,
        staff: choice === 4,
      });
      if (booked) tickets.push(booked);
      return;
    }
    // Illegal transitions are refused by the core and change nothing; the burst just carries on.
    if (choice < 7) await server.services.tickets.confirm({ userId: 'a', role: 'admin' }, ticket.id);
    else if (choice < 8) await server.services.tickets.suspend({ userId: 'a', role: 'admin' }, ticket.id);
    else await server.services.tickets.cancel({ userId: 'a', role: 'admin' }, ticket.id);
  };
  // A hold taken, released or turned into tickets (without a seat_released: its tickets replace it).
  const holdOperation = async (choice: number) => {
    const hold = holds.length > 0 ? holds[next(holds.length)] : undefined;
    if (choice < 12 || !hold) {
      const placed = await server.hold(route, 1 + next(route.seatCount), segment());
      if (placed) holds.push(placed);
    } else if (choice < 13) await server.services.holds.release({ userId: 'a', role: 'admin' }, hold.id);
    else tickets.push(...((await server.bookHold(hold)) ?? []));
  };
  const waves = Math.ceil(options.operations / 8);
  for (let wave = 0; wave < waves; wave++) {
    if (wave === Math.floor(waves / 2)) await options.between?.();
    await Promise.all(Array.from({ length: 8 }, operation));
  }
}

describe.each(TRANSPORTS)('with $name', ({ transports }) => {
  const socketOptions = { ...FAST_RECONNECT, ...(transports ? { transports } : {}) };

  describe('RouteWatch against a real /seats server', () => {
    const suite = useWatchTestServer(socketOptions);
    const { connect } = suite;

    it('snapshot plus updates equal the server seat map after a burst of sales', async () => {
      const route = await suite.server.createRoute();
      await burst(suite.server, route, { seed: 1, operations: 16, wholeRoute: true });
      const watch = connect().watchRoute(route.id);
      const first = await watch.ready;
      expect(first).toEqual(await suite.server.seatMap(route));
      const applied: number[] = [];
      watch.onUpdate((update) => applied.push(update.sequence));
      await burst(suite.server, route, { seed: 2, operations: 48, wholeRoute: true });
      await expectSameMap(suite.server, route, watch);
      // Every event after the snapshot, once, in order.
      const last = await suite.server.currentSequence(route);
      expect(applied).toEqual(
        Array.from({ length: last - first.sequence }, (_, i) => first.sequence + 1 + i),
      );
    });

    it('keeps a segment watch exact through partial sales and cancels (reloading the snapshot when unsure)', async () => {
      const route = await suite.server.createRoute();
      // Tickets on every kind of segment before the watch starts: the watch knows them only as "taken".
      await burst(suite.server, route, { seed: 3, operations: 24 });
      const client = connect();
      const sent = outgoing(client);
      const watch = client.watchRoute(route.id, { fromCity: route.stops[1], toCity: route.stops[3] });
      expect(await watch.ready).toEqual(await suite.server.seatMap(route, 1, 3));
      await burst(suite.server, route, { seed: 8, operations: 64 });
      await expectSameMap(suite.server, route, watch, 1, 3);
      // Cancels of partial tickets it knew only from the snapshot made it reload the snapshot.
      expect(sent.filter((s) => s.event === 'get_seat_availability').length).toBeGreaterThan(1);
    });

    it('a partial cancel of a seat known only from the snapshot reloads it and shows the seat free', async () => {
      const route = await suite.server.createRoute();
      const partial = (await suite.server.book(route, 5, { from: 1, to: 2 }))!;
      const client = connect();
      const sent = outgoing(client);
      const watch = client.watchRoute(route.id, { fromCity: route.stops[0], toCity: route.stops[3] });
      expect((await watch.ready).seats[4]?.status).toBe('reserved');
      await suite.server.cancel(partial);
      await expectSameMap(suite.server, route, watch, 0, 3);
      expect(watch.seats()[4]?.status).toBe('available');
      expect(sent.filter((s) => s.event === 'get_seat_availability')).toHaveLength(2);
    });

    it('ends with the same seat map after the connection drops during a burst, through replay', async () => {
      const route = await suite.server.createRoute();
      const client = connect();
      const sent = outgoing(client);
      let connects = 0;
      client.socket.on('connect', () => (connects += 1));
      const watch = client.watchRoute(route.id);
      const first = await watch.ready;
      const applied: SeatUpdate[] = [];
      watch.onUpdate((update) => applied.push(update));
      await burst(suite.server, route, {
        seed: 5,
        operations: 64,
        wholeRoute: true,
        between: async () => {
          // Cut the connection once the client is live and has applied some of the burst.
          await until(watch, () => watch.sequence > first.sequence);
          const disconnected = new Promise((resolve) => client.socket.once('disconnect', resolve));
          client.socket.io.engine.close();
          await disconnected;
        },
      });
      await expectSameMap(suite.server, route, watch);
      expect(connects).toBe(2);
      // The missed events came back by replay from the last applied sequence, not by a new snapshot.
      const subscribes = sent.filter((s) => s.event === 'subscribe_route');
      expect(subscribes.at(-1)?.message.sinceSequence).toBeGreaterThan(first.sequence);
      expect(sent.filter((s) => s.event === 'get_seat_availability')).toHaveLength(1);
      // No missed and no doubled event: exactly the log after the snapshot, in order.
      const log = (await suite.server.ports.events.readAfter(route.id, first.sequence, 1000))._unsafeUnwrap();
      expect(applied.map((u) => u.sequence)).toEqual(log.map((e) => e.sequence));
      expect(applied.map((u) => [u.seatNumber, u.eventType])).toEqual(
        log.filter(isSeatEvent).map((e) => [e.seatNumber, e.eventType]),
      );
    });

    it('recovers the same way when the server drops every connection', async () => {
      const route = await suite.server.createRoute();
      const client = connect();
      let connects = 0;
      client.socket.on('connect', () => (connects += 1));
      const watch = client.watchRoute(route.id, { fromCity: route.stops[0], toCity: route.stops[2] });
      const first = await watch.ready;
      await burst(suite.server, route, {
        seed: 6,
        operations: 48,
        between: async () => {
          await until(watch, () => watch.sequence > first.sequence);
          // As a server shutting down does: socket.io would not reconnect after this by itself.
          const disconnected = new Promise((resolve) => client.socket.once('disconnect', resolve));
          suite.server.dropAllConnections();
          await disconnected;
        },
      });
      await expectSameMap(suite.server, route, watch, 0, 2);
      expect(connects).toBe(2);
    });

    it('replays from the last applied sequence when an update arrives ahead of a missing one', async () => {
      const route = await suite.server.createRoute();
      const client = connect();
      const sent = outgoing(client);
      const watch = client.watchRoute(route.id);
      const first = await watch.ready;
      // Two sales whose publications are lost; then the second reaches the client alone.
      suite.server.bus.losing = true;
      await suite.server.book(route, 1);
      await suite.server.book(route, 2);
      suite.server.bus.losing = false;
      await suite.server.sendOutOfOrder(route, first.sequence + 2);
      await expectSameMap(suite.server, route, watch);
      expect(sent.at(-1)).toEqual({
        event: 'subscribe_route',
        message: { routeId: route.id, sinceSequence: first.sequence },
      });
    });

    it('watches the same route whatever the letter case of its id', async () => {
      const route = await suite.server.createRoute();
      const watch = connect().watchRoute(route.id.toUpperCase());
      await watch.ready;
      await suite.server.book(route, 2, { staff: true });
      await expectSameMap(suite.server, route, watch);
      expect(watch.seats()[1]?.status).toBe('confirmed');
    });

    it('rejects ready and reports the error for a route that does not exist', async () => {
      const watch = connect().watchRoute(randomUUID());
      const errors: string[] = [];
      watch.onError((error) => errors.push(error.code));
      await expect(watch.ready).rejects.toMatchObject({ code: 'route_not_found' });
      expect(errors).toEqual(['route_not_found']);
    });

    it('lets two watches of one route share the subscription; closing one keeps the other live', async () => {
      const route = await suite.server.createRoute();
      const client = connect();
      const whole = client.watchRoute(route.id);
      const part = client.watchRoute(route.id, { fromCity: route.stops[2], toCity: route.stops[3] });
      await Promise.all([whole.ready, part.ready]);
      await part.close();
      await suite.server.book(route, 3, { staff: true });
      await expectSameMap(suite.server, route, whole);
      expect(whole.seats()[2]?.status).toBe('confirmed');
    });
  });

  describe('RouteWatch when the server no longer keeps the missed events', () => {
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

    it('reloads the snapshot on resync_required and then follows live updates', async () => {
      const route = await server.createRoute();
      client = createBookingClient(server.url, { socket: socketOptions });
      const sent = outgoing(client);
      let resyncs = 0;
      client.socket.on('resync_required', () => (resyncs += 1));
      const watch = client.watchRoute(route.id);
      await watch.ready;
      await server.book(route, 1);
      await expectSameMap(server, route, watch);

      client.socket.disconnect();
      for (let seat = 2; seat <= 8; seat++) await server.book(route, seat, { gender: 'male' });
      client.socket.connect();
      await expectSameMap(server, route, watch);
      expect(resyncs).toBe(1);
      expect(sent.filter((s) => s.event === 'get_seat_availability')).toHaveLength(2);

      await server.book(route, 9, { staff: true });
      await expectSameMap(server, route, watch);
      expect(watch.seats()[8]?.status).toBe('confirmed');
    });
  });
});
