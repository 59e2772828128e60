import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cryptoIdGenerator, type ChargeRequest } from '@booking/core';
import {
  describePaymentGatewayContract,
  describeWithService,
  type GatewayTestCards,
} from '@booking/core/testing';
import { createTestStorage, openStorage, sandboxLedgerStore, type MikroOrmStorage } from '@booking/mikro-orm';
import { Sql } from '@booking/mikro-orm';
import { SandboxPaymentGateway } from '@booking/payments-sandbox';
import { createJwtAuth } from '@booking/auth';
import { randomBytes } from 'node:crypto';
import { startBookingServer, type RunningServer } from './booking-server';
import { parseConfig } from './config';
import { createLogger } from './logger';
import { request as http } from './test-support/http-client';

// The sandbox gateway with its ledger in the database (what the reference server binds): the
// gateway contract on PostgreSQL and on the embedded database, and charges that outlive a restart.
const CARDS: GatewayTestCards = {
  accepted: '4242424242424242',
  declined: [
    ['4000 0000 0000 1111', 'insufficient_funds'],
    ['4000-0000-0000-2222', 'invalid_card'],
  ],
};

/** Starting the embedded database is slow on a busy machine; a limit, not a measurement. */
const STARTUP_MS = 120_000;

const request = (): ChargeRequest => ({
  amountCents: 2550,
  currency: 'EUR',
  card: {
    cardNumber: CARDS.accepted,
    cardHolderName: 'ADA LOVELACE',
    expireMonth: 12,
    expireYear: 2035,
    cvc: '987',
  },
  reference: 'ticket-1',
  idempotencyKey: cryptoIdGenerator.uuid(),
});

/** One storage for a describe block: `open` in beforeAll, closed in afterAll. */
function storageFor(open: () => Promise<MikroOrmStorage>): () => MikroOrmStorage {
  let storage: MikroOrmStorage | undefined;
  beforeAll(async () => {
    storage = await open();
  });
  afterAll(async () => {
    await storage?.close();
  });
  return () => {
    if (!storage) throw new Error('storage not opened');
    return storage;
  };
}

describeWithService('DATABASE_URL', process.env, 'the sandbox gateway on PostgreSQL', () => {
  const storage = storageFor(() => createTestStorage(process.env, { kind: 'postgres' }));
  describePaymentGatewayContract(
    'sandbox on PostgreSQL',
    () => new SandboxPaymentGateway({ store: sandboxLedgerStore(storage()) }),
    CARDS,
  );

  it('answers a charge and refunds it from another process on the same database', async () => {
    const charge = request();
    const made = (
      await new SandboxPaymentGateway({ store: sandboxLedgerStore(storage()) }).charge(charge)
    )._unsafeUnwrap();
    const other = await openStorage({ url: storage().url }, { migrate: false });
    try {
      const gateway = new SandboxPaymentGateway({ store: sandboxLedgerStore(other) });
      expect((await gateway.findCharge(charge.idempotencyKey))._unsafeUnwrap()).toEqual(made);
      const refund = { chargeId: made.chargeId, amountCents: 550, currency: 'EUR', idempotencyKey: 'r-1' };
      (await gateway.refund(refund))._unsafeUnwrap();
      expect(await gateway.chargeOf(made.chargeId)).toMatchObject({ refundedCents: 550 });
    } finally {
      await other.close();
    }
  });
});

describe('the sandbox gateway on the embedded database', () => {
  let dataDir = '';
  let storage: MikroOrmStorage | undefined;
  const store = () => {
    if (!storage) throw new Error('storage not opened');
    return sandboxLedgerStore(storage);
  };
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'booking-sandbox-'));
    storage = await openStorage({ embedded: { dataDir } });
  }, STARTUP_MS);
  afterAll(async () => {
    await storage?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  describePaymentGatewayContract(
    'sandbox on the embedded database',
    () => new SandboxPaymentGateway({ store: store() }),
    CARDS,
  );

  it(
    'keeps its charges and refunds across a restart of the database',
    async () => {
      const charge = request();
      const before = new SandboxPaymentGateway({ store: store() });
      const made = (await before.charge(charge))._unsafeUnwrap();
      const refund = { chargeId: made.chargeId, amountCents: 2000, currency: 'EUR', idempotencyKey: 'r-2' };
      const refunded = (await before.refund(refund))._unsafeUnwrap();
      await storage?.close();
      storage = undefined;

      storage = await openStorage({ embedded: { dataDir } });
      const after = new SandboxPaymentGateway({ store: store() });
      expect((await after.charge(charge))._unsafeUnwrap()).toEqual({ ...made, refundedCents: 2000 });
      expect((await after.refund(refund))._unsafeUnwrap()).toEqual(refunded);
      expect(await after.chargeOf(made.chargeId)).toEqual({
        amountCents: 2550,
        currency: 'EUR',
        reference: 'ticket-1',
        last4: '4242',
        refundedCents: 2000,
      });
    },
    2 * STARTUP_MS,
  );
});

describe('the reference server', () => {
  const secret = randomBytes(32).toString('hex');
  const auth = createJwtAuth({ secret });
  let dataDir = '';
  let server: RunningServer | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'booking-sandbox-server-'));
    const config = parseConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_SAMPLE_ROUTE: 'false',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
    })._unsafeUnwrap();
    server = await startBookingServer({ ...config, jwtSecret: secret }, createLogger('silent'));
  }, STARTUP_MS);
  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    "binds the sandbox with its ledger in the database: a payment's charge is there, under the attempt's key",
    async () => {
      if (!server) throw new Error('server not started');
      const admin = await auth.sign({ userId: 'sandbox-admin', role: 'admin' });
      const route = await http(server.url, 'POST', '/routes', {
        token: admin,
        body: {
          fromCity: 'Izmir',
          toCity: 'Bursa',
          stations: [],
          departureAt: '2035-06-01T09:00:00.000Z',
          seatCount: 4,
          price: 30.5,
        },
      });
      expect(route.status).toBe(201);
      const token = await auth.sign({ userId: 'sandbox-customer', role: 'customer' });
      const ticket = await http(server.url, 'POST', '/tickets', {
        token,
        body: { routeId: route.body.id, seatNumber: 1, passengerName: 'Ada Rider', gender: 'female' },
      });
      expect(ticket.status).toBe(201);
      const paid = await http(server.url, 'POST', '/payments', {
        token,
        body: { ticketId: ticket.body.id, ...request().card },
      });
      expect(paid.status).toBe(201);

      const sql = new Sql(server.storage.orm.em.getConnection());
      const charges = await sql.rows<Record<string, unknown>>(
        `select a.charge_id = c.charge_id as same_charge, c.amount_cents::int as cents, c.reference
       from payment_attempts a join sandbox_gateway_charges c on c.idempotency_key = a.id::text`,
      );
      expect(charges._unsafeUnwrap()).toEqual([
        { same_charge: true, cents: 3050, reference: ticket.body.id },
      ]);
    },
    STARTUP_MS,
  );
});
