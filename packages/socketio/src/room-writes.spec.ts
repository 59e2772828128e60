import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Route } from '@booking/core';
import WebSocket from 'ws';
import { textFrame } from './room-writes';
import { type SeatClientRecorder } from './test-support/seat-client-recorder';
import { admin, customer, SeatTestServer } from './test-support/seat-test-server';

interface FrameSender {
  sendFrame(list: Buffer[], callback?: (error?: Error) => void): void;
}

/** ws's own frame encoder (untyped in @types/ws): the reference `textFrame` must agree with. */
const wsFrame = (WebSocket as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } })
  .Sender.frame;

describe('seat updates that become deliverable together', () => {
  let server: SeatTestServer;

  beforeAll(async () => {
    server = await SeatTestServer.start({ gateway: { roomWrites: 'auto' } });
  });
  afterAll(() => server.close());

  it('takes the joined writes on the installed socket.io, engine.io and ws (they pass the start-up check)', () => {
    expect(server.gateway.roomWrites).toBe('joined');
  });

  /**
   * What the server writes to this client's connection from now on: engine.io message packets, and
   * for a WebSocket client each write ws makes to the TCP socket (`sendFrame`: one write), as the
   * number of buffers it was given (one: written as is; two: corked together).
   */
  function countWrites(client: SeatClientRecorder): { packets: () => number; socketWrites: number[] } {
    const socket = server.gateway.namespace.sockets.get(client.socket.id ?? '');
    if (!socket) throw new Error('the server does not know this client');
    let packets = 0;
    const socketWrites: number[] = [];
    socket.conn.on('packetCreate', (packet: { type: string }) => {
      if (packet.type === 'message') packets += 1;
    });
    const sender = (socket.conn.transport as unknown as { socket?: { _sender?: FrameSender } }).socket
      ?._sender;
    if (sender) {
      const sendFrame = sender.sendFrame.bind(sender);
      sender.sendFrame = (list, callback) => {
        socketWrites.push(list.length);
        sendFrame(list, callback);
      };
    }
    return { packets: () => packets, socketWrites };
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
    expect(websocket.writes.packets()).toBe(1);
    expect(websocket.writes.socketWrites).toEqual([1]); // one write of one buffer: both frames
    expect(polling.writes.packets()).toBe(2);
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
    expect(websocket.writes.packets()).toBe(2);
    expect(websocket.writes.socketWrites).toEqual([1, 1]);
  });

  it('on a server with connection state recovery, sends each event as a room broadcast (stored for recovery)', async () => {
    const recovering = await SeatTestServer.start({
      io: { connectionStateRecovery: {} },
      gateway: { roomWrites: 'auto' },
    });
    try {
      expect(recovering.gateway.roomWrites).toBe('public');
      const route = await recovering.createRoute();
      const ticket = await recovering.book(route, 4, customer());
      const client = await recovering.connect();
      await client.request('subscribe_route', { routeId: route.id });
      let packets = 0;
      recovering.gateway.namespace.sockets
        .get(client.socket.id ?? '')
        ?.conn.on('packetCreate', () => (packets += 1));
      (await recovering.services.tickets.cancel(admin, ticket.id))._unsafeUnwrap();
      await client.until(() => client.sequences(route.id).length === 2);
      expect(client.sequences(route.id)).toEqual([2, 3]);
      expect(packets).toBe(2);
    } finally {
      await recovering.close();
    }
  });

  it('frames text exactly as ws does, for each length encoding', () => {
    for (const length of [0, 125, 126, 65_535, 65_536]) {
      const text = 'é'.repeat(length / 2) + 'x'.repeat(length % 2);
      const reference = wsFrame(Buffer.from(text), {
        fin: true,
        opcode: 1,
        mask: false,
        readOnly: false,
        rsv1: false,
      });
      expect(textFrame(text).equals(Buffer.concat(reference))).toBe(true);
    }
  });
});

describe.each(['joined', 'public'] as const)('on the %s room write path', (roomWrites) => {
  let server: SeatTestServer;

  beforeAll(async () => {
    server = await SeatTestServer.start({ gateway: { roomWrites } });
  });
  afterAll(() => server.close());

  it("a socket's onAnyOutgoing listener sees every seat_update it is sent; every client gets them in order", async () => {
    const route = await server.createRoute();
    const ticket = await server.book(route, 4, customer());
    const listened = await server.connect();
    const plain = await server.connect();
    for (const client of [listened, plain]) await client.request('subscribe_route', { routeId: route.id });
    const heard: [string, number][] = [];
    server.gateway.namespace.sockets.get(listened.socket.id ?? '')?.onAnyOutgoing((event, update) => {
      if (event === 'seat_update') heard.push([event, (update as { sequence: number }).sequence]);
    });

    (await server.services.tickets.cancel(admin, ticket.id))._unsafeUnwrap();

    for (const client of [listened, plain]) {
      await client.until(() => client.sequences(route.id).length === 2);
      expect(client.sequences(route.id)).toEqual([2, 3]);
    }
    expect(heard).toEqual([
      ['seat_update', 2],
      ['seat_update', 3],
    ]);
  });
});
