import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Route } from '@booking/core';
import { describeWithService, unique } from '@booking/core/testing';
import { createClient } from 'redis';
import { RedisSeatEventBus } from './bus/redis-seat-event-bus';
import { SeatTestServer } from './test-support/seat-test-server';
import { range } from './test-support/seat-updates';

type RedisClient = ReturnType<typeof createClient>;

describeWithService('REDIS_URL', process.env, 'two gateway processes through Redis', (url) => {
  const connections: RedisClient[] = [];
  const buses: RedisSeatEventBus[] = [];
  let nodeA: SeatTestServer;
  let nodeB: SeatTestServer;
  let route: Route;

  async function redis(reconnectAfterMs?: number): Promise<RedisClient> {
    const client = createClient({ url, socket: { reconnectStrategy: () => reconnectAfterMs ?? 50 } });
    await client.connect();
    connections.push(client);
    return client;
  }

  /** Each node's bus subscriber connection, by its Redis client id (to cut it off). */
  const busSubscriberIds: number[] = [];

  /** One node: its own Redis connections, the shared channel and adapter key of this run. */
  async function startNode(run: string, ports?: SeatTestServer['ports']): Promise<SeatTestServer> {
    // Reconnects only after 300 ms: what is published meanwhile is certainly lost to this node.
    const subscriber = await redis(300);
    // A cut connection reports an error before node-redis reconnects; unheard, it would crash the test.
    subscriber.on('error', () => undefined);
    busSubscriberIds.push(await subscriber.clientId());
    const bus = await RedisSeatEventBus.create({
      publisher: await redis(),
      subscriber,
      channel: `${run}:seat-events`,
    });
    buses.push(bus);
    return SeatTestServer.start({
      ...(ports ? { ports } : {}),
      bus,
      redis: { publisher: await redis(), subscriber: await redis(), key: `${run}:socket.io` },
    });
  }

  let run: string;

  beforeAll(async () => {
    run = unique('booking-test');
    nodeA = await startNode(run);
    nodeB = await startNode(run, nodeA.ports); // the same database behind both processes
    route = await nodeA.createRoute();
  });

  afterAll(async () => {
    await nodeA?.close();
    await nodeB?.close();
    for (const bus of buses) await bus.close();
    for (const client of connections) await client.close();
  });

  it('a client on one node receives a booking made through the other', async () => {
    const client = await nodeA.connect();
    await client.request('subscribe_route', { routeId: route.id });
    const ticket = await nodeB.book(route, 1);
    await client.until(() => client.sequences(route.id).length === 1);
    expect(client.updates(route.id)[0]).toMatchObject({
      ticketId: ticket.id,
      sequence: 1,
      eventType: 'seat_reserved',
    });
  });

  it('subscribers on both nodes see bookings committed on both, in sequence order, once each', async () => {
    const fresh = await nodeA.createRoute();
    const onA = await nodeA.connect();
    const onB = await nodeB.connect();
    await onA.request('subscribe_route', { routeId: fresh.id });
    await onB.request('subscribe_route', { routeId: fresh.id });
    await Promise.all(range(1, 12).map((seat) => (seat % 2 ? nodeA : nodeB).book(fresh, seat)));
    await onA.until(() => onA.sequences(fresh.id).length >= 12);
    await onB.until(() => onB.sequences(fresh.id).length >= 12);
    await onA.roundTrip(fresh.id);
    await onB.roundTrip(fresh.id);
    expect(onA.sequences(fresh.id)).toEqual(range(1, 12));
    expect(onB.sequences(fresh.id)).toEqual(range(1, 12));
  });

  it('a departure moved on one node reaches the other as route_update, between its seat updates', async () => {
    const fresh = await nodeA.createRoute();
    const onA = await nodeA.connect();
    await onA.request('subscribe_route', { routeId: fresh.id });
    await nodeB.book(fresh, 1);
    await nodeB.changeDeparture(fresh, { departureAt: '2030-06-01T11:15:00.000Z' });
    // Nothing follows it yet: no gap to read from the log, so it came over Redis.
    await onA.until(() => onA.roomEvents(fresh.id).length === 2);
    await nodeB.book(fresh, 2);
    await onA.until(() => onA.roomEvents(fresh.id).length === 3);
    expect(onA.roomEvents(fresh.id).map((event) => [event.sequence, event.eventType])).toEqual([
      [1, 'seat_reserved'],
      [2, 'route_update'],
      [3, 'seat_reserved'],
    ]);
    expect(onA.received.filter((item) => item.kind === 'route_update')).toEqual([
      { kind: 'route_update', update: expect.objectContaining({ departureAt: '2030-06-01T11:15:00.000Z' }) },
    ]);
  });

  it("the owner's ticket_update reaches their socket on the other node", async () => {
    const owner = { userId: unique('owner'), role: 'customer' as const };
    const socket = await nodeB.connect({ token: await nodeB.tokenFor(owner) });
    const ticket = await nodeA.book(route, 5, owner);
    await socket.until(() => socket.received.some((r) => r.kind === 'ticket_update'));
    expect(socket.received.find((r) => r.kind === 'ticket_update')).toMatchObject({
      update: { ticket: { id: ticket.id, pnrNumber: ticket.pnrNumber } },
    });
  });

  it('ignores malformed messages on the channel and keeps serving', async () => {
    const fresh = await nodeA.createRoute();
    const client = await nodeA.connect();
    await client.request('subscribe_route', { routeId: fresh.id });
    const intruder = await redis();
    await intruder.publish(`${run}:seat-events`, 'not json');
    await intruder.publish(
      `${run}:seat-events`,
      JSON.stringify({ origin: 'x', events: [{ routeId: fresh.id }], tickets: [] }),
    );
    await nodeB.book(fresh, 2);
    await client.until(() => client.sequences(fresh.id).length === 1);
    expect(client.sequences(fresh.id)).toEqual([1]);
  });

  it('a node whose bus subscriber was cut off catches up from the log once it is back', async () => {
    const fresh = await nodeA.createRoute();
    const onB = await nodeB.connect();
    await onB.request('subscribe_route', { routeId: fresh.id });
    const [, busB] = buses as [RedisSeatEventBus, RedisSeatEventBus];
    const reconnected = new Promise<void>((resolve) => {
      const stop = busB.onPossibleLoss(() => (stop(), resolve()));
    });

    const admin = await redis();
    await admin.sendCommand(['CLIENT', 'KILL', 'ID', String(busSubscriberIds[1])]);
    await nodeA.book(fresh, 4); // published while B's subscriber is away: lost there
    await reconnected;
    await onB.until(() => onB.sequences(fresh.id).length === 1);
    await nodeA.book(fresh, 5);
    await onB.until(() => onB.sequences(fresh.id).length === 2);
    await onB.roundTrip(fresh.id);
    expect(onB.sequences(fresh.id)).toEqual([1, 2]);
  });

  it('stats() counts the subscribers of every node', async () => {
    const fresh = await nodeA.createRoute();
    const onA = await nodeA.connect();
    const onB = await nodeB.connect();
    await onA.request('subscribe_route', { routeId: fresh.id });
    await onB.request('subscribe_route', { routeId: fresh.id });
    const stats = await nodeA.gateway.stats();
    expect(stats.routeDetails).toContainEqual({ routeId: fresh.id, subscriberCount: 2 });
    expect(stats.connections).toBe(
      nodeA.gateway.localStats().connections + nodeB.gateway.localStats().connections,
    );
  });
});
