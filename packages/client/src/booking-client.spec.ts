import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createBookingClient, type BookingClient } from './booking-client';
import { WatchTestServer } from './test-support/watch-test-server';

/** The transports a client's connection used, in order (the one it opened with, then upgrades). */
function transportsUsed(client: BookingClient): Promise<string[]> {
  return new Promise((resolve) => {
    const manager = client.socket.io;
    manager.once('open', () => {
      const used = [manager.engine.transport.name];
      if (manager.opts.transports?.length === 1) return resolve(used);
      manager.engine.once('upgrade', (transport: { name: string }) => resolve([...used, transport.name]));
    });
  });
}

describe('createBookingClient transports', () => {
  let server: WatchTestServer;
  const clients: BookingClient[] = [];
  const connect = (socket?: { transports: ('polling' | 'websocket')[] }) => {
    const client = createBookingClient(server.url, { socket: { forceNew: true, ...socket } });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await WatchTestServer.start();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server.clientsGone();
  });
  afterAll(() => server.close());

  it("keeps Socket.IO's defaults: long-polling first, then the WebSocket upgrade", async () => {
    expect(await transportsUsed(connect())).toEqual(['polling', 'websocket']);
  });

  it.each([[['websocket' as const]], [['polling' as const]]])(
    'uses the transports a user passes: %j',
    async (transports) => {
      expect(await transportsUsed(connect({ transports }))).toEqual(transports);
    },
  );
});
