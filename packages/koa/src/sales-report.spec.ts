import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LedgerEntry } from '@booking/core';
import { expectError, snapshot, startApi, type Harness } from './test-support/harness';

const card = {
  cardNumber: '4242424242424242',
  cardHolderName: 'Ada Lovelace',
  expireMonth: 12,
  expireYear: 2031,
  cvc: '123',
};
const DAY_1 = '2030-01-01';
const DAY_2 = '2030-01-02';

interface Sums {
  charges: number;
  refunds: number;
  fees: number;
  moved: number;
  net: number;
}
interface Report {
  from: string;
  to: string;
  currency: string;
  lines: (Sums & { routeId: string; day: string })[];
  totals: Sums;
}

let api: Harness;
let routeA: string;
let routeB: string;
const clockAt = (iso: string) => api.booking.clock.set(iso);

/** Books `seats` for a customer on `routeId` at the clock's time and pays them with one charge. */
async function payFor(routeId: string, seats: number[]): Promise<string[]> {
  const passengers = seats.map((seatNumber) => ({ seatNumber, passengerName: 'Ada', gender: 'female' }));
  const booked = await api.request('POST', '/tickets', {
    token: api.tokens.customer,
    body: { routeId, passengers },
  });
  const ids = (booked.body as { tickets: { id: string }[] }).tickets.map((t) => t.id);
  const payment = await api.request('POST', '/payments', {
    token: api.tokens.customer,
    body: { ticketId: ids[0], ...card },
  });
  expect(payment.status).toBe(201);
  return ids;
}

async function cancel(ticketId: string, token: string, body?: unknown): Promise<void> {
  const answer = await api.request('POST', `/tickets/${ticketId}/cancel`, { token, body });
  expect(answer.status).toBe(200);
}

const report = (query: string, token = api.tokens.agent) =>
  api.request('GET', `/reports/sales${query}`, { token });

/**
 * Money on two routes over two days: group and single payments, cancellations with the 10 % and
 * the 25 % fee, one with the fee waived, one refund the provider never took back (pending), and a
 * ticket of A exchanged to B (its money moved, nothing at the provider).
 */
beforeAll(async () => {
  api = await startApi();
  routeA = (await api.route({ departureAt: '2030-01-02T12:00:00.000Z' })).id;
  const b = await api.route({ departureAt: '2030-01-03T09:00:00.000Z' });
  routeB = b.id;

  clockAt(`${DAY_1}T08:00:00.000Z`);
  const [a1, a2] = await payFor(routeA, [1, 2]);
  const [b1] = await payFor(routeB, [1]);
  clockAt(`${DAY_1}T20:00:00.000Z`);
  await cancel(a1 as string, api.tokens.customer); // 16 h before: 10 %
  const [a3] = await payFor(routeA, [3]);

  clockAt(`${DAY_2}T11:00:00.000Z`);
  await cancel(a2 as string, api.tokens.customer); // 1 h before: 25 %
  await cancel(b1 as string, api.tokens.agent, { waiveFee: true });
  const [b2] = await payFor(routeB, [2, 3]);
  api.booking.gateway.available = false;
  await cancel(b2 as string, api.tokens.customer); // 22 h before: 10 %, left pending
  api.booking.gateway.available = true;
  const exchanged = await api.request('POST', `/tickets/${a3}/exchange`, {
    token: api.tokens.customer,
    body: { routeId: routeB, seatNumber: 4, fromCity: b.fromCity, toCity: b.toCity },
  });
  expect(exchanged.status).toBe(201);
});
afterAll(() => api.close());

/**
 * Sums of the ledger's entries taken here, not by the report: succeeded charges, refunds not failed;
 * money an exchange moved between tickets apart (in on the new ticket's route, out on the old one's).
 */
function ledgerSums(keep: (entry: LedgerEntry) => boolean): Sums {
  const entries = [...api.booking.ports.db.ledger.values()].filter(keep);
  const cents = (kind: string, field: 'amountCents' | 'feeCents', transfer = false) =>
    entries
      .filter(
        (e) =>
          e.kind === kind &&
          (e.transferTicketId !== null) === transfer &&
          (kind === 'charge' ? e.status === 'succeeded' : e.status !== 'failed'),
      )
      .reduce((sum, e) => sum + e[field], 0);
  const charges = cents('charge', 'amountCents');
  const refunds = cents('refund', 'amountCents');
  const moved = cents('charge', 'amountCents', true) - cents('refund', 'amountCents', true);
  return {
    charges: charges / 100,
    refunds: refunds / 100,
    fees: cents('refund', 'feeCents') / 100,
    moved: moved / 100,
    net: (charges - refunds + moved) / 100,
  };
}

describe('GET /reports/sales', () => {
  it("answers totals equal to the sums of the ledger's entries, and lines per route and day that add up to them", async () => {
    const answer = await report(`?from=${DAY_1}&to=${DAY_2}`);
    expect(answer.status).toBe(200);
    const body = answer.body as Report;
    expect(body).toMatchObject({ from: DAY_1, to: DAY_2, currency: 'EUR' });
    expect(body.totals).toEqual(ledgerSums(() => true));
    for (const line of body.lines) {
      expect(line).toEqual({
        routeId: line.routeId,
        day: line.day,
        ...ledgerSums((e) => e.routeId === line.routeId && e.createdAt.startsWith(line.day)),
      });
    }
    expect(body.lines.map((l) => [l.day, l.routeId])).toEqual(
      [
        [DAY_1, routeA],
        [DAY_1, routeB],
        [DAY_2, routeA],
        [DAY_2, routeB],
      ].sort(),
    );
    // The cases above, worked out by hand: 6 tickets of 25 paid (150); refunds 22.50 (fee 2.50),
    // 18.75 (fee 6.25), 25 (waived) and 22.50 (fee 2.50, still pending).
    expect(body.totals).toEqual({ charges: 150, refunds: 88.75, fees: 11.25, moved: 0, net: 61.25 });
    // The totals are the provider's: what it charged, and what it gives back.
    const gateway = api.booking.gateway.charges;
    expect(gateway.reduce((sum, c) => sum + c.amountCents, 0)).toBe(15_000);
    // The exchanged ticket's 25 moved from A to B on day two.
    expect(body.lines.filter((l) => l.day === DAY_2).map((l) => [l.routeId, l.moved])).toEqual(
      [
        [routeA, -25],
        [routeB, 25],
      ].sort(),
    );
  });

  it('answers one day by default (to = today, from = to), and one route when asked', async () => {
    const today = (await report('')).body as Report;
    expect([today.from, today.to]).toEqual([DAY_2, DAY_2]);
    expect(today.totals).toEqual(ledgerSums((e) => e.createdAt.startsWith(DAY_2)));
    const onlyB = (await report(`?from=${DAY_1}&to=${DAY_2}&routeId=${routeB.toUpperCase()}`)).body as Report;
    expect(new Set(onlyB.lines.map((l) => l.routeId))).toEqual(new Set([routeB]));
    expect(onlyB.totals).toEqual(ledgerSums((e) => e.routeId === routeB));
  });

  it('answers the same report as CSV for Accept: text/csv, with a totals row and two decimals', async () => {
    const query = `?from=${DAY_1}&to=${DAY_2}`;
    const body = (await report(query)).body as Report;
    const answer = await api.request('GET', `/reports/sales${query}`, {
      token: api.tokens.admin,
      headers: { Accept: 'text/csv' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('vary')).toContain('Accept');
    const money = (s: Sums) => [s.charges, s.refunds, s.fees, s.moved, s.net].map((n) => n.toFixed(2));
    expect(answer.text).toBe(
      [
        'routeId,day,currency,charges,refunds,fees,moved,net',
        ...body.lines.map((l) => [l.routeId, l.day, 'EUR', ...money(l)].join(',')),
        ['total', `${DAY_1}..${DAY_2}`, 'EUR', ...money(body.totals)].join(','),
        '',
      ].join('\r\n'),
    );
    expect(answer.text).toContain(',150.00,88.75,11.25,0.00,61.25\r\n');
    expect(answer.text).toContain(',-25.00,');
  });

  it('answers JSON when JSON is preferred or anything goes', async () => {
    for (const accept of ['application/json', '*/*', 'application/json, text/csv;q=0.5']) {
      const answer = await api.request('GET', `/reports/sales?to=${DAY_1}`, {
        token: api.tokens.agent,
        headers: { Accept: accept },
      });
      expect([accept, answer.headers.get('content-type')]).toEqual([
        accept,
        'application/json; charset=utf-8',
      ]);
    }
  });

  it('answers a customer 403 forbidden and a request without a token 401', async () => {
    expectError(await report('', api.tokens.customer), 403, 'forbidden');
    expectError(
      await api.request('GET', '/reports/sales', { headers: { Accept: 'text/csv' } }),
      401,
      'unauthorized',
    );
  });

  it.each([
    ['a day that does not exist', '?from=2030-02-30'],
    ['a day not written YYYY-MM-DD', '?to=1.1.2030'],
    ['a time instead of a day', `?from=${DAY_1}T00:00:00Z`],
    ['to before from', `?from=${DAY_2}&to=${DAY_1}`],
    ['more than 366 days', '?from=2029-01-01&to=2030-01-02'],
    ['a routeId that is not a UUID', '?routeId=route-1'],
    ['an unknown parameter', '?day=2030-01-01'],
    ['a repeated parameter', `?from=${DAY_1}&from=${DAY_2}`],
  ])('answers 400 validation_failed for %s, in JSON even when CSV was asked for', async (_name, query) => {
    const before = snapshot(api.booking);
    const answer = await api.request('GET', `/reports/sales${query}`, {
      token: api.tokens.agent,
      headers: { Accept: 'text/csv' },
    });
    expectError(answer, 400, 'validation_failed');
    expect(snapshot(api.booking)).toBe(before);
  });
});

describe('the sales report over time', () => {
  it('counts a refund on the day it was made, not on the day of the charge', async () => {
    const day1 = (await report(`?from=${DAY_1}&to=${DAY_1}`)).body as Report;
    const day2 = (await report(`?from=${DAY_2}&to=${DAY_2}`)).body as Report;
    const a2Refund = [...api.booking.ports.db.ledger.values()].find(
      (e) =>
        e.kind === 'refund' &&
        e.transferTicketId === null &&
        e.routeId === routeA &&
        e.createdAt.startsWith(DAY_2),
    );
    expect(a2Refund).toMatchObject({ amountCents: 1875, feeCents: 625 });
    expect(day1.lines.find((l) => l.routeId === routeA)).toMatchObject({
      charges: 75,
      refunds: 22.5,
      fees: 2.5,
    });
    expect(day2.lines.find((l) => l.routeId === routeA)).toEqual({
      routeId: routeA,
      day: DAY_2,
      charges: 0,
      refunds: 18.75,
      fees: 6.25,
      moved: -25,
      net: -43.75,
    });
  });
});
