import { describe, expect, it } from '@jest/globals';
import type { Logger } from '@booking/core';
import { Server } from 'socket.io';
import {
  chooseRoomWrites,
  installedTransportLibraries,
  type RoomWrites,
  type TransportLibraries,
} from './room-write-path';
import { admin, customer, SeatTestServer } from './test-support/seat-test-server';

interface Packet {
  type: string;
  data?: unknown;
  options?: { compress?: boolean; wsPreEncodedFrame?: unknown };
}
type Sends = (this: unknown, packets: Packet[]) => void;

const installed = installedTransportLibraries();
const withVersions = (versions: Partial<TransportLibraries['versions']>) => (): TransportLibraries => ({
  ...installed,
  versions: { ...installed.versions, ...versions },
});
const withClasses = (classes: Partial<Omit<TransportLibraries, 'versions'>>) => (): TransportLibraries => ({
  ...installed,
  ...classes,
});

/** A WebSocket transport that encodes every packet itself, as one that knows no pre-encoded frames. */
class EncodingTransport {
  private readonly socket: { send(data: unknown): void };
  constructor(request: { websocket: { send(data: unknown): void } }) {
    this.socket = request.websocket;
  }
  send(packets: Packet[]) {
    for (const packet of packets) this.socket.send(packet.data);
  }
}

/** A ws sender that copies the frames into a new buffer before writing them. */
class CopyingSender {
  constructor(private readonly socket: { write(data: Buffer): void }) {}
  sendFrame(list: Buffer[]) {
    this.socket.write(Buffer.concat(list));
  }
}

describe('chooseRoomWrites, the start-up check of the joined room writes', () => {
  // Never attached to an HTTP server: it holds no resources to close.
  const io = new Server();

  it('takes the joined writes on the installed libraries, naming their versions', () => {
    const choice = chooseRoomWrites(io, 'auto');
    expect(choice).toMatchObject({ path: 'joined', fellBack: false });
    expect(choice.reason).toContain(`engine.io ${installed.versions['engine.io']}`);
  });

  it.each([
    [{ 'socket.io': '4.9.0' }, 'socket.io 4.9.0'],
    [{ 'socket.io': '4.7.5' }, 'socket.io 4.7.5'],
    [{ 'engine.io': '6.7.0' }, 'engine.io 6.7.0'],
    [{ 'engine.io': '6.6.0-rc.1' }, 'engine.io 6.6.0-rc.1'],
    [{ ws: '9.0.0' }, 'ws 9.0.0'],
    [{ ws: '8.17.0' }, 'ws 8.17.0'],
    [{ ws: undefined }, "ws's version is unknown"],
  ])('a version outside the checked range (%j) takes the public path: %s', (versions, named) => {
    const choice = chooseRoomWrites(io, 'auto', withVersions(versions));
    expect(choice).toMatchObject({ path: 'public', fellBack: true });
    expect(choice.reason).toContain(named);
  });

  it.each([
    [
      'a WebSocket transport that encodes every packet itself',
      { webSocketTransport: EncodingTransport },
      'engine.io',
    ],
    ['no WebSocket transport', { webSocketTransport: undefined }, 'engine.io'],
    ['a ws sender that copies the frames', { sender: CopyingSender }, 'ws'],
    ['no ws sender', { sender: undefined }, 'ws'],
  ])('%s takes the public path', (_case, classes, named) => {
    const choice = chooseRoomWrites(io, 'auto', withClasses(classes));
    expect(choice).toMatchObject({ path: 'public', fellBack: true });
    expect(choice.reason).toContain(named);
  });

  it('a Socket.IO parser that encodes an event in several parts takes the public path', () => {
    const binaryParser = { encoder: { encode: () => ['451-["seat_update"]', Buffer.from('x')] } };
    const choice = chooseRoomWrites(binaryParser as unknown as Server, 'auto');
    expect(choice).toMatchObject({ path: 'public', fellBack: true });
    expect(choice.reason).toContain('parser');
  });

  it("'joined' skips the version check, but a library that does not behave so is refused at start", () => {
    expect(chooseRoomWrites(io, 'joined', withVersions({ 'socket.io': '5.0.0' }))).toMatchObject({
      path: 'joined',
    });
    expect(() => chooseRoomWrites(io, 'joined', withClasses({ sender: CopyingSender }))).toThrow(/ws/);
  });

  it("'public' and connection state recovery take the public path without a warning", () => {
    const recovering = Object.assign(Object.create(io) as Server, { opts: { connectionStateRecovery: {} } });
    for (const [server, mode] of [
      [io, 'public'],
      [recovering, 'auto'],
    ] as [Server, RoomWrites][]) {
      expect(chooseRoomWrites(server, mode, withVersions({ ws: '1.0.0' }))).toMatchObject({
        path: 'public',
        fellBack: false,
      });
    }
    expect(() => chooseRoomWrites(recovering, 'joined')).toThrow(/recovery/);
  });
});

describe('a gateway on an engine.io whose WebSocket transport knows no pre-encoded frames', () => {
  it('takes the public path at start, says why, and every event still arrives in order', async () => {
    const transport = installed.webSocketTransport as { prototype: { send: Sends } };
    const send = transport.prototype.send;
    // The transport the server runs on, as a release that dropped `wsPreEncodedFrame` would be.
    transport.prototype.send = function (this: unknown, packets: Packet[]) {
      send.call(
        this,
        packets.map(({ options, ...packet }) => ({ ...packet, options: { compress: options?.compress } })),
      );
    };
    const warnings: string[] = [];
    const logger: Logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (fields) => warnings.push(JSON.stringify(fields)),
      error: () => undefined,
    };
    const server = await SeatTestServer.start({ gateway: { roomWrites: 'auto', logger } });
    try {
      expect(server.gateway.roomWrites).toBe('public');
      expect(warnings.join('\n')).toContain('engine.io');

      const route = await server.createRoute();
      const ticket = await server.book(route, 4, customer());
      const client = await server.connect();
      await client.request('subscribe_route', { routeId: route.id });
      (await server.services.tickets.cancel(admin, ticket.id))._unsafeUnwrap();
      await client.roundTrip(route.id);
      expect(client.updates(route.id).map((u) => [u.sequence, u.eventType])).toEqual([
        [2, 'seat_cancelled'],
        [3, 'seat_available'],
      ]);
    } finally {
      transport.prototype.send = send;
      await server.close();
    }
  });
});
