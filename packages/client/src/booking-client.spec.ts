import { describe, expect, it } from '@jest/globals';
import type { BookingClient } from './booking-client';
import { useWatchTestServer } from './test-support/watch-test-suite';

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
  const { connect } = useWatchTestServer({ forceNew: true });

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

describe('createBookingClient with a token function', () => {
  const suite = useWatchTestServer({ forceNew: true });

  it('asks it for the token at each connection of the socket', async () => {
    const signedIn = { token: 'not-a-token' };
    const client = suite.connect(undefined, () => signedIn.token);
    const refused = await new Promise<Error>((resolve) => client.socket.once('connect_error', resolve));
    expect(refused.message).toBe('unauthorized');
    signedIn.token = await suite.server.token();
    const connected = new Promise<void>((resolve) => client.socket.once('connect', () => resolve()));
    client.socket.connect();
    await connected;
    expect(client.socket.connected).toBe(true);
  });
});
