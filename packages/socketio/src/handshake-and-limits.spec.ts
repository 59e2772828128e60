import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createJwtAuth } from '@booking/auth';
import type { Route } from '@booking/core';
import { SeatTestServer, customer } from './test-support/seat-test-server';

function connectError(
  server: SeatTestServer,
  auth: { token?: string },
  headers?: Record<string, string>,
): Promise<Error & { data?: unknown }> {
  const socket = headers ? server.openSocket(auth, 'default', headers) : server.openSocket(auth);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('the handshake was accepted')));
    socket.once('connect_error', resolve);
  });
}

describe('handshake authentication', () => {
  let server: SeatTestServer;
  let strict: SeatTestServer;

  beforeAll(async () => {
    server = await SeatTestServer.start();
    strict = await SeatTestServer.start({ gateway: { requireAuth: true } });
  });
  afterAll(async () => {
    await server.close();
    await strict.close();
  });

  it('refuses an invalid token with connect_error unauthorized', async () => {
    const forged = await createJwtAuth({ secret: 'another-secret-of-enough-length-0123456789' }).sign(
      customer(),
    );
    for (const token of ['not-a-jwt', forged]) {
      const error = await connectError(server, { token });
      expect(error.message).toBe('unauthorized');
      expect(error.data).toEqual({ code: 'unauthorized', message: expect.any(String) });
    }
  });

  it('refuses an Authorization header that is not Bearer <token>, as REST does', async () => {
    for (const header of [
      'Basic dXNlcjpwYXNzd29yZA==',
      'Bearer',
      'Token abc',
      await server.tokenFor(customer()),
    ]) {
      const error = await connectError(server, {}, { Authorization: header });
      expect(error.data).toEqual({
        code: 'unauthorized',
        message: expect.stringContaining('Bearer <token>'),
      });
    }
    const bearer = server.openSocket({}, 'default', {
      Authorization: `Bearer ${await server.tokenFor(customer())}`,
    });
    await new Promise<void>((resolve, reject) =>
      bearer.once('connect', () => resolve()).once('connect_error', reject),
    );
  });

  it('lets a socket without a token read', async () => {
    const route = await server.createRoute();
    const client = await server.connect();
    expect(await client.request('subscribe_route', { routeId: route.id })).toMatchObject({ ok: true });
  });

  it('refuses a missing token when auth is required, and accepts a valid one', async () => {
    const error = await connectError(strict, {});
    expect(error.data).toMatchObject({ code: 'unauthorized' });
    const client = await strict.connect({ token: await strict.tokenFor(customer()) });
    expect(client.socket.connected).toBe(true);
  });
});

describe('limits', () => {
  let server: SeatTestServer;
  let route: Route;

  beforeAll(async () => {
    server = await SeatTestServer.start({
      gateway: { rateLimit: { perSecond: 0.001, burst: 5 }, maxConnectionsPerIp: 3, maxRoutesPerSocket: 2 },
    });
    route = await server.createRoute();
  });
  afterAll(() => server.close());

  it('answers rate_limited past the burst and keeps the connection', async () => {
    const client = await server.connect();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => client.request('get_seat_availability', { routeId: route.id })),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(5);
    expect(answers.filter((a) => !a.ok)).toEqual(
      Array.from({ length: 3 }, () => ({
        ok: false,
        error: { code: 'rate_limited', message: expect.any(String) },
      })),
    );
    expect(client.received.filter((r) => r.kind === 'error')).toHaveLength(3);
    expect(client.socket.connected).toBe(true);
    client.disconnect();
  });

  it('refuses connections past the per-address limit and frees the place on disconnect', async () => {
    await waitForConnections(server, 0);
    const open = [await server.connect(), await server.connect(), await server.connect()];
    const error = await connectError(server, {});
    expect(error.data).toMatchObject({ code: 'too_many_connections' });
    open[0]?.disconnect();
    await waitForConnections(server, 2);
    const again = await server.connect();
    expect(again.socket.connected).toBe(true);
    for (const client of [...open, again]) client.disconnect();
  });

  it('answers too_many_subscriptions past the routes-per-socket limit', async () => {
    await waitForConnections(server, 0);
    const routes = [route, await server.createRoute(), await server.createRoute()];
    const client = await server.connect();
    expect(await client.request('subscribe_route', { routeId: routes[0]?.id })).toMatchObject({ ok: true });
    expect(await client.request('subscribe_route', { routeId: routes[1]?.id })).toMatchObject({ ok: true });
    expect(await client.request('subscribe_route', { routeId: routes[2]?.id })).toMatchObject({
      ok: false,
      error: { code: 'too_many_subscriptions' },
    });
    client.disconnect();
  });
});

/** The server sees a disconnect a moment after the client makes it: wait for its count, not a time. */
async function waitForConnections(server: SeatTestServer, count: number): Promise<void> {
  while (server.gateway.localStats().connections !== count)
    await new Promise((resolve) => setImmediate(resolve));
}
