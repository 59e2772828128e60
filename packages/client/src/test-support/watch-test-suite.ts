import { afterAll, afterEach, beforeAll } from '@jest/globals';
import { createBookingClient, type BookingClient, type BookingClientOptions } from '../booking-client';
import { WatchTestServer } from './watch-test-server';

type ClientSocketOptions = BookingClientOptions['socket'];

/** A describe block's server and its clients (see `useWatchTestServer`). */
export interface WatchTestSuite {
  /** Started before the block's first test, closed after its last. */
  readonly server: WatchTestServer;
  /**
   * A new client of the server with the block's socket options (these override them) and `token`;
   * closed after the test.
   */
  connect(socket?: ClientSocketOptions, token?: BookingClientOptions['token']): BookingClient;
}

/**
 * Registers the hooks of a describe block that tests clients against one WatchTestServer. After each
 * test its clients are closed and the next test starts only once the server has seen them all go.
 */
export function useWatchTestServer(defaults: ClientSocketOptions = {}): WatchTestSuite {
  let server: WatchTestServer | undefined;
  const clients: BookingClient[] = [];
  const started = (): WatchTestServer => {
    if (!server) throw new Error('the WatchTestServer starts in beforeAll: use it inside a test');
    return server;
  };

  beforeAll(async () => {
    server = await WatchTestServer.start();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await started().clientsGone();
  });
  afterAll(() => started().close());

  return {
    get server() {
      return started();
    },
    connect(socket, token) {
      const client = createBookingClient(started().url, {
        socket: { ...defaults, ...socket },
        ...(token === undefined ? {} : { token }),
      });
      clients.push(client);
      return client;
    },
  };
}
