import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Route } from '@booking/core';
import fc from 'fast-check';
import { SeatTestServer } from './test-support/seat-test-server';
import type { SeatClientRecorder } from './test-support/seat-client-recorder';

const ERROR_CODES = ['validation_failed', 'route_not_found', 'invalid_segment'];
const RUNS = 300;

/** Near misses (right keys, wrong values) and anything at all. */
const payload = fc.oneof(
  fc.anything(),
  fc.record(
    {
      routeId: fc.oneof(
        fc.string(),
        fc.uuid(),
        fc.integer(),
        fc.constant(null),
        fc.string({ minLength: 201, maxLength: 300 }),
      ),
      sinceSequence: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)),
      fromCity: fc.oneof(fc.string(), fc.integer()),
      toCity: fc.oneof(fc.string(), fc.anything()),
    },
    { requiredKeys: [] },
  ),
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

  it.each(['subscribe_route', 'unsubscribe_route', 'get_seat_availability'])(
    '%s: arbitrary payloads get error answers, the connection stays open, others are still served',
    async (event) => {
      await fc.assert(
        fc.asyncProperty(payload, async (message) => {
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
});
