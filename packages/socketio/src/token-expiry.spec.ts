import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor, Route } from '@booking/core';
import { SeatTestServer, customer } from './test-support/seat-test-server';
import type { SeatClientRecorder } from './test-support/seat-client-recorder';

/** Tokens carry `exp` in whole seconds: one signed for 2 s runs out within 1 to 2 seconds. */
const SHORT_TTL_SECONDS = 2;

const sleepUntil = (ms: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, ms - Date.now())));

const ticketUpdates = (client: SeatClientRecorder) =>
  client.received.filter((item) => item.kind === 'ticket_update').length;

/** Books a seat for `owner`; once `client` (which follows the route) has it, anything else sent with it has arrived too. */
async function bookAndSettle(
  server: SeatTestServer,
  route: Route,
  seat: number,
  owner: Actor,
  client: SeatClientRecorder,
) {
  await server.book(route, seat, owner);
  await client.until(() => client.updates(route.id).some((update) => update.seatNumber === seat));
  await client.roundTrip(route.id);
}

describe("a socket's identity ends when its token expires", () => {
  let server: SeatTestServer;
  let route: Route;

  beforeAll(async () => {
    server = await SeatTestServer.start();
    route = await server.createRoute(40);
  });
  afterAll(() => server.close());

  it('ticket_update stops at exp (token_expired says so), seats keep coming; renew_token brings it back', async () => {
    const owner = customer();
    const token = await server.auth.sign(owner, SHORT_TTL_SECONDS);
    const client = await server.connect({ token }, 'default');
    await client.request('subscribe_route', { routeId: route.id });
    await server.book(route, 1, owner);
    await client.until(() => ticketUpdates(client) === 1);

    await sleepUntil((server.auth.refusesAfterMs(token) ?? 0) + 50);
    await bookAndSettle(server, route, 2, owner, client);
    expect(ticketUpdates(client)).toBe(1);
    expect(client.received.filter((item) => item.kind === 'token_expired')).toHaveLength(1);
    expect(client.socket.connected).toBe(true);

    const renewed = await client.request('renew_token', { token: await server.tokenFor(owner) });
    expect(renewed).toEqual({ ok: true, message: expect.any(String), expiresAt: expect.any(String) });
    await server.book(route, 3, owner);
    await client.until(() => ticketUpdates(client) === 2);
  });

  it('a renew_token before exp keeps the identity past the first token', async () => {
    const owner = customer();
    const first = await server.auth.sign(owner, SHORT_TTL_SECONDS);
    const client = await server.connect({ token: first }, 'default');
    expect(await client.request('renew_token', { token: await server.tokenFor(owner) })).toMatchObject({
      ok: true,
    });
    await sleepUntil((server.auth.refusesAfterMs(first) ?? 0) + 50);
    await server.book(route, 4, owner);
    await client.until(() => ticketUpdates(client) === 1);
    expect(client.received.some((item) => item.kind === 'token_expired')).toBe(false);
  });

  it('a token just past exp but within the clock tolerance keeps its identity until the verifier would refuse it', async () => {
    const owner = customer();
    // Accepted at the handshake thanks to the tolerance; it used to be cut off at once.
    const token = await server.auth.sign(owner, -2);
    const client = await server.connect({ token }, 'default');
    await client.request('subscribe_route', { routeId: route.id });
    await bookAndSettle(server, route, 20, owner, client);
    expect(ticketUpdates(client)).toBe(1);
    expect(client.received.some((item) => item.kind === 'token_expired')).toBe(false);
  });

  it('renew_token with a bad token answers unauthorized and changes nothing', async () => {
    const owner = customer();
    const client = await server.connect({ token: await server.tokenFor(owner) }, 'default');
    for (const token of ['not-a-jwt', await server.auth.sign(customer(), -60)]) {
      expect(await client.request('renew_token', { token })).toMatchObject({
        ok: false,
        error: { code: 'unauthorized' },
      });
    }
    expect(await client.request('renew_token', { token: 'x', user: 'admin' })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    await server.book(route, 5, owner);
    await client.until(() => ticketUpdates(client) === 1);
  });

  it('renew_token signs an anonymous socket in: its owner events start', async () => {
    const owner = customer();
    const client = await server.connect({}, 'default');
    expect(await client.request('renew_token', { token: await server.tokenFor(owner) })).toMatchObject({
      ok: true,
    });
    await server.book(route, 6, owner);
    await client.until(() => ticketUpdates(client) === 1);
  });
});

describe('with WS_REQUIRE_AUTH, an expired token also ends the connection', () => {
  let server: SeatTestServer;

  beforeAll(async () => {
    server = await SeatTestServer.start({ gateway: { requireAuth: true } });
  });
  afterAll(() => server.close());

  it('sends token_expired, then disconnects', async () => {
    const client = await server.connect(
      { token: await server.auth.sign(customer(), SHORT_TTL_SECONDS) },
      'default',
    );
    const reason = await new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
    expect(reason).toBe('io server disconnect');
    expect(client.received.some((item) => item.kind === 'token_expired')).toBe(true);
  });
});
