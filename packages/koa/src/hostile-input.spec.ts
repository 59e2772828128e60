import type { Logger, Route } from '@booking/core';
import { NOT_UTF8_BYTES, UNCLEAN_CHARACTERS, UNCLEAN_CONTROL_CHARACTERS } from '@booking/core/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import Koa from 'koa';
import { createRestMiddleware } from './create-rest-api';
import {
  auth,
  expectError,
  SECRET,
  snapshot,
  startApi,
  type Answer,
  type Harness,
} from './test-support/harness';

/** Every warning or error the API logs: a client's bad input must cause none. */
const logged: unknown[] = [];
const recordingLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (fields, message) => logged.push({ fields, message }),
  error: (fields, message) => logged.push({ fields, message }),
};

let api: Harness;
let route: Route;
beforeAll(async () => {
  api = await startApi({ logger: recordingLogger });
  route = await api.route();
});
afterAll(() => api.close());

/** Runs `send` and checks it was refused with 400 validation_failed, nothing stored, nothing logged. */
async function expectRefusedUnchanged(send: () => Promise<Answer>): Promise<Answer> {
  const before = snapshot(api.booking);
  const answer = await send();
  expectError(answer, 400, 'validation_failed');
  expect(snapshot(api.booking)).toBe(before);
  expect(logged).toEqual([]);
  return answer;
}

const booking = (overrides: object = {}) => ({
  routeId: route.id,
  seatNumber: 1,
  passengerName: 'Ada Lovelace',
  gender: 'female',
  ...overrides,
});
/** A valid body of POST /routes: Istanbul -> Bolu -> Ankara. */
const newRoute = (overrides: object = {}) => ({
  fromCity: 'Istanbul',
  toCity: 'Ankara',
  stations: ['Bolu'],
  departureAt: '2030-06-01T09:00:00.000Z',
  seatCount: 10,
  price: 25,
  ...overrides,
});
const postTicket = (body: unknown, headers: Record<string, string> = {}) =>
  api.request('POST', '/tickets', { token: api.tokens.agent, body, headers });
const postRaw = (rawBody: string | Uint8Array, headers: Record<string, string> = {}) =>
  api.request('POST', '/tickets', {
    token: api.tokens.agent,
    rawBody,
    headers: { 'Content-Type': 'application/json', ...headers },
  });

describe('text with control characters or lone surrogates: 400 validation_failed, nothing stored', () => {
  it.each(UNCLEAN_CHARACTERS)('%s in a passenger name or phone (one seat or a group)', async (_what, bad) => {
    for (const fields of [{ passengerName: `Ada${bad}Lovelace` }, { phone: `+90 555${bad}` }]) {
      const one = await expectRefusedUnchanged(() => postTicket(booking(fields)));
      expect((one.body as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe(
        Object.keys(fields)[0],
      );
      await expectRefusedUnchanged(() =>
        postTicket({ routeId: route.id, passengers: [booking(fields)].map(({ routeId: _, ...p }) => p) }),
      );
    }
  });

  it.each(UNCLEAN_CHARACTERS)(
    '%s in a city of a new route, its stations or its segment prices',
    async (_what, bad) => {
      for (const fields of [
        { fromCity: `Izmir${bad}` },
        { stations: [`Bolu${bad}`] },
        { segmentPrices: [{ fromCity: 'Bolu', toCity: `Ankara${bad}`, price: 10 }] },
      ]) {
        await expectRefusedUnchanged(() =>
          api.request('POST', '/routes', { token: api.tokens.admin, body: newRoute(fields) }),
        );
      }
    },
  );

  it.each(UNCLEAN_CHARACTERS)('%s in a card holder name', async (_what, bad) => {
    await expectRefusedUnchanged(() =>
      api.request('POST', '/payments', {
        token: api.tokens.agent,
        body: {
          pnrNumber: 'ABC123',
          cardNumber: '4111111111111111',
          cardHolderName: `Ada${bad}`,
          expireMonth: 12,
          expireYear: 2035,
          cvc: '123',
        },
      }),
    );
  });

  it.each(UNCLEAN_CONTROL_CHARACTERS)('%s in a query parameter', async (_what, bad) => {
    const encoded = encodeURIComponent(`A${bad}`);
    for (const path of [
      `/routes?from=${encoded}`,
      `/routes?to=${encoded}`,
      `/routes/${route.id}/seats?fromCity=${encoded}`,
      `/routes/${route.id}/seats?toCity=${encoded}`,
    ]) {
      const answer = await expectRefusedUnchanged(() => api.request('GET', path));
      expect((answer.body as { error: { details: { in: string }[] } }).error.details[0]?.in).toBe('query');
    }
  });

  const percentEncoded = (bytes: readonly number[]) =>
    bytes.map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');

  it.each(NOT_UTF8_BYTES.map(([label, bytes]) => [label, percentEncoded(bytes)]))(
    'a query parameter that is not UTF-8 once decoded: %s',
    async (_what, bytes) => {
      await expectRefusedUnchanged(() => api.request('GET', `/routes?from=Izmir${bytes}`));
      await expectRefusedUnchanged(() => api.request('GET', `/routes?${bytes}=x`));
      // Behind a second `=` of the same value.
      await expectRefusedUnchanged(() => api.request('GET', `/routes?from=Izmir=${bytes}`));
    },
  );

  it.each(NOT_UTF8_BYTES)('a JSON body that is not UTF-8: %s', async (_what, bytes) => {
    const [before, after] = JSON.stringify(booking({ passengerName: 'Ada#' })).split('#') as [string, string];
    const body = Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
    await expectRefusedUnchanged(() => postRaw(body));
  });

  it('accepts letters of every script, emoji (whole surrogate pairs) and a UTF-8 byte order mark', async () => {
    const text = JSON.stringify(
      booking({ seatNumber: 8, passengerName: 'Şükrü Öztürk 🚌', phone: '+90 555' }),
    );
    const answer = await postRaw(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ passengerName: 'Şükrü Öztürk 🚌' });
  });
});

describe('Content-Encoding', () => {
  const encoders: [string, (data: Buffer) => Buffer][] = [
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
    ['GZIP', gzipSync],
    ['identity', (data) => data],
  ];

  it.each(encoders)('decodes a body sent with Content-Encoding: %s', async (encoding, encode) => {
    const seatNumber = 2 + encoders.findIndex(([name]) => name === encoding);
    const answer = await postRaw(encode(Buffer.from(JSON.stringify(booking({ seatNumber })))), {
      'Content-Encoding': encoding,
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ seatNumber, passengerName: 'Ada Lovelace' });
  });

  it.each(['gzip', 'deflate', 'br'])(
    'answers 400 validation_failed to a plain body labelled %s',
    async (encoding) => {
      await expectRefusedUnchanged(() =>
        postRaw(JSON.stringify(booking()), { 'Content-Encoding': encoding }),
      );
    },
  );

  it('answers 400 validation_failed to a compressed body cut short', async () => {
    const whole = gzipSync(Buffer.from(JSON.stringify(booking())));
    await expectRefusedUnchanged(() =>
      postRaw(whole.subarray(0, whole.length - 6), { 'Content-Encoding': 'gzip' }),
    );
  });

  it.each(['compress', 'zstd', 'gzip, br', 'br, gzip', 'x-unknown'])(
    'answers 415 unsupported_encoding to Content-Encoding: %s, storing nothing',
    async (encoding) => {
      const before = snapshot(api.booking);
      const answer = await postRaw(JSON.stringify(booking()), { 'Content-Encoding': encoding });
      expectError(answer, 415, 'unsupported_encoding');
      expect(snapshot(api.booking)).toBe(before);
      expect(logged).toEqual([]);
    },
  );

  it.each<[string, (data: Buffer) => Buffer]>([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('answers 413 to a small %s body that expands past the limit (a zip bomb)', async (encoding, encode) => {
    const padding = ' '.repeat(8 * 1024 * 1024);
    const bomb = encode(Buffer.from(JSON.stringify(booking()) + padding));
    expect(bomb.length).toBeLessThan(16 * 1024);
    const before = snapshot(api.booking);
    expectError(await postRaw(bomb, { 'Content-Encoding': encoding }), 413, 'payload_too_large');
    expect(snapshot(api.booking)).toBe(before);
    expect(logged).toEqual([]);
  });
});

describe('ids in any letter case mean the same thing', () => {
  it('finds a route, its seat map and its tickets by an upper-case id', async () => {
    const upper = route.id.toUpperCase();
    const found = await api.request('GET', `/routes/${upper}`);
    expect(found.status).toBe(200);
    expect((found.body as { id: string }).id).toBe(route.id);
    const seats = await api.request('GET', `/routes/${upper}/seats`);
    expect(seats.status).toBe(200);
    expect((seats.body as { routeId: string }).routeId).toBe(route.id);
  });

  it('books, lists, pages, reads, pays and cancels with upper-case ids', async () => {
    const own = await api.route();
    const token = api.tokens.customer;
    const ids: string[] = [];
    for (const seatNumber of [1, 2]) {
      const booked = await api.request('POST', '/tickets', {
        token,
        body: { ...booking({ seatNumber }), routeId: own.id.toUpperCase() },
      });
      expect(booked.status).toBe(201);
      expect((booked.body as { routeId: string }).routeId).toBe(own.id);
      ids.push((booked.body as { id: string }).id);
    }
    // Tickets booked at one instant are listed by id.
    const [first, second] = ids.sort() as [string, string];
    const listed = await api.request('GET', `/tickets?routeId=${own.id.toUpperCase()}&limit=1`, { token });
    expect(listed.body).toMatchObject({ tickets: [{ id: first }], nextCursor: first });
    const next = await api.request(
      'GET',
      `/tickets?routeId=${own.id}&limit=1&cursor=${first.toUpperCase()}`,
      {
        token,
      },
    );
    expect(next.body).toMatchObject({ tickets: [{ id: second }] });
    expect((await api.request('GET', `/tickets/${first.toUpperCase()}`, { token })).body).toMatchObject({
      id: first,
    });
    const paid = await api.request('POST', '/payments', {
      token,
      body: {
        ticketId: first.toUpperCase(),
        cardNumber: '4242 4242 4242 4242',
        cardHolderName: 'Ada Lovelace',
        expireMonth: 12,
        expireYear: 2035,
        cvc: '123',
      },
    });
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ ticket: { id: first, status: 'confirmed' } });
    const cancelled = await api.request('POST', `/tickets/${second.toUpperCase()}/cancel`, { token });
    expect(cancelled.body).toMatchObject({ id: second, status: 'cancelled' });
  });
});

describe('smaller refusals', () => {
  it('answers 400 validation_failed to an empty Idempotency-Key, booking nothing', async () => {
    const answer = await expectRefusedUnchanged(() => postTicket(booking(), { 'Idempotency-Key': '' }));
    expect(answer.body).toMatchObject({ error: { details: [{ in: 'header', path: 'Idempotency-Key' }] } });
  });

  it('answers 400 validation_failed to a body with a __proto__ key, plain or escaped', async () => {
    const text = JSON.stringify(booking());
    for (const key of ['__proto__', '\\u005f_proto__']) {
      const answer = await expectRefusedUnchanged(() =>
        postRaw(text.replace('{', `{"${key}":{"isAdmin":true},`)),
      );
      // Refused while reading, before any object is built from it.
      expect(answer.body).toMatchObject({
        error: { details: [{ in: 'body', message: 'a key named __proto__ is not accepted' }] },
      });
    }
  });

  it('answers 400 validation_failed to a route that prices one segment twice', async () => {
    await expectRefusedUnchanged(() =>
      api.request('POST', '/routes', {
        token: api.tokens.admin,
        body: newRoute({
          segmentPrices: [
            { fromCity: 'Bolu', toCity: 'Ankara', price: 10 },
            { fromCity: 'Bolu', toCity: ' Ankara ', price: 12 },
          ],
        }),
      }),
    );
  });
});

describe('a host that parses bodies itself', () => {
  it('gets its parsed body used as the request body', async () => {
    const app = new Koa();
    app.use(async (ctx, next) => {
      (ctx.request as { body?: unknown }).body = booking({ seatNumber: 9 });
      await next();
    });
    app.use(
      createRestMiddleware(api.booking.services, { auth, idempotencySecret: SECRET, rateLimit: false })
        .middleware,
    );
    const server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await fetch(`http://127.0.0.1:${port}/tickets`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${api.tokens.agent}` },
      });
      expect(answer.status).toBe(201);
      expect(await answer.json()).toMatchObject({ seatNumber: 9 });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
