import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Route } from '@booking/core';
import { SeatTestServer } from './test-support/seat-test-server';
import type { SeatClientRecorder } from './test-support/seat-client-recorder';

const ITERATIONS = 50;

describe('subscribe_route and unsubscribe_route of one route, sent back to back', () => {
  let server: SeatTestServer;
  let route: Route;
  let watcher: SeatClientRecorder;

  beforeAll(async () => {
    server = await SeatTestServer.start({
      gateway: { rateLimit: { perSecond: 1_000_000, burst: 1_000_000 } },
    });
    route = await server.createRoute(ITERATIONS + 10);
    watcher = await server.connect({}, 'default');
    await watcher.request('subscribe_route', { routeId: route.id });
  });
  afterAll(() => server.close());

  it('the last one wins: no subscribed after unsubscribed, no seat_update after it, not counted', async () => {
    const client = await server.connect({}, 'default');
    for (let seat = 1; seat <= ITERATIONS; seat++) {
      const from = client.received.length;
      const [subscribe, unsubscribe] = await Promise.all([
        client.request('subscribe_route', { routeId: route.id }),
        client.request('unsubscribe_route', { routeId: route.id }),
      ]);
      expect(unsubscribe).toMatchObject({ ok: true, routeId: route.id });
      // Either the subscribe was served before the unsubscribe arrived, or it was cancelled by it.
      if (!subscribe.ok) expect(subscribe.error.code).toBe('cancelled');

      const stats = await server.gateway.stats();
      expect(stats.routeDetails).toEqual([{ routeId: route.id, subscriberCount: 1 }]); // the watcher

      await server.book(route, seat);
      await watcher.until(() => watcher.sequences(route.id).length === seat);
      await client.roundTrip(route.id); // whatever the server sent before this answer has arrived
      const kinds = client.received.slice(from).map((item) => item.kind);
      const unsubscribed = kinds.indexOf('unsubscribed');
      expect(kinds.slice(unsubscribed)).not.toContain('subscribed');
      expect(kinds.slice(unsubscribed)).not.toContain('seat_update');
    }
  });
});
