import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Route } from '@booking/core';
import fc from 'fast-check';
import { SeatTestServer } from './test-support/seat-test-server';
import type { SeatClientRecorder } from './test-support/seat-client-recorder';

const ERROR_CODES = ['validation_failed', 'route_not_found', 'invalid_segment'];
const RUNS = 300;
const EVENTS = ['subscribe_route', 'unsubscribe_route', 'get_seat_availability'] as const;
const KNOWN_KEYS = new Set(['routeId', 'sinceSequence', 'fromCity', 'toCity', 'gender']);

const char = (from: number, to: number) =>
  fc.integer({ min: from, max: to }).map((c) => String.fromCharCode(c));
/** C0 and C1 control characters, DEL, and halves of surrogate pairs on their own. */
const unprintable = fc.oneof(char(0x00, 0x1f), char(0x7f, 0x9f), char(0xd800, 0xdbff), char(0xdc00, 0xdfff));
/** Text with at least one character no person types on one line, anywhere in it. */
const dirtyText = fc.tuple(fc.string(), unprintable, fc.string()).map((parts) => parts.join(''));

/** A real route in either case, with a key nobody knows: refused as a REST body would be. */
const unknownKey = (routeId: string) =>
  fc
    .tuple(
      fc.oneof(fc.constant(routeId), fc.mixedCase(fc.constant(routeId))),
      fc.string().filter((key) => !KNOWN_KEYS.has(key)),
      fc.anything().filter((value) => value !== undefined), // JSON would drop the key
    )
    .map(([id, key, value]) => ({ routeId: id, [key]: value }));

/** A real route asked about with a dirty city. */
const dirtyCity = (routeId: string) =>
  fc.oneof(
    fc.record({ routeId: fc.constant(routeId), fromCity: dirtyText }),
    fc.record({ routeId: fc.constant(routeId), toCity: dirtyText }),
  );

/** Near misses (right keys, wrong values), unknown keys, dirty text, and anything at all. */
const payload = (routeId: string) =>
  fc.oneof(
    fc.anything(),
    fc.record(
      {
        routeId: fc.oneof(
          fc.string(),
          fc.uuid(),
          fc.integer(),
          fc.constant(null),
          fc.string({ minLength: 201, maxLength: 300 }),
          dirtyText,
        ),
        sinceSequence: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)),
        fromCity: fc.oneof(fc.string(), fc.integer(), dirtyText),
        toCity: fc.oneof(fc.string(), fc.anything()),
      },
      { requiredKeys: [] },
    ),
    unknownKey(routeId),
    dirtyCity(routeId),
  );

describe('fuzzing every client event', () => {
  let server: SeatTestServer;
  let route: Route;
  let fuzzer: SeatClientRecorder;
  let bystander: SeatClientRecorder;

  beforeAll(async () => {
    server = await SeatTestServer.start({
      gateway: { rateLimit: { perSecond: 1_000_000, burst: 1_000_000 } },
    });
    route = await server.createRoute();
    fuzzer = await server.connect();
    bystander = await server.connect();
    await bystander.request('subscribe_route', { routeId: route.id });
  });
  afterAll(() => server.close());

  it.each(EVENTS)(
    '%s: arbitrary payloads get error answers, the connection stays open, others are still served',
    async (event) => {
      await fc.assert(
        fc.asyncProperty(payload(route.id), async (message) => {
          const answer = await fuzzer.request(event, message);
          expect(answer.ok).toBe(false);
          if (!answer.ok) expect(ERROR_CODES).toContain(answer.error.code);
          expect(fuzzer.socket.connected).toBe(true);
        }),
        { numRuns: RUNS },
      );
      // Extra arguments, no payload at all, and no acknowledgement are answered too.
      expect(await fuzzer.request(event)).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
      expect(await fuzzer.request(event, { routeId: 'x' }, 'extra', 3)).toMatchObject({ ok: false });
      const errorsBefore = fuzzer.received.filter((r) => r.kind === 'error').length;
      fuzzer.socket.emit(event, 12);
      await fuzzer.until(() => fuzzer.received.filter((r) => r.kind === 'error').length > errorsBefore);

      const sequenceBefore = bystander.sequences(route.id).length;
      await server.book(route, (sequenceBefore % route.seatCount) + 1);
      await bystander.until(() => bystander.sequences(route.id).length > sequenceBefore);
      expect(await bystander.request('get_seat_availability', { routeId: route.id })).toMatchObject({
        ok: true,
      });
      expect(fuzzer.socket.connected).toBe(true);
    },
  );

  it.each(EVENTS)('%s: an unknown key answers validation_failed, whatever else is right', async (event) => {
    await fc.assert(
      fc.asyncProperty(unknownKey(route.id), async (message) => {
        expect(await fuzzer.request(event, message)).toMatchObject({
          ok: false,
          error: { code: 'validation_failed' },
        });
      }),
      { numRuns: 100 },
    );
  });

  it('get_seat_availability: a city with control characters or lone surrogates answers validation_failed', async () => {
    await fc.assert(
      fc.asyncProperty(dirtyCity(route.id), async (message) => {
        expect(await fuzzer.request('get_seat_availability', message)).toMatchObject({
          ok: false,
          error: { code: 'validation_failed' },
        });
      }),
      { numRuns: 100 },
    );
  });

  it.each(EVENTS)('%s: a route id in any letter case is the route', async (event) => {
    await fc.assert(
      fc.asyncProperty(fc.mixedCase(fc.constant(route.id)), async (routeId) => {
        expect(await fuzzer.request(event, { routeId })).toMatchObject({ ok: true, routeId: route.id });
      }),
      { numRuns: 50 },
    );
    await fuzzer.request('unsubscribe_route', { routeId: route.id });
  });
});

type Step = 'subscribe_route' | 'unsubscribe_route';

describe('fuzzing subscribe/unsubscribe interleavings of one route, sent back to back', () => {
  let server: SeatTestServer;
  let client: SeatClientRecorder;

  beforeAll(async () => {
    server = await SeatTestServer.start({
      gateway: { rateLimit: { perSecond: 1_000_000, burst: 1_000_000 } },
    });
    client = await server.connect({}, 'default');
  });
  afterAll(() => server.close());

  it('the last message decides: its answer is ok, live events follow it or stop with it', async () => {
    const steps = fc.array(
      fc.record({
        event: fc.constantFrom<Step>('subscribe_route', 'unsubscribe_route'),
        upperCase: fc.boolean(),
      }),
      { minLength: 1, maxLength: 6 },
    );
    await fc.assert(
      fc.asyncProperty(steps, async (sequence) => {
        const route = await server.createRoute(2);
        const from = client.received.length;
        const answers = await Promise.all(
          sequence.map(({ event, upperCase }) =>
            client.request(event, { routeId: upperCase ? route.id.toUpperCase() : route.id }),
          ),
        );
        const last = sequence[sequence.length - 1]?.event;
        const subscribed = last === 'subscribe_route';
        sequence.forEach(({ event }, i) => {
          const answer = answers[i];
          if (event === 'unsubscribe_route' || i === sequence.length - 1)
            expect(answer).toMatchObject({ ok: true, routeId: route.id });
          else if (!answer?.ok) expect(answer?.error.code).toBe('cancelled');
        });
        const counted = server.gateway.localStats().routeDetails.some((r) => r.routeId === route.id);
        expect(counted).toBe(subscribed);

        await server.book(route, 1);
        if (subscribed) await client.until(() => client.sequences(route.id).length === 1);
        else await client.roundTrip(route.id);
        expect(client.sequences(route.id)).toEqual(subscribed ? [1] : []);
        const kinds = client.received.slice(from).map((item) => item.kind);
        if (!subscribed) expect(kinds.slice(kinds.lastIndexOf('unsubscribed'))).not.toContain('subscribed');
        await client.request('unsubscribe_route', { routeId: route.id });
      }),
      { numRuns: 60 },
    );
  });
});
