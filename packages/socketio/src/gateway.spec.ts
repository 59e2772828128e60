import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Route } from '@booking/core';
import { TICKET_VIEW_KEYS } from '@booking/core/testing';
import { SeatTestServer, admin, customer } from './test-support/seat-test-server';
import type { SeatUpdate } from './protocol';

const SEAT_UPDATE_KEYS = [
  'eventType',
  'fromStopIndex',
  'metadata',
  'routeId',
  'seatNumber',
  'sequence',
  'ticketId',
  'timestamp',
  'toStopIndex',
];

describe('the /seats gateway', () => {
  let server: SeatTestServer;
  let route: Route;

  beforeAll(async () => {
    server = await SeatTestServer.start();
    route = await server.createRoute();
  });
  afterAll(() => server.close());

  it('subscribe_route acknowledges and answers subscribed with the route sequence', async () => {
    const client = await server.connect();
    await server.book(route, 20);
    const current = (await server.ports.events.currentSequence(route.id))._unsafeUnwrap();
    const ack = await client.request('subscribe_route', { routeId: route.id });
    expect(ack).toEqual({ ok: true, routeId: route.id, message: expect.any(String), sequence: current });
    expect(client.received).toContainEqual({ kind: 'subscribed', routeId: route.id, sequence: current });
  });

  it('get_seat_availability answers with the REST seat map body', async () => {
    const client = await server.connect();
    await server.book(route, 19);
    const expected = (await server.services.routes.seatMap(route.id))._unsafeUnwrap();
    const ack = await client.request('get_seat_availability', { routeId: route.id });
    expect(ack).toEqual({ ok: true, ...expected });
    const segment = await client.request('get_seat_availability', {
      routeId: route.id,
      fromCity: route.stops[1],
      toCity: route.toCity,
    });
    expect(segment).toEqual({
      ok: true,
      ...(await server.services.routes.seatMap(route.id, route.stops[1], route.toCity))._unsafeUnwrap(),
    });
    expect(client.received.filter((r) => r.kind === 'seat_availability')).toHaveLength(2);
  });

  it('two subscribers see the same seat updates in sequence order', async () => {
    const fresh = await server.createRoute();
    const [a, b] = [await server.connect(), await server.connect()];
    await a.request('subscribe_route', { routeId: fresh.id });
    await b.request('subscribe_route', { routeId: fresh.id });
    await Promise.all([1, 2, 3, 4, 5].map((seat) => server.book(fresh, seat)));
    await a.until(() => a.sequences(fresh.id).length === 5);
    await b.until(() => b.sequences(fresh.id).length === 5);
    expect(a.sequences(fresh.id)).toEqual([1, 2, 3, 4, 5]);
    expect(b.updates(fresh.id)).toEqual(a.updates(fresh.id));
  });

  it('an unsubscribed client sees nothing more of the route', async () => {
    const fresh = await server.createRoute();
    const [leaving, staying] = [await server.connect(), await server.connect()];
    await leaving.request('subscribe_route', { routeId: fresh.id });
    await staying.request('subscribe_route', { routeId: fresh.id });
    await server.book(fresh, 1);
    await leaving.until(() => leaving.sequences(fresh.id).length === 1);
    const ack = await leaving.request('unsubscribe_route', { routeId: fresh.id });
    expect(ack).toEqual({ ok: true, routeId: fresh.id, message: expect.any(String) });
    expect(leaving.received).toContainEqual({ kind: 'unsubscribed', routeId: fresh.id });
    await server.book(fresh, 2);
    await staying.until(() => staying.sequences(fresh.id).length === 2);
    // The room emit reached both sockets at once; a round trip on the leaver's connection proves it got none.
    await leaving.roundTrip(fresh.id);
    expect(leaving.sequences(fresh.id)).toEqual([1]);
  });

  it('a route id in any letter case is the same route: live events arrive, unsubscribe ends them', async () => {
    const fresh = await server.createRoute();
    const upper = fresh.id.toUpperCase();
    const client = await server.connect({}, 'default');
    expect(await client.request('subscribe_route', { routeId: upper })).toMatchObject({
      ok: true,
      routeId: fresh.id,
    });
    expect(await client.request('get_seat_availability', { routeId: upper })).toMatchObject({
      ok: true,
      routeId: fresh.id,
    });
    expect(server.gateway.localStats().routeDetails).toContainEqual({
      routeId: fresh.id,
      subscriberCount: 1,
    });
    await server.book(fresh, 1);
    await client.until(() => client.sequences(fresh.id).length === 1);

    const mixed = fresh.id.replace(/[a-f]/g, (letter, at: number) =>
      at % 2 ? letter.toUpperCase() : letter,
    );
    expect(await client.request('unsubscribe_route', { routeId: mixed })).toMatchObject({ ok: true });
    await server.book(fresh, 2);
    await client.roundTrip(fresh.id);
    expect(client.sequences(fresh.id)).toEqual([1]);
    expect(server.gateway.localStats().routeDetails).not.toContainEqual(
      expect.objectContaining({ routeId: fresh.id }),
    );
  });

  it('room payloads carry the contract fields only: no PNR, passenger name or phone', async () => {
    const fresh = await server.createRoute();
    const client = await server.connect();
    await client.request('subscribe_route', { routeId: fresh.id });
    const ticket = await server.book(fresh, 3);
    await server.services.tickets.cancel(admin, ticket.id);
    await client.until(() => client.sequences(fresh.id).length === 3);
    const updates: SeatUpdate[] = client.updates(fresh.id);
    expect(updates.map((u) => u.eventType)).toEqual(['seat_reserved', 'seat_cancelled', 'seat_available']);
    for (const update of updates) {
      expect(Object.keys(update).sort()).toEqual(SEAT_UPDATE_KEYS);
      const text = JSON.stringify(update);
      expect(text).not.toContain(ticket.pnrNumber);
      expect(text).not.toContain(ticket.passengerName);
      expect(text).not.toContain('+49 170');
      expect(text).not.toContain(ticket.ownerId);
    }
    expect(updates[0]).toMatchObject({
      seatNumber: 3,
      ticketId: ticket.id,
      metadata: { gender: 'female', price: 30 },
    });
  });

  it("the owner's own authenticated sockets get ticket_update; nobody else does", async () => {
    const fresh = await server.createRoute();
    const owner = customer();
    const ownerSocket = await server.connect({ token: await server.tokenFor(owner) });
    const otherSocket = await server.connect({ token: await server.tokenFor(customer()) });
    const anonymous = await server.connect();
    const ticket = await server.book(fresh, 4, owner);
    await ownerSocket.until(() => ownerSocket.received.some((r) => r.kind === 'ticket_update'));
    const update = ownerSocket.received.find((r) => r.kind === 'ticket_update');
    expect(update).toEqual({
      kind: 'ticket_update',
      update: {
        ticket: expect.objectContaining({ id: ticket.id, pnrNumber: ticket.pnrNumber, status: 'reserved' }),
      },
    });
    if (update?.kind === 'ticket_update')
      expect(Object.keys(update.update.ticket).sort()).toEqual(TICKET_VIEW_KEYS);
    await otherSocket.roundTrip(fresh.id);
    await anonymous.roundTrip(fresh.id);
    expect(otherSocket.received.some((r) => r.kind === 'ticket_update')).toBe(false);
    expect(anonymous.received.some((r) => r.kind === 'ticket_update')).toBe(false);
  });

  it.each([
    ['a missing payload', undefined],
    ['a string', 'route-1'],
    ['a wrong type', { routeId: 42 }],
    ['a negative sinceSequence', { routeId: '6f1c5a0e-2f5b-4c1e-9a43-3f0b8c7d2e11', sinceSequence: -1 }],
    ['a fractional sinceSequence', { routeId: '6f1c5a0e-2f5b-4c1e-9a43-3f0b8c7d2e11', sinceSequence: 1.5 }],
  ])('subscribe_route with %s answers validation_failed and keeps the connection', async (_name, payload) => {
    const client = await server.connect();
    const ack = await client.request('subscribe_route', payload);
    expect(ack).toEqual({ ok: false, error: { code: 'validation_failed', message: expect.any(String) } });
    expect(client.received).toContainEqual({
      kind: 'error',
      error: { code: 'validation_failed', message: expect.any(String) },
    });
    expect(client.socket.connected).toBe(true);
    expect(await client.request('subscribe_route', { routeId: route.id })).toMatchObject({ ok: true });
  });

  it.each(['subscribe_route', 'unsubscribe_route', 'get_seat_availability'])(
    '%s with a key the server does not know answers validation_failed, as a REST body does',
    async (event) => {
      const client = await server.connect();
      const ack = await client.request(event, { routeId: route.id, sinceSequnce: 3 });
      expect(ack).toEqual({ ok: false, error: { code: 'validation_failed', message: expect.any(String) } });
      if (!ack.ok) expect(ack.error.message).toContain('sinceSequnce');
      expect(await client.request(event, { routeId: route.id })).toMatchObject({ ok: true });
    },
  );

  it.each(['\u0000', 'Ber\nlin', '\u009b', '\ud800', 'Prague\udc00'])(
    'get_seat_availability with a city holding %j answers validation_failed',
    async (city) => {
      const client = await server.connect();
      for (const cities of [{ fromCity: city }, { toCity: city }]) {
        const ack = await client.request('get_seat_availability', { routeId: route.id, ...cities });
        expect(ack).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
      }
    },
  );

  it.each(['subscribe_route', 'unsubscribe_route', 'get_seat_availability'])(
    '%s of an unknown route answers route_not_found',
    async (event) => {
      const client = await server.connect();
      for (const routeId of ['6f1c5a0e-2f5b-4c1e-9a43-3f0b8c7d2e11', 'no-such-route']) {
        const ack = await client.request(event, { routeId });
        expect(ack).toEqual({ ok: false, error: { code: 'route_not_found', message: expect.any(String) } });
      }
      expect(client.socket.connected).toBe(true);
    },
  );

  it('get_seat_availability with cities the route does not serve answers invalid_segment', async () => {
    const client = await server.connect();
    const ack = await client.request('get_seat_availability', { routeId: route.id, fromCity: 'Atlantis' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_segment' } });
  });

  it('answers an unknown event with validation_failed', async () => {
    const client = await server.connect();
    const ack = await client.request('book_everything', { routeId: route.id });
    expect(ack).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(client.socket.connected).toBe(true);
  });

  it('sends the error event when a message has no acknowledgement callback', async () => {
    const client = await server.connect();
    client.socket.emit('subscribe_route', { routeId: 7 });
    await client.until(() => client.received.some((r) => r.kind === 'error'));
    expect(client.received).toContainEqual({
      kind: 'error',
      error: { code: 'validation_failed', message: expect.any(String) },
    });
  });

  it('subscribing twice to one route keeps one membership and delivers each update once', async () => {
    const fresh = await server.createRoute();
    const client = await server.connect();
    await client.request('subscribe_route', { routeId: fresh.id });
    await client.request('subscribe_route', { routeId: fresh.id });
    await server.book(fresh, 1);
    await server.book(fresh, 2);
    await client.until(() => client.sequences(fresh.id).length >= 2);
    await client.roundTrip(fresh.id);
    expect(client.sequences(fresh.id)).toEqual([1, 2]);
  });

  it('stats() counts connections and subscribers per route', async () => {
    const own = await SeatTestServer.start();
    try {
      const [first, second] = [await own.createRoute(), await own.createRoute()];
      const clients = [await own.connect(), await own.connect(), await own.connect()];
      await clients[0]?.request('subscribe_route', { routeId: first.id });
      await clients[1]?.request('subscribe_route', { routeId: first.id });
      await clients[2]?.request('subscribe_route', { routeId: second.id });
      const expected = {
        connections: 3,
        totalRoutes: 2,
        routeDetails: [
          { routeId: first.id, subscriberCount: 2 },
          { routeId: second.id, subscriberCount: 1 },
        ],
      };
      expect(await own.gateway.stats()).toEqual(expected);
      expect(own.gateway.localStats()).toEqual(expected);
    } finally {
      await own.close();
    }
  });
});
