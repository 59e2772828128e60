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
import { SandboxPaymentGateway } from '@booking/payments-sandbox';

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
      expect((await after.charge(charge))._unsafeUnwrap()).toEqual(made);
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
