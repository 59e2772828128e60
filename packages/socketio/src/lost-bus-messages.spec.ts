import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LossyBus } from './test-support/lossy-bus';
import { PausedLog } from './test-support/paused-log';
import { admin, SeatTestServer } from './test-support/seat-test-server';

describe('events the bus lost on a quiet route', () => {
  let server: SeatTestServer;
  const bus = new LossyBus();

  let log: PausedLog; // never paused here: it records which routes the gateway reads from the log

  beforeAll(async () => {
    server = await SeatTestServer.start({
      bus,
      gateway: { gapWaitMs: 20 },
      wrapLog: (inner) => {
        log = new PausedLog(inner);
        return log.log;
      },
    });
  });
  afterAll(() => server.close());

  it('reach live subscribers when the bus reconnects, without waiting for the route’s next event', async () => {
    const route = await server.createRoute();
    const watcher = await server.connect();
    await watcher.request('subscribe_route', { routeId: route.id });

    bus.losing = true;
    const ticket = await server.book(route, 6);
    (await server.services.tickets.cancel(admin, ticket.id))._unsafeUnwrap();
    await watcher.roundTrip(route.id);
    expect(watcher.sequences(route.id)).toEqual([]); // lost, and nothing else happens on the route

    bus.reconnect();
    await watcher.until(() => watcher.sequences(route.id).length === 3);
    expect(watcher.updates(route.id).map((u) => [u.sequence, u.eventType])).toEqual([
      [1, 'seat_reserved'],
      [2, 'seat_cancelled'],
      [3, 'seat_available'],
    ]);
    await watcher.roundTrip(route.id);
    expect(watcher.sequences(route.id)).toEqual([1, 2, 3]); // once each
  });

  it('a reconnect with nothing lost reads nothing from the log and sends nothing', async () => {
    const route = await server.createRoute();
    await server.book(route, 2);
    const watcher = await server.connect();
    await watcher.request('subscribe_route', { routeId: route.id });

    bus.reconnect();
    await server.book(route, 3);
    await watcher.until(() => watcher.sequences(route.id).length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100)); // five gap waits: any gap fill would have run
    await watcher.roundTrip(route.id);
    expect(watcher.sequences(route.id)).toEqual([2]);
    expect(log.readsFrom).not.toContain(route.id);
  });
});
