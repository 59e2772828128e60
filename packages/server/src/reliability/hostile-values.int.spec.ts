import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isSingleLineText } from '@booking/core';
import { describeWithService, NOT_UTF8_BYTES, UNCLEAN_CHARACTERS } from '@booking/core/testing';
import { createTestStorage } from '@booking/mikro-orm';
import fc from 'fast-check';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { errorCode, request, type Answer } from '../test-support/http-client';
import { createRoute } from '../test-support/seed-timeline';
import { startServerProcess, tokenFor, type ServerProcess } from '../test-support/server-process';

/** Log lines that mean the server took a client's input for its own failure. */
const SERVER_FAILURE_LINES = /"level":50|unavailable dependency|unexpected error/;

/**
 * Values a client sends that a database cannot store, or that are not what they claim to be,
 * against the running server on each database: every one is a 4xx (never a 5xx, never
 * `persistence_unavailable`, never logged as a server failure), and nothing is stored.
 */
function describeHostileValues(
  database: () => Promise<{ env: Record<string, string>; drop(): Promise<void> }>,
) {
  let server: ServerProcess | undefined;
  let dropDatabase = async () => undefined as void;
  let base = '';
  let agent = '';
  let admin = '';
  let routeId = '';

  beforeAll(async () => {
    const opened = await database();
    dropDatabase = opened.drop;
    server = await startServerProcess({ ...opened.env, RATE_LIMIT_POINTS: '100000' }, 120_000);
    base = server.url;
    agent = await tokenFor('agent', 'hostile-values-agent');
    admin = await tokenFor('admin', 'hostile-values-admin');
    routeId = await createRoute(base, 100);
  }, 150_000);
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await dropDatabase();
  });

  const expect400 = (answer: Answer) =>
    expect({ status: answer.status, code: errorCode(answer) }).toEqual({
      status: 400,
      code: 'validation_failed',
    });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    request(base, 'POST', path, { token: path === '/routes' ? admin : agent, body, headers });
  const postBytes = async (bytes: Uint8Array, headers: Record<string, string> = {}): Promise<Answer> => {
    const response = await fetch(`${base}/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agent}`, 'content-type': 'application/json', ...headers },
      body: bytes,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const booking = (fields: object = {}) => ({
    routeId,
    seatNumber: 1,
    passengerName: 'Ada Lovelace',
    gender: 'female',
    ...fields,
  });
  /** What the route holds, through the API: its tickets and its seat map. */
  const stored = async () => {
    const tickets = await request(base, 'GET', `/tickets?routeId=${routeId}`, { token: agent });
    const seats = await request(base, 'GET', `/routes/${routeId}/seats`);
    expect([tickets.status, seats.status]).toEqual([200, 200]);
    return JSON.stringify([tickets.body, seats.body]);
  };
  const serverFailures = () =>
    (server?.output() ?? '').split('\n').filter((line) => SERVER_FAILURE_LINES.test(line));

  it.each(UNCLEAN_CHARACTERS)(
    '%s in a name, a phone, a city or a query: 400, nothing stored',
    async (_what, bad) => {
      const before = await stored();
      expect400(await post('/tickets', booking({ passengerName: `Ada${bad}Lovelace` })));
      expect400(await post('/tickets', booking({ phone: `+90 555${bad}` })));
      expect400(
        await post('/tickets', {
          routeId,
          passengers: [{ seatNumber: 2, passengerName: `${bad}`, gender: 'male' }],
        }),
      );
      expect400(
        await post('/routes', {
          fromCity: `Izmir${bad}`,
          toCity: 'Sivas',
          departureAt: '2030-06-01T09:00:00.000Z',
          seatCount: 10,
          price: 20,
        }),
      );
      if (!_what.includes('surrogate')) {
        // A lone surrogate cannot be percent-encoded: in a URL it only comes as bytes that are not UTF-8.
        expect400(await request(base, 'GET', `/routes?from=${encodeURIComponent(`Izmir${bad}`)}`));
        expect400(await request(base, 'GET', `/routes/${routeId}/seats?fromCity=${encodeURIComponent(bad)}`));
      }
      expect(await stored()).toBe(before);
      expect(serverFailures()).toEqual([]);
    },
  );

  it.each(NOT_UTF8_BYTES)('%s in a body or a query: 400, nothing stored', async (_what, bytes) => {
    const before = await stored();
    const [head, tail] = JSON.stringify(booking({ passengerName: 'Ada#' })).split('#') as [string, string];
    expect400(await postBytes(Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)])));
    const percentEncoded = bytes.map((byte) => `%${byte.toString(16)}`).join('');
    expect400(await request(base, 'GET', `/routes?from=Izmir${percentEncoded}`));
    expect(await stored()).toBe(before);
    expect(serverFailures()).toEqual([]);
  });

  it('decodes gzip; answers 400 to a plain body labelled gzip, 415 to zstd, 413 to a zip bomb', async () => {
    const before = await stored();
    const plain = Buffer.from(JSON.stringify(booking({ seatNumber: 3 })));
    expect400(await postBytes(plain, { 'content-encoding': 'gzip' }));
    const zstd = await postBytes(plain, { 'content-encoding': 'zstd' });
    expect({ status: zstd.status, code: errorCode(zstd) }).toEqual({
      status: 415,
      code: 'unsupported_encoding',
    });
    const bomb = gzipSync(Buffer.concat([plain, Buffer.alloc(8 * 1024 * 1024, ' ')]));
    const exploded = await postBytes(bomb, { 'content-encoding': 'gzip' });
    expect({ status: exploded.status, code: errorCode(exploded) }).toEqual({
      status: 413,
      code: 'payload_too_large',
    });
    expect(await stored()).toBe(before);
    const booked = await postBytes(gzipSync(plain), { 'content-encoding': 'gzip' });
    expect(booked).toMatchObject({ status: 201, body: { seatNumber: 3 } });
    expect(serverFailures()).toEqual([]);
  });

  it('takes route and ticket ids in any letter case as the same ids', async () => {
    const upperRoute = routeId.toUpperCase();
    expect(await request(base, 'GET', `/routes/${upperRoute}`)).toMatchObject({
      status: 200,
      body: { id: routeId },
    });
    expect(await request(base, 'GET', `/routes/${upperRoute}/seats`)).toMatchObject({
      status: 200,
      body: { routeId },
    });
    const booked = await post('/tickets', { ...booking({ seatNumber: 4 }), routeId: upperRoute });
    expect(booked).toMatchObject({ status: 201, body: { routeId } });
    const ticketId = booked.body.id as string;
    const found = await request(base, 'GET', `/tickets/${ticketId.toUpperCase()}`, { token: agent });
    expect(found).toMatchObject({ status: 200, body: { id: ticketId } });
    const listed = await request(base, 'GET', `/tickets?routeId=${upperRoute}`, { token: agent });
    expect((listed.body.tickets as { id: string }[]).map((t) => t.id)).toContain(ticketId);
    const cancelled = await post(`/tickets/${ticketId.toUpperCase()}/cancel`, undefined);
    expect(cancelled).toMatchObject({ status: 200, body: { id: ticketId, status: 'cancelled' } });
  });

  it('answers 400 to an empty Idempotency-Key and to a segment priced twice, storing nothing', async () => {
    const before = await stored();
    expect400(await post('/tickets', booking({ seatNumber: 5 }), { 'idempotency-key': '' }));
    expect400(
      await post('/routes', {
        fromCity: 'Izmir',
        toCity: 'Sivas',
        stations: ['Bolu'],
        departureAt: '2030-06-01T09:00:00.000Z',
        seatCount: 10,
        price: 20,
        segmentPrices: [
          { fromCity: 'Bolu', toCity: 'Sivas', price: 5 },
          { fromCity: 'Bolu', toCity: 'Sivas', price: 6 },
        ],
      }),
    );
    expect(await stored()).toBe(before);
  });

  it('never answers a 5xx to passenger names with control characters and lone surrogates mixed in', async () => {
    const unclean = fc.constantFrom(...UNCLEAN_CHARACTERS.map(([, character]) => character));
    const name = fc.oneof(
      fc.string({ minLength: 1, maxLength: 30 }),
      fc
        .tuple(fc.string({ maxLength: 15 }), unclean, fc.string({ maxLength: 15 }))
        .map((parts) => parts.join('')),
    );
    let seatNumber = 10;
    await fc.assert(
      fc.asyncProperty(name, async (passengerName) => {
        const answer = await post('/tickets', booking({ seatNumber, passengerName }));
        if (!isSingleLineText(passengerName)) expect400(answer);
        else if (answer.status === 201) seatNumber += 1;
        else expect(answer.status).toBe(400);
      }),
      { numRuns: 60 },
    );
    // What was stored reads back as it was written, every name clean.
    const listed = await request(base, 'GET', `/tickets?routeId=${routeId}&limit=500`, { token: agent });
    const names = (listed.body.tickets as { passengerName: string }[]).map((t) => t.passengerName);
    expect(names.every(isSingleLineText)).toBe(true);
    expect(serverFailures()).toEqual([]);
    expect(server?.child.exitCode).toBeNull();
  }, 60_000);
}

describe('hostile values at the running server on the embedded database', () =>
  describeHostileValues(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'booking-hostile-'));
    return { env: { DATA_DIR: dataDir }, drop: () => rm(dataDir, { recursive: true, force: true }) };
  }));

describeWithService('DATABASE_URL', process.env, 'hostile values at the running server on PostgreSQL', () =>
  describeHostileValues(async () => {
    // The server opens its own connections; this one only drops the database at the end.
    const storage = await createTestStorage(process.env, { kind: 'postgres' });
    return { env: { DATABASE_URL: storage.url }, drop: () => storage.close() };
  }),
);
