import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createJwtAuth } from '@booking/auth';
import { describeWithService } from '@booking/core/testing';
import { createTestStorage } from '@booking/mikro-orm';
import { startBookingServer, type RunningServer } from './booking-server';
import { parseConfig } from './config';
import { createLogger } from './logger';
import { errorCode, eventually, request, type Answer } from './test-support/http-client';

const SECRET = randomBytes(32).toString('hex');
const auth = createJwtAuth({ secret: SECRET });
const CARD = {
  cardNumber: '4242424242424242',
  cardHolderName: 'Refund Owner',
  expireMonth: 12,
  expireYear: 2035,
  cvc: '123',
};
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface Database {
  env: Record<string, string>;
  close(): Promise<void>;
}

interface Payments {
  paid: number;
  refunded: number;
  entries: { kind: string; amount: number; status: string; last4?: string }[];
}

async function startServer(database: Database, env: Record<string, string> = {}): Promise<RunningServer> {
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SEED_SAMPLE_ROUTE: 'false',
    LOG_LEVEL: 'silent',
    SWEEP_INTERVAL_MS: '200',
    RATE_LIMIT_POINTS: '10000',
    ...database.env,
    ...env,
  })._unsafeUnwrap();
  return startBookingServer({ ...config, jwtSecret: SECRET }, createLogger('silent'));
}

const token = (role: 'customer' | 'agent' | 'admin') =>
  auth.sign({ userId: `${role}-${randomBytes(4).toString('hex')}`, role });

const expectStatus = (answer: Answer, status: number) =>
  expect([answer.status, errorCode(answer)]).toEqual([status, status < 400 ? undefined : expect.any(String)]);

/** A route departing an hour from now (the 25 % tier of the default policy), price 30. */
async function routeInAnHour(server: RunningServer): Promise<string> {
  const created = await request(server.url, 'POST', '/routes', {
    token: await token('admin'),
    body: {
      fromCity: 'Izmir',
      toCity: 'Bursa',
      departureAt: new Date(Date.now() + HOUR_MS).toISOString(),
      seatCount: 8,
      price: 30,
    },
  });
  expectStatus(created, 201);
  return created.body.id as string;
}

/** Books `seats` for the customer and pays them with one charge; the tickets' ids. */
async function paidTickets(server: RunningServer, routeId: string, customer: string, seats: number[]) {
  const booked = await request(server.url, 'POST', '/tickets', {
    token: customer,
    body: {
      routeId,
      passengers: seats.map((seatNumber) => ({ seatNumber, passengerName: 'Refund Owner', gender: 'male' })),
    },
  });
  expectStatus(booked, 201);
  const ids = (booked.body.tickets as { id: string }[]).map((t) => t.id);
  const paid = await request(server.url, 'POST', '/payments', {
    token: customer,
    body: { ticketId: ids[0], ...CARD },
  });
  expectStatus(paid, 201);
  return ids;
}

const paymentsOf = async (server: RunningServer, ticketId: string, as: string): Promise<Payments> => {
  const answer = await request(server.url, 'GET', `/tickets/${ticketId}/payments`, { token: as });
  expectStatus(answer, 200);
  return answer.body as unknown as Payments;
};

function describeOnDatabase(open: () => Promise<Database>) {
  let server: RunningServer;
  let database: Database | undefined;
  beforeAll(async () => {
    database = await open();
    server = await startServer(database);
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

describe('refunds and the sales report over HTTP on the embedded database', () => {
  describeOnDatabase(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'booking-refunds-'));
    return { env: { DATA_DIR: dataDir }, close: () => rm(dataDir, { recursive: true, force: true }) };
  });
});

describeWithService(
  'DATABASE_URL',
  process.env,
  'refunds and the sales report over HTTP on PostgreSQL',
  () => {
    describeOnDatabase(async () => {
      const database = await createTestStorage(process.env, { kind: 'postgres' });
      return { env: { DATABASE_URL: database.url }, close: () => database.close() };
    });
  },
);

describe('a server started with its own CANCELLATION_POLICY', () => {
  let server: RunningServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'booking-policy-'));
    server = await startServer(
      { env: { DATA_DIR: dataDir }, close: async () => undefined },
      { CANCELLATION_POLICY: '48h:0,0h:12.5' },
    );
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps the fee of its own policy (12.5 % of 30 is 3.75)', async () => {
    const routeId = await routeInAnHour(server);
    const customer = await token('customer');
    const [ticketId] = await paidTickets(server, routeId, customer, [2]);
    const cancelled = await request(server.url, 'POST', `/tickets/${ticketId}/cancel`, { token: customer });
    expect(cancelled.body.refund).toEqual({ amount: 26.25, fee: 3.75, currency: 'EUR' });
  }, 60_000);
});
