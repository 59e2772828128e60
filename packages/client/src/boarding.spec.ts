import { describe, expect, it } from '@jest/globals';
import type { RestError } from './rest';
import { useWatchTestServer } from './test-support/watch-test-suite';

/** A client that only calls the REST API never needs its socket to connect. */
const REST_ONLY = { autoConnect: false };

describe('e-tickets and boarding through BookingClient', () => {
  const suite = useWatchTestServer({ forceNew: true });

  it('gets an e-ticket, boards it once, and sends an offline batch', async () => {
    const route = await suite.server.createRoute();
    const ticket = await suite.server.book(route, 3, { staff: true });
    const second = await suite.server.book(route, 4, { staff: true });
    const agent = suite.connect(REST_ONLY, await suite.server.token('agent'));
    const driver = suite.connect(REST_ONLY, await suite.server.token('driver'));
    const eticket = await agent.eticket(ticket?.id as string);
    expect(eticket.qrSvg).toMatch(/^<svg/);
    expect((await driver.jwks()).keys.length).toBeGreaterThan(0);

    suite.server.clock.set('2030-06-01T08:50:00.000Z');
    const boarded = await driver.board(eticket.code);
    expect(boarded).toMatchObject({ ticket: { id: ticket?.id }, boardedAt: '2030-06-01T08:50:00.000Z' });
    const again = await driver.board(eticket.code).catch((error: RestError) => error);
    expect(again).toMatchObject({ status: 409, code: 'already_boarded' });

    const secondCode = (await agent.eticket(second?.id as string)).code;
    const { results } = await driver.boardBatch([
      { code: secondCode, scannedAt: '2030-06-01T08:45:00.000Z' },
      { code: eticket.code, scannedAt: '2030-06-01T08:40:00.000Z' },
    ]);
    expect(results.map((result) => result.status)).toEqual(['ok', 'ok']);
    expect(results[1]?.boardedAt).toBe('2030-06-01T08:40:00.000Z');
  });
});
