import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Route } from '@booking/core';
import { textFrame } from './room-writes';
import { type SeatClientRecorder } from './test-support/seat-client-recorder';
import { admin, customer, SeatTestServer } from './test-support/seat-test-server';

describe('seat updates that become deliverable together', () => {
  let server: SeatTestServer;

  beforeAll(async () => {
    server = await SeatTestServer.start();
  });
  afterAll(() => server.close());

  /** Engine.IO message packets the server writes to this client's connection from now on. */
  function countWrites(client: SeatClientRecorder): () => number {
    const socket = server.gateway.namespace.sockets.get(client.socket.id ?? '');
    if (!socket) throw new Error('the server does not know this client');
    let writes = 0;
    socket.conn.on('packetCreate', (packet: { type: string }) => {
      if (packet.type === 'message') writes += 1;
    });
    return () => writes;
  }

  /** A polling client whose close is still in flight when the server stops would send it after the test. */
  async function closePolling(client: SeatClientRecorder): Promise<void> {
    const socket = server.gateway.namespace.sockets.get(client.socket.id ?? '');
    const closed = new Promise((resolve) => socket?.conn.once('close', resolve));
    client.disconnect();
    await closed;
  }

  async function watch(route: Route, transport: 'websocket' | 'polling') {
    const client = await server.connect({}, [transport]);
    await client.request('subscribe_route', { routeId: route.id });
    return { client, writes: countWrites(client) };
  }

  it("a cancel's two events reach a WebSocket client in one write, a polling client in two, both in order", async () => {
    const route = await server.createRoute();
    const ticket = await server.book(route, 4, customer());
    const websocket = await watch(route, 'websocket');
    const polling = await watch(route, 'polling');

    (await server.services.tickets.cancel(admin, ticket.id))._unsafeUnwrap();

    for (const { client } of [websocket, polling]) {
      await client.until(() => client.sequences(route.id).length === 2);
      expect(client.updates(route.id).map((u) => [u.sequence, u.eventType, u.seatNumber])).toEqual([
        [2, 'seat_cancelled', 4],
        [3, 'seat_available', 4],
      ]);
    }
    expect(websocket.client.updates(route.id)).toEqual(polling.client.updates(route.id));
    expect(websocket.writes()).toBe(1);
    expect(polling.writes()).toBe(2);
    await closePolling(polling.client);
  });

  it("a group booking's events go out in one write, and a single event in one more", async () => {
    const route = await server.createRoute();
    const websocket = await watch(route, 'websocket');
    const passengers = [2, 3, 6].map((seatNumber) => ({
      seatNumber,
      passengerName: 'P',
      gender: 'male' as const,
    }));
    (
      await server.services.tickets.reserveGroup(customer(), { routeId: route.id, passengers })
    )._unsafeUnwrap();
    await server.book(route, 9);

    const { client } = websocket;
    await client.until(() => client.sequences(route.id).length === 4);
    expect(client.updates(route.id).map((u) => [u.sequence, u.seatNumber])).toEqual([
      [1, 2],
      [2, 3],
      [3, 6],
      [4, 9],
    ]);
    expect(websocket.writes()).toBe(2);
  });

  it('frames text as RFC 6455 does for each length encoding', () => {
    for (const length of [0, 125, 126, 65_535, 65_536]) {
      const frame = textFrame('x'.repeat(length));
      const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
      expect(frame[0]).toBe(0x81);
      const declared =
        header === 2 ? frame[1] : header === 4 ? frame.readUInt16BE(2) : Number(frame.readBigUInt64BE(2));
      expect([frame[1] === (header === 2 ? length : header === 4 ? 126 : 127), declared]).toEqual([
        true,
        length,
      ]);
      expect(frame.length).toBe(header + length);
    }
  });
});
