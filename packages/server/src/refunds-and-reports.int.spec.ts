import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningServer } from './booking-server';
import { errorCode, eventually, request, type Answer } from './test-support/http-client';
import {
  createRouteAhead,
  describeOnEachDatabase,
  embeddedTestDatabase,
  payWithTestCard,
  reserveSeats,
  startTestServer,
  testAuth,
  type TestDatabase,
} from './test-support/test-server';

const { secret, token } = testAuth();
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface Payments {
  paid: number;
  refunded: number;
  entries: { kind: string; amount: number; status: string; last4?: string }[];
}

const expectStatus = (answer: Answer, status: number) =>
  expect([answer.status, errorCode(answer)]).toEqual([status, status < 400 ? undefined : expect.any(String)]);

/** A route departing an hour from now (the 25 % tier of the default policy), price 30. */
const routeInAnHour = async (server: RunningServer): Promise<string> =>
  createRouteAhead(server.url, await token('admin'), { price: 30, minutesAhead: 60 });

/** Books `seats` for the customer and pays them with one charge; the tickets' ids. */
async function paidTickets(server: RunningServer, routeId: string, customer: string, seats: number[]) {
  const passenger = { passengerName: 'Refund Owner', gender: 'male' };
  const booked = await reserveSeats<{ id: string }>(server.url, customer, routeId, seats, passenger);
  const ids = booked.map((t) => t.id);
  await payWithTestCard(server.url, customer, ids[0] as string);
  return ids;
}

const paymentsOf = async (server: RunningServer, ticketId: string, as: string): Promise<Payments> => {
  const answer = await request(server.url, 'GET', `/tickets/${ticketId}/payments`, { token: as });
  expectStatus(answer, 200);
  return answer.body as unknown as Payments;
};

function describeOnDatabase(open: () => Promise<TestDatabase>) {
  let server: RunningServer;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await open();
    server = await startTestServer(secret, database);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it('pay -> cancel an hour before departure -> 25 % kept, the rest refunded -> payments and the sales report show it', async () => {
    const routeId = await routeInAnHour(server);
    const customer = await token('customer');
    const agent = await token('agent');
    const [ticketId] = await paidTickets(server, routeId, customer, [1]);

    const cancelled = await request(server.url, 'POST', `/tickets/${ticketId}/cancel`, { token: customer });
    expectStatus(cancelled, 200);
    expect(cancelled.body).toMatchObject({
      id: ticketId,
      status: 'cancelled',
      refund: { amount: 22.5, fee: 7.5, currency: 'EUR' },
    });

    // The refund goes to the gateway after the cancel's commit; it is `succeeded` once it answered.
    let payments: Payments | undefined;
    expect(
      await eventually(async () => {
        payments = await paymentsOf(server, ticketId as string, customer);
        return payments.entries.every((e) => e.status === 'succeeded');
      }, 10_000),
    ).toBe(true);
    expect(payments).toMatchObject({ ticketId, currency: 'EUR', paid: 30, refunded: 22.5 });
    expect(payments?.entries.map(({ kind, amount, status, last4 }) => [kind, amount, status, last4])).toEqual(
      [
        ['charge', 30, 'succeeded', '4242'],
        ['refund', 22.5, 'succeeded', '4242'],
      ],
    );

    const again = await request(server.url, 'POST', `/tickets/${ticketId}/cancel`, { token: agent });
    expect([again.status, errorCode(again)]).toEqual([409, 'invalid_transition']);
    expect((await paymentsOf(server, ticketId as string, agent)).refunded).toBe(22.5);

    // Around midnight the charge and the refund may fall on two days: the report spans both.
    const range = `from=${day(Date.now() - DAY_MS)}&to=${day(Date.now() + DAY_MS)}&routeId=${routeId}`;
    const report = await request(server.url, 'GET', `/reports/sales?${range}`, { token: agent });
    expectStatus(report, 200);
    expect(report.body.totals).toEqual({ charges: 30, refunds: 22.5, fees: 7.5, moved: 0, net: 7.5 });
    const csv = await request(server.url, 'GET', `/reports/sales?${range}`, {
      token: agent,
      headers: { accept: 'text/csv' },
    });
    expectStatus(csv, 200);
    const rows = (csv.body.text as string).trimEnd().split('\r\n');
    expect(rows[0]).toBe('routeId,day,currency,charges,refunds,fees,moved,net');
    expect(rows.at(-1)).toMatch(/^total,[\d-]+\.\.[\d-]+,EUR,30\.00,22\.50,7\.50,0\.00,7\.50$/);
    expect(rows.slice(1, -1).every((row) => row.startsWith(`${routeId},`))).toBe(true);

    const forCustomer = await request(server.url, 'GET', `/reports/sales?${range}`, { token: customer });
    expect([forCustomer.status, errorCode(forCustomer)]).toEqual([403, 'forbidden']);
    const badDay = await request(server.url, 'GET', '/reports/sales?from=2030-13-01', { token: agent });
    expect([badDay.status, errorCode(badDay)]).toEqual([400, 'validation_failed']);
  }, 60_000);

  it('refunds one passenger of a group their share; an agent waives the fee, a customer may not (403, nothing changed)', async () => {
    const routeId = await routeInAnHour(server);
    const customer = await token('customer');
    const [first, second] = await paidTickets(server, routeId, customer, [3, 4]);

    const refused = await request(server.url, 'POST', `/tickets/${first}/cancel`, {
      token: customer,
      body: { waiveFee: true },
    });
    expect([refused.status, errorCode(refused)]).toEqual([403, 'forbidden']);
    const notBoolean = await request(server.url, 'POST', `/tickets/${first}/cancel`, {
      token: customer,
      body: { waiveFee: 'yes' },
    });
    expect([notBoolean.status, errorCode(notBoolean)]).toEqual([400, 'validation_failed']);
    const ticket = await request(server.url, 'GET', `/tickets/${first}`, { token: customer });
    expect(ticket.body.status).toBe('confirmed');

    const waived = await request(server.url, 'POST', `/tickets/${first}/cancel`, {
      token: await token('agent'),
      body: { waiveFee: true },
    });
    expectStatus(waived, 200);
    expect(waived.body.refund).toEqual({ amount: 30, fee: 0, currency: 'EUR' });
    expect(await paymentsOf(server, second as string, customer)).toMatchObject({ paid: 30, refunded: 0 });
  }, 60_000);

  it('cancels a reservation never paid for without a refund', async () => {
    const routeId = await routeInAnHour(server);
    const customer = await token('customer');
    const booked = await request(server.url, 'POST', '/tickets', {
      token: customer,
      body: { routeId, seatNumber: 6, passengerName: 'Refund Owner', gender: 'male' },
    });
    const cancelled = await request(server.url, 'POST', `/tickets/${booked.body.id}/cancel`, {
      token: customer,
      body: {},
    });
    expectStatus(cancelled, 200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body).not.toHaveProperty('refund');
    expect(await paymentsOf(server, booked.body.id as string, customer)).toMatchObject({
      paid: 0,
      entries: [],
    });
  }, 60_000);
}

describeOnEachDatabase('refunds and the sales report over HTTP', 'booking-refunds-', describeOnDatabase);

describe('a server started with its own CANCELLATION_POLICY', () => {
  let server: RunningServer;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await embeddedTestDatabase('booking-policy-');
    server = await startTestServer(secret, database, { CANCELLATION_POLICY: '48h:0,0h:12.5' });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it('keeps the fee of its own policy (12.5 % of 30 is 3.75)', async () => {
    const routeId = await routeInAnHour(server);
    const customer = await token('customer');
    const [ticketId] = await paidTickets(server, routeId, customer, [2]);
    const cancelled = await request(server.url, 'POST', `/tickets/${ticketId}/cancel`, { token: customer });
    expect(cancelled.body.refund).toEqual({ amount: 26.25, fee: 3.75, currency: 'EUR' });
  }, 60_000);
});
