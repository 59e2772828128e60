import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Route } from '@booking/core';
import { LossyBus } from './test-support/lossy-bus';
import { admin, SeatTestServer } from './test-support/seat-test-server';
import { PausedLog } from './test-support/paused-log';
import { range } from './test-support/seat-updates';

describe('replay after reconnect', () => {
  let server: SeatTestServer;
  let paused: PausedLog;
  const bus = new LossyBus();

  beforeAll(async () => {
    server = await SeatTestServer.start({
      bus,
      wrapLog: (log) => {
        paused = new PausedLog(log);
        return paused.log;
      },
    });
  });
  afterAll(() => server.close());

  async function routeWithBookings(count: number): Promise<Route> {
    const route = await server.createRoute();
    for (const seat of range(1, count)) await server.book(route, seat);
    return route;
  }

  it('sends exactly the missed updates in order, then subscribed, then live ones', async () => {
    const route = await routeWithBookings(5);
    const client = await server.connect();
    const ack = await client.request('subscribe_route', { routeId: route.id, sinceSequence: 2 });
    expect(ack).toMatchObject({ ok: true, sequence: 5 });
    await server.book(route, 6);
    await client.until(() => client.sequences(route.id).includes(6));
    const order = client.received
      .filter((r) => r.kind === 'seat_update' || r.kind === 'subscribed')
      .map((r) => (r.kind === 'seat_update' ? r.update.sequence : r.kind));
    expect(order).toEqual([3, 4, 5, 'subscribed', 6]);
    const fromLog = (await server.ports.events.readAfter(route.id, 2, 10))._unsafeUnwrap();
    expect(client.updates(route.id).slice(0, 3)).toEqual(fromLog.slice(0, 3));
  });

  it('loses nothing and repeats nothing that is committed while the replay reads the log', async () => {
    const route = await routeWithBookings(3);
    const watcher = await server.connect();
    await watcher.request('subscribe_route', { routeId: route.id });
    const client = await server.connect();
    paused.pause();
    const subscribed = client.request('subscribe_route', { routeId: route.id, sinceSequence: 1 });
    await paused.held();
    // The replay is reading; these commits go live meanwhile (one is a cancel: two events).
    await server.book(route, 4);
    const fifth = await server.book(route, 5);
    await server.services.tickets.cancel(admin, fifth.id);
    await watcher.until(() => watcher.sequences(route.id).length === 4);
    paused.resume();
    expect(await subscribed).toMatchObject({ ok: true });
    await server.book(route, 6);
    await client.until(() => client.sequences(route.id).includes(8));
    expect(client.sequences(route.id)).toEqual(range(2, 8));
    await watcher.until(() => watcher.sequences(route.id).includes(8));
    expect(watcher.sequences(route.id)).toEqual(range(4, 8));
  });

  it('catches up without repeats when the log is ahead of the live feed', async () => {
    const route = await routeWithBookings(1);
    const watcher = await server.connect();
    await watcher.request('subscribe_route', { routeId: route.id });
    // Events committed but never published (a notifier outage): the log has them, the feed does not.
    bus.losing = true;
    await server.book(route, 2);
    await server.book(route, 3);
    bus.losing = false;
    const client = await server.connect();
    expect(await client.request('subscribe_route', { routeId: route.id, sinceSequence: 0 })).toMatchObject({
      ok: true,
      sequence: 3,
    });
    await server.book(route, 4);
    await client.until(() => client.sequences(route.id).includes(4));
    await watcher.until(() => watcher.sequences(route.id).includes(4));
    await server.book(route, 5);
    await client.until(() => client.sequences(route.id).includes(5));
    await watcher.until(() => watcher.sequences(route.id).includes(5));
    expect(client.sequences(route.id)).toEqual([1, 2, 3, 4, 5]);
    expect(watcher.sequences(route.id)).toEqual([2, 3, 4, 5]);
  });

  it('without sinceSequence sends no history, only what follows the announced sequence', async () => {
    const route = await routeWithBookings(2);
    const client = await server.connect();
    expect(await client.request('subscribe_route', { routeId: route.id })).toMatchObject({
      ok: true,
      sequence: 2,
    });
    await server.book(route, 3);
    await client.until(() => client.sequences(route.id).length > 0);
    expect(client.sequences(route.id)).toEqual([3]);
  });

  it('answers resync_required when the client is ahead of the route', async () => {
    const route = await routeWithBookings(1);
    const client = await server.connect();
    const ack = await client.request('subscribe_route', { routeId: route.id, sinceSequence: 9 });
    expect(ack).toMatchObject({ ok: true, sequence: 1 });
    expect(client.received.map((r) => r.kind)).toEqual(['resync_required', 'subscribed']);
  });
});

describe('replay when the log was pruned', () => {
  let server: SeatTestServer;

  beforeAll(async () => {
    server = await SeatTestServer.start({ database: { retainEventsPerRoute: 3 } });
  });
  afterAll(() => server.close());

  it('answers resync_required when the missed events are no longer kept, then goes live', async () => {
    const route = await server.createRoute();
    for (const seat of range(1, 6)) await server.book(route, seat);
    const client = await server.connect();
    const ack = await client.request('subscribe_route', { routeId: route.id, sinceSequence: 1 });
    expect(ack).toMatchObject({ ok: true, sequence: 6 });
    expect(client.received).toEqual([
      { kind: 'resync_required', routeId: route.id },
      { kind: 'subscribed', routeId: route.id, sequence: 6 },
    ]);
    await server.book(route, 7);
    await client.until(() => client.sequences(route.id).length > 0);
    expect(client.sequences(route.id)).toEqual([7]);
  });

  it('still replays what is kept', async () => {
    const route = await server.createRoute();
    for (const seat of range(1, 6)) await server.book(route, seat);
    const client = await server.connect();
    expect(await client.request('subscribe_route', { routeId: route.id, sinceSequence: 4 })).toMatchObject({
      ok: true,
    });
    expect(client.sequences(route.id)).toEqual([5, 6]);
  });
});
