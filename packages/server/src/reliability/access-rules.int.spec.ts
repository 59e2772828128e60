import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createJwtAuth } from '@booking/auth';
import { describeWithService } from '@booking/core/testing';
import { createTestStorage, type MikroOrmStorage } from '@booking/mikro-orm';
import { io, type Socket } from 'socket.io-client';
import { request, type Answer } from '../test-support/http-client';
import { createRoute } from '../test-support/seed-timeline';
import { startServerProcess, testAuth, type ServerProcess } from '../test-support/server-process';

const ROUTE_SEATS = 100;

type Who = 'anonymous' | 'invalid' | 'expired' | 'forged' | 'owner' | 'other' | 'agent' | 'admin';
const EVERYONE: readonly Who[] = [
  'anonymous',
  'invalid',
  'expired',
  'forged',
  'owner',
  'other',
  'agent',
  'admin',
];

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
async function tokensFor(): Promise<Record<Who, string | undefined>> {
  const auth = testAuth();
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return {
    anonymous: undefined,
    // Signed with another secret; expired an hour ago; an unsigned `alg: none` admin token.
    invalid: await createJwtAuth({ secret: 'another-secret-another-secret-0123456789' }).sign({
      userId: 'owner',
      role: 'admin',
    }),
    expired: await auth.sign({ userId: 'owner', role: 'admin' }, -3600),
    forged: `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'owner', role: 'admin', exp })}.`,
    owner: await auth.sign({ userId: 'access-owner', role: 'customer' }),
    other: await auth.sign({ userId: 'access-other', role: 'customer' }),
    agent: await auth.sign({ userId: 'access-agent', role: 'agent' }),
    admin: await auth.sign({ userId: 'access-admin', role: 'admin' }),
  };
}

/** What each endpoint answers each caller (docs/rest.md: "Authentication and roles" and "Endpoints"). */
const REFUSED = { anonymous: 401, invalid: 401, expired: 401, forged: 401 } as const;
const PUBLIC = {
  anonymous: 200,
  invalid: 200,
  expired: 200,
  forged: 200,
  owner: 200,
  other: 200,
  agent: 200,
  admin: 200,
};
const ADMIN_ONLY = (success: number) => ({ ...REFUSED, owner: 403, other: 403, agent: 403, admin: success });
const STAFF_ONLY = { ...REFUSED, owner: 403, other: 403, agent: 200, admin: 200 };
const OWNER_OR_STAFF = (success: number) => ({
  ...REFUSED,
  owner: success,
  other: 404,
  agent: success,
  admin: success,
});

interface Fixture {
  routeId: string;
  /** A fresh reserved ticket of `owner`, made for this case. */
  ticketId: string;
  pnr: string;
  /** A fresh active seat hold of `owner` (one seat), made for this case. */
  holdId: string;
  heldSeat: number;
  holdExpiresAt: string;
}

interface Rule {
  endpoint: string;
  expected: Record<Who, number>;
  send(base: string, token: string | undefined, fixture: Fixture, seat: number): Promise<Answer>;
  /** True when the ticket must be left as it was after a refusal (a write on the fixture). */
  writesFixture?: boolean;
  /** True when the request ends the fixture's seat hold (extending keeps it active). */
  endsHold?: boolean;
  /** What a 404 says: `ticket_not_found` unless told. */
  notFound?: string;
}

const card = {
  cardNumber: '4242424242424242',
  cardHolderName: 'Access Owner',
  expireMonth: 12,
  expireYear: 2035,
  cvc: '123',
};
const RULES: Rule[] = [
  { endpoint: 'GET /routes', expected: PUBLIC, send: (b, t) => request(b, 'GET', '/routes', { token: t }) },
  {
    endpoint: 'GET /routes/:id',
    expected: PUBLIC,
    send: (b, t, f) => request(b, 'GET', `/routes/${f.routeId}`, { token: t }),
  },
  {
    endpoint: 'GET /routes/:id/seats',
    expected: PUBLIC,
    send: (b, t, f) => request(b, 'GET', `/routes/${f.routeId}/seats`, { token: t }),
  },
  { endpoint: 'GET /health', expected: PUBLIC, send: (b, t) => request(b, 'GET', '/health', { token: t }) },
  { endpoint: 'GET /metrics', expected: PUBLIC, send: (b, t) => request(b, 'GET', '/metrics', { token: t }) },
  {
    endpoint: 'GET /stats',
    expected: ADMIN_ONLY(200),
    send: (b, t) => request(b, 'GET', '/stats', { token: t }),
  },
  {
    endpoint: 'POST /schedules',
    expected: ADMIN_ONLY(201),
    send: (b, t) =>
      request(b, 'POST', '/schedules', {
        token: t,
        body: {
          fromCity: `Izmir ${Date.now()}`,
          toCity: 'Bursa',
          departureTimes: ['09:00'],
          daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
          startDate: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10),
          endDate: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10),
          timeZone: 'Europe/Istanbul',
          seatCount: 10,
          price: 300,
        },
      }),
  },
  {
    endpoint: 'GET /schedules',
    expected: STAFF_ONLY,
    send: (b, t) => request(b, 'GET', '/schedules', { token: t }),
  },
  {
    endpoint: 'POST /routes',
    expected: ADMIN_ONLY(201),
    send: (b, t) =>
      request(b, 'POST', '/routes', {
        token: t,
        body: {
          fromCity: 'Izmir',
          toCity: 'Bursa',
          departureAt: new Date(Date.now() + 86_400_000).toISOString(),
          seatCount: 10,
          price: 300,
        },
      }),
  },
  {
    endpoint: 'POST /tickets',
    expected: { ...REFUSED, owner: 201, other: 201, agent: 201, admin: 201 },
    send: (b, t, f, seat) =>
      request(b, 'POST', '/tickets', {
        token: t,
        body: { routeId: f.routeId, seatNumber: seat, passengerName: 'Someone', gender: 'other' },
      }),
  },
  {
    endpoint: 'GET /tickets/:id',
    expected: OWNER_OR_STAFF(200),
    send: (b, t, f) => request(b, 'GET', `/tickets/${f.ticketId}`, { token: t }),
  },
  {
    endpoint: 'POST /tickets/:id/confirm',
    expected: STAFF_ONLY,
    writesFixture: true,
    send: (b, t, f) => request(b, 'POST', `/tickets/${f.ticketId}/confirm`, { token: t }),
  },
  {
    endpoint: 'POST /tickets/:id/suspend',
    expected: STAFF_ONLY,
    writesFixture: true,
    send: (b, t, f) => request(b, 'POST', `/tickets/${f.ticketId}/suspend`, { token: t }),
  },
  {
    endpoint: 'POST /tickets/:id/cancel',
    expected: OWNER_OR_STAFF(200),
    writesFixture: true,
    send: (b, t, f) => request(b, 'POST', `/tickets/${f.ticketId}/cancel`, { token: t }),
  },
  {
    endpoint: 'POST /holds',
    expected: { ...REFUSED, owner: 201, other: 201, agent: 201, admin: 201 },
    send: (b, t, f, seat) =>
      request(b, 'POST', '/holds', { token: t, body: { routeId: f.routeId, seatNumbers: [seat] } }),
  },
  {
    endpoint: 'GET /holds/:id',
    expected: OWNER_OR_STAFF(200),
    notFound: 'hold_not_found',
    send: (b, t, f) => request(b, 'GET', `/holds/${f.holdId}`, { token: t }),
  },
  {
    endpoint: 'POST /holds/:id/extend',
    expected: OWNER_OR_STAFF(200),
    notFound: 'hold_not_found',
    send: (b, t, f) => request(b, 'POST', `/holds/${f.holdId}/extend`, { token: t }),
  },
  {
    endpoint: 'DELETE /holds/:id',
    expected: OWNER_OR_STAFF(200),
    notFound: 'hold_not_found',
    endsHold: true,
    send: (b, t, f) => request(b, 'DELETE', `/holds/${f.holdId}`, { token: t }),
  },
  {
    endpoint: 'POST /tickets with holdId',
    expected: OWNER_OR_STAFF(201),
    notFound: 'hold_not_found',
    endsHold: true,
    send: (b, t, f) =>
      request(b, 'POST', '/tickets', {
        token: t,
        body: {
          holdId: f.holdId,
          passengers: [{ seatNumber: f.heldSeat, passengerName: 'Held Rider', gender: 'male' }],
        },
      }),
  },
  {
    endpoint: 'GET /tickets/:id/payments',
    expected: OWNER_OR_STAFF(200),
    send: (b, t, f) => request(b, 'GET', `/tickets/${f.ticketId}/payments`, { token: t }),
  },
  {
    endpoint: 'GET /reports/sales',
    expected: STAFF_ONLY,
    send: (b, t) => request(b, 'GET', '/reports/sales', { token: t }),
  },
  {
    endpoint: 'POST /payments',
    expected: OWNER_OR_STAFF(201),
    writesFixture: true,
    send: (b, t, f) => request(b, 'POST', '/payments', { token: t, body: { ticketId: f.ticketId, ...card } }),
  },
];

describeWithService('DATABASE_URL', process.env, 'access rules at the running server', () => {
  let database: MikroOrmStorage | undefined;
  let server: ServerProcess | undefined;
  let tokens: Record<Who, string | undefined>;
  let routeId = '';
  let nextSeat = 1;
  const url = () => {
    if (!server) throw new Error('not started');
    return server.url;
  };
  /** Three free seats on one route (a new route when the current one is full). */
  const threeSeats = async (): Promise<[number, number, number]> => {
    if (nextSeat + 2 > ROUTE_SEATS) {
      routeId = await createRoute(url(), ROUTE_SEATS);
      nextSeat = 1;
    }
    nextSeat += 3;
    return [nextSeat - 3, nextSeat - 2, nextSeat - 1];
  };
  /** A fresh reserved ticket and seat hold of `owner`, and a free seat beside them for the case to book. */
  const freshTicket = async (): Promise<Fixture & { spareSeat: number }> => {
    const [seatNumber, spareSeat, heldSeat] = await threeSeats();
    const booked = await request(url(), 'POST', '/tickets', {
      token: tokens.owner,
      body: { routeId, seatNumber, passengerName: 'Access Owner', gender: 'female', phone: '+905551112233' },
    });
    expect(booked.status).toBe(201);
    const held = await request(url(), 'POST', '/holds', {
      token: tokens.owner,
      body: { routeId, seatNumbers: [heldSeat] },
    });
    expect(held.status).toBe(201);
    return {
      routeId,
      ticketId: booked.body.id as string,
      pnr: booked.body.pnrNumber as string,
      holdId: held.body.id as string,
      heldSeat,
      holdExpiresAt: held.body.expiresAt as string,
      spareSeat,
    };
  };

  beforeAll(async () => {
    database = await createTestStorage(process.env, { kind: 'postgres' });
    // Every case books a fresh hold of one owner: the limit of held seats is out of the way here.
    server = await startServerProcess({
      DATABASE_URL: database.url,
      RATE_LIMIT_POINTS: '100000',
      MAX_HELD_SEATS: '1000',
    });
    tokens = await tokensFor();
    routeId = await createRoute(server.url, ROUTE_SEATS);
  }, 60_000);
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await database?.close();
  });

  describe.each(RULES)('$endpoint', (rule) => {
    it.each(EVERYONE)('as %s', async (who) => {
      const fixture = await freshTicket();
      const answer = await rule.send(url(), tokens[who], fixture, fixture.spareSeat);
      const expected = rule.expected[who];
      expect({ who, status: answer.status }).toEqual({ who, status: expected });
      if (expected >= 400) {
        expect(answer.body.error).toMatchObject({
          code: { 401: 'unauthorized', 403: 'forbidden', 404: rule.notFound ?? 'ticket_not_found' }[expected],
        });
        // A refusal says nothing about the ticket and changes nothing.
        expect(JSON.stringify(answer.body)).not.toContain(fixture.pnr);
        const after = await request(url(), 'GET', `/tickets/${fixture.ticketId}`, { token: tokens.admin });
        expect(after.body).toMatchObject({ status: 'reserved' });
        const hold = await request(url(), 'GET', `/holds/${fixture.holdId}`, { token: tokens.admin });
        expect(hold.body).toMatchObject({ status: 'active', expiresAt: fixture.holdExpiresAt });
      } else if (rule.writesFixture) {
        const after = await request(url(), 'GET', `/tickets/${fixture.ticketId}`, { token: tokens.admin });
        expect(after.body.status).not.toBe('reserved');
      } else if (rule.endsHold) {
        const hold = await request(url(), 'GET', `/holds/${fixture.holdId}`, { token: tokens.admin });
        expect(hold.body.status).not.toBe('active');
      }
    });
  });

  it.each(EVERYONE)('GET /tickets as %s lists only what the caller may see', async (who) => {
    const fixture = await freshTicket();
    const answer = await request(url(), 'GET', `/tickets?routeId=${routeId}&limit=1000`, {
      token: tokens[who],
    });
    const expected = { anonymous: 401, invalid: 401, expired: 401, forged: 401 }[who as string] ?? 200;
    expect(answer.status).toBe(expected);
    if (expected !== 200) return;
    const ids = (answer.body.tickets as { id: string }[]).map((t) => t.id);
    expect(ids.includes(fixture.ticketId)).toBe(who !== 'other');
    // A customer sees their own tickets only.
    if (who === 'other') expect(ids).toEqual([]);
    // The PNR search does not reach across owners either.
    const byPnr = await request(url(), 'GET', `/tickets?pnr=${fixture.pnr}`, { token: tokens[who] });
    expect((byPnr.body.tickets as unknown[]).length).toBe(who === 'other' ? 0 : 1);
  });

  describe('Socket.IO /seats', () => {
    const sockets: Socket[] = [];
    afterAll(() => sockets.forEach((s) => s.close()));
    const connect = (token: string | undefined, base = url()) =>
      new Promise<{ socket: Socket; error?: { message: string; data?: { code?: string } } }>((resolve) => {
        const socket = io(`${base}/seats`, {
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
          ...(token ? { auth: { token } } : {}),
        });
        sockets.push(socket);
        socket.once('connect', () => resolve({ socket }));
        socket.once('connect_error', (error) => resolve({ socket, error: error as never }));
      });
    const ask = <T>(socket: Socket, event: string, message: object) =>
      new Promise<T>((resolve) => socket.emit(event, message, (answer: T) => resolve(answer)));

    it.each(EVERYONE)('as %s: the handshake and every client event follow the rules', async (who) => {
      const { socket, error } = await connect(tokens[who]);
      if (['invalid', 'expired', 'forged'].includes(who)) {
        expect(error?.data?.code).toBe('unauthorized');
        expect(socket.connected).toBe(false);
        return;
      }
      expect(error).toBeUndefined();
      // Reading is public: every role (and anonymous, unless WS_REQUIRE_AUTH) may use every event.
      expect(await ask(socket, 'subscribe_route', { routeId })).toMatchObject({ ok: true, routeId });
      expect(await ask(socket, 'get_seat_availability', { routeId })).toMatchObject({ ok: true, routeId });
      expect(await ask(socket, 'unsubscribe_route', { routeId })).toMatchObject({ ok: true, routeId });
      // There is no event that writes: an unknown one is refused and the socket stays.
      expect(await ask(socket, 'reserve_seat', { routeId, seatNumber: 1 })).toMatchObject({
        ok: false,
        error: { code: 'validation_failed' },
      });
      expect(socket.connected).toBe(true);
    });

    it("sends ticket_update (with the PNR) to the owner's sockets only; no PII ever reaches a route room", async () => {
      const watchers = await Promise.all(
        (['anonymous', 'owner', 'other', 'agent', 'admin'] as const).map(async (who) => {
          const { socket } = await connect(tokens[who]);
          const received: { event: string; payload: unknown }[] = [];
          socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
          expect(await ask(socket, 'subscribe_route', { routeId })).toMatchObject({ ok: true });
          return { who, socket, received };
        }),
      );
      const fixture = await freshTicket();
      expect(
        (
          await request(url(), 'POST', '/payments', {
            token: tokens.owner,
            body: { ticketId: fixture.ticketId, ...card },
          })
        ).status,
      ).toBe(201);
      expect(
        (await request(url(), 'POST', `/tickets/${fixture.ticketId}/cancel`, { token: tokens.agent })).status,
      ).toBe(200);

      const owner = watchers.find((w) => w.who === 'owner')!;
      const deadline = Date.now() + 10_000;
      while (owner.received.filter((r) => r.event === 'ticket_update').length < 3 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // The owner got each change of their ticket, PNR included (so the search below can find one).
      const ownerText = JSON.stringify(owner.received.filter((r) => r.event === 'ticket_update'));
      expect(ownerText).toContain(fixture.pnr);
      // A round trip on each socket: anything emitted before it has arrived.
      await Promise.all(watchers.map((w) => ask(w.socket, 'get_seat_availability', { routeId })));
      for (const watcher of watchers.filter((w) => w.who !== 'owner')) {
        expect(watcher.received.filter((r) => r.event === 'ticket_update')).toEqual([]);
        const mine = watcher.received.filter(
          (r) => (r.payload as { ticketId?: string })?.ticketId === fixture.ticketId,
        );
        expect(mine.map((r) => (r.payload as { eventType: string }).eventType)).toEqual([
          'seat_reserved',
          'seat_confirmed',
          'seat_cancelled',
          'seat_available',
        ]);
        const text = JSON.stringify(watcher.received);
        for (const secret of [fixture.pnr, 'Access Owner', '+905551112233', '4242424242424242']) {
          expect({ who: watcher.who, leaks: text.includes(secret) }).toEqual({
            who: watcher.who,
            leaks: false,
          });
        }
      }
    });

    it('refuses anonymous sockets when WS_REQUIRE_AUTH=true, and still admits a customer', async () => {
      if (!database) throw new Error('no database');
      const strict = await startServerProcess({ DATABASE_URL: database.url, WS_REQUIRE_AUTH: 'true' });
      try {
        const anonymous = await connect(undefined, strict.url);
        expect(anonymous.error?.data?.code).toBe('unauthorized');
        const customer = await connect(tokens.owner, strict.url);
        expect(customer.error).toBeUndefined();
        expect(await ask(customer.socket, 'subscribe_route', { routeId })).toMatchObject({ ok: true });
      } finally {
        await strict.stop('SIGKILL');
      }
    }, 60_000);
  });
});
