import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect } from '@jest/globals';
import { createJwtAuth } from '@booking/auth';
import { describeWithService } from '@booking/core/testing';
import { createTestStorage } from '@booking/mikro-orm';
import { startBookingServer, type RunningServer } from '../booking-server';
import { parseConfig } from '../config';
import { createLogger } from '../logger';
import { errorCode, request } from './http-client';

/** A card the sandbox gateway charges. */
export const TEST_CARD = {
  cardNumber: '4242424242424242',
  cardHolderName: 'Ada Lovelace',
  expireMonth: 12,
  expireYear: 2035,
  cvc: '123',
};

/** Where one test file's server keeps its data: the settings that point it there, and how to drop it. */
export interface TestDatabase {
  env: Record<string, string>;
  close(): Promise<void>;
}

/** The embedded database in a fresh temporary directory (`prefix` names it), deleted by `close()`. */
export async function embeddedTestDatabase(prefix: string): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  return { env: { DATA_DIR: dataDir }, close: () => rm(dataDir, { recursive: true, force: true }) };
}

/**
 * Runs `suite` against the embedded database in a fresh temporary directory (`prefix` names it),
 * and against a fresh database on PostgreSQL when `DATABASE_URL` is set: "<subject> on the
 * embedded database", "<subject> on PostgreSQL".
 */
export function describeOnEachDatabase(
  subject: string,
  prefix: string,
  suite: (open: () => Promise<TestDatabase>) => void,
): void {
  describe(`${subject} on the embedded database`, () => {
    suite(() => embeddedTestDatabase(prefix));
  });
  describeWithService('DATABASE_URL', process.env, `${subject} on PostgreSQL`, () => {
    suite(async () => {
      const database = await createTestStorage(process.env, { kind: 'postgres' });
      return { env: { DATABASE_URL: database.url }, close: () => database.close() };
    });
  });
}

/** A JWT secret of its own for a test file, and tokens of a fresh user in each role. */
export function testAuth() {
  const secret = randomBytes(32).toString('hex');
  const auth = createJwtAuth({ secret });
  const token = (role: 'customer' | 'agent' | 'admin') =>
    auth.sign({ userId: `${role}-${randomBytes(4).toString('hex')}`, role });
  return { secret, token };
}

/** The server in this process on a free port: quiet, no sample route, a fast sweep, no rate limit to speak of. */
export async function startTestServer(
  secret: string,
  database: TestDatabase,
  env: Record<string, string> = {},
): Promise<RunningServer> {
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
  return startBookingServer({ ...config, jwtSecret: secret }, createLogger('silent'));
}

/** A route from Izmir to Bursa, 8 seats, leaving `minutesAhead` from now, created by the admin: its id. */
export async function createRouteAhead(
  url: string,
  admin: string,
  { price = 30, minutesAhead = 60 }: { price?: number; minutesAhead?: number } = {},
): Promise<string> {
  const created = await request(url, 'POST', '/routes', {
    token: admin,
    body: {
      fromCity: 'Izmir',
      toCity: 'Bursa',
      departureAt: new Date(Date.now() + minutesAhead * 60_000).toISOString(),
      seatCount: 8,
      price,
    },
  });
  expect([created.status, errorCode(created)]).toEqual([201, undefined]);
  return created.body.id as string;
}

/** Books `seats` for the customer under one PNR: the tickets as the server answered them. */
export async function reserveSeats<T = Record<string, unknown>>(
  url: string,
  customer: string,
  routeId: string,
  seats: number[],
  passenger: { passengerName: string; gender: string } = { passengerName: 'Ada Lovelace', gender: 'female' },
): Promise<T[]> {
  const booked = await request(url, 'POST', '/tickets', {
    token: customer,
    body: { routeId, passengers: seats.map((seatNumber) => ({ seatNumber, ...passenger })) },
  });
  expect([booked.status, errorCode(booked)]).toEqual([201, undefined]);
  return booked.body.tickets as T[];
}

/** Pays the ticket's booking (all its seats) with one charge of `TEST_CARD`. */
export async function payWithTestCard(url: string, customer: string, ticketId: string): Promise<void> {
  const paid = await request(url, 'POST', '/payments', { token: customer, body: { ticketId, ...TEST_CARD } });
  expect([paid.status, errorCode(paid)]).toEqual([201, undefined]);
}
