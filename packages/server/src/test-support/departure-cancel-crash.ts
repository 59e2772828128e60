import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { parseCancellationPolicy } from '@booking/core';
import type { StorageTarget } from '@booking/mikro-orm';
import { errorCode, eventually, request } from './http-client';
import { ledgerDisagreements } from './ledger-agreement';
import { PaymentLedgerAudit } from './payment-ledger-audit';
import { watchRoute } from './route-watcher';
import { startServerProcess, tokenFor, type ServerProcess } from './server-process';

/**
 * The sandbox makes each refund at once and answers it this late: the kill finds the cancellation
 * committed and no refund answered; the first ones may be made at the gateway, the others not sent.
 */
const GATEWAY_DELAY_MS = 1500;
/**
 * Refunds are retried once they are older than the payment lock's lease: shortened to settle
 * quickly, but longer than the gateway's answers (a payment outliving its lease is settled by
 * reconciliation under it, and answers 409).
 */
const LEASE_SECONDS = 3;
/** More than the eight refunds a cancellation sends at once, so some wait for the first answers. */
const PAID_TICKETS = 10;
const PRICE_CENTS = 2735;
/** A departure's cancellation keeps no fee, whatever the time left. */
const NO_FEE = parseCancellationPolicy('0h:0')._unsafeUnwrap();
const CARD = {
  cardNumber: '4242424242424242',
  cardHolderName: 'Crash Test',
  expireMonth: 12,
  expireYear: 2035,
  cvc: '123',
};

/** A database for the crash test, on either storage. */
export interface CrashDatabase {
  env: Record<string, string>;
  /** Where an audit reads the database; only while no server process runs (the embedded one is single-user). */
  target: StorageTarget;
  /**
   * Whether an audit may read it while a server runs (PostgreSQL): the kill then waits until the
   * gateway has made a first refund, so the crash also loses answers of refunds that were made.
   */
  shared: boolean;
  close(): Promise<void>;
}

/**
 * A departure with paid tickets is cancelled on a server process (built, `dist/main.js`) with a slow
 * sandbox gateway, which is killed with SIGKILL right after the cancellation committed, before its
 * refunds were answered; a new process on the same database must send every refund, once each.
 */
export function describeDepartureCancelCrash(open: () => Promise<CrashDatabase>): void {
  let database: CrashDatabase | undefined;
  const servers: ServerProcess[] = [];
  const start = async (env: Record<string, string> = {}) => {
    if (!database) throw new Error('no database');
    const server = await startServerProcess({
      ...database.env,
      SWEEP_INTERVAL_MS: '200',
      PAYMENT_LOCK_SECONDS: String(LEASE_SECONDS),
      ...env,
    });
    servers.push(server);
    return server;
  };
  /** Reads the database with no server process running. */
  const audit = async <T>(read: (audit: PaymentLedgerAudit) => Promise<T>): Promise<T> => {
    if (!database) throw new Error('no database');
    const opened = await PaymentLedgerAudit.open(database.target);
    try {
      return await read(opened);
    } finally {
      await opened.close();
    }
  };

  beforeAll(async () => {
    database = await open();
  }, 60_000);
  afterAll(async () => {
    for (const server of servers) await server.stop('SIGKILL');
    await database?.close();
  });

  it('refunds every paid ticket of a departure cancelled just before a SIGKILL, each charge given back once', async () => {
    const first = await start({ SANDBOX_GATEWAY_DELAY_MS: String(GATEWAY_DELAY_MS) });
    const admin = await tokenFor('admin', 'crash-admin');
    const routeId = await createRoute(first.url, admin);
    const sold = await sell(first.url, routeId);
    expect(sold.paid).toHaveLength(PAID_TICKETS);

    const room = await watchRoute(first.url, routeId);
    const cancelling = request(first.url, 'POST', `/routes/${routeId}/cancel`, {
      token: admin,
      body: { reason: 'The bus broke down' },
    });
    // The route_update is published once the cancellation has committed, just before the refunds go out.
    await room.waitForSequence(room.subscribedAt + 1);
    if (database?.shared) {
      const live = await PaymentLedgerAudit.open(database.target);
      try {
        const sent = await eventually(
          async () => (await live.snapshot(routeId)).refunds.length > 0,
          10_000,
          10,
        );
        expect(sent).toBe(true);
      } finally {
        await live.close();
      }
    }
    expect(await first.stop('SIGKILL')).toBeNull();
    room.close();
    expect(room.events[0]).toMatchObject({ eventType: 'route_update', status: 'cancelled' });
    // Answered once committed (the refunds go on in the background), or cut off by the kill.
    expect([0, 200]).toContain((await cancelling).status);

    // What the crash left: every ticket cancelled with its refund recorded, none answered by the
    // gateway; on PostgreSQL some made there (their answers lost), and the last ones never sent.
    const left = await audit(async (a) => ({
      open: await a.openPayments(),
      ledger: await a.snapshot(routeId),
    }));
    expect(left.ledger.tickets.map((t) => t.status)).toEqual(left.ledger.tickets.map(() => 'cancelled'));
    expect([left.open.refunds, left.open.pendingRefunds]).toEqual([PAID_TICKETS, PAID_TICKETS]);
    expect(left.ledger.refunds.length).toBeGreaterThanOrEqual(database?.shared ? 1 : 0);
    expect(left.ledger.refunds.length).toBeLessThan(PAID_TICKETS);

    // A new process on the same database: reconciliation sends what is still pending.
    const second = await start();
    const route = await request(second.url, 'GET', `/routes/${routeId}`);
    expect(route.body).toMatchObject({ status: 'cancelled', cancelReason: 'The bus broke down' });
    const settled = await eventually(async () => {
      const moneys = await Promise.all(
        sold.paid.map(({ id, token }) => request(second.url, 'GET', `/tickets/${id}/payments`, { token })),
      );
      return moneys.every(
        ({ body }) =>
          body.refunded === body.paid &&
          (body.entries as { status: string }[]).every((e) => e.status === 'succeeded'),
      );
    }, 30_000);
    expect(settled).toBe(true);
    const booking = { routeId, seatNumber: 12, passengerName: 'Late Comer', gender: 'male' };
    const refused = await request(second.url, 'POST', '/tickets', {
      token: sold.paid[0]?.token,
      body: booking,
    });
    expect([refused.status, errorCode(refused)]).toEqual([409, 'route_cancelled']);
    expect(await second.stop('SIGTERM')).toBe(0);

    // The gateway gave each charge back in full, once: one refund per ledger refund, none twice.
    const after = await audit(async (a) => ({
      open: await a.openPayments(),
      ledger: await a.snapshot(routeId),
    }));
    expect(after.open).toMatchObject({ unsettled: [], pendingRefunds: 0, refunds: PAID_TICKETS });
    const { problems, counts } = ledgerDisagreements(after.ledger, NO_FEE);
    expect(problems).toEqual([]);
    expect(counts).toMatchObject({ cancelledPaid: PAID_TICKETS, confirmedPaid: 0 });
    const { charges, refunds, entries } = after.ledger;
    const refundEntryIds = entries.filter((e) => e.kind === 'refund').map((e) => e.id);
    expect(refunds.map((r) => r.key).sort()).toEqual(refundEntryIds.sort());
    const refundedOf = (chargeId: string) =>
      refunds.filter((r) => r.chargeId === chargeId).reduce((sum, r) => sum + r.amountCents, 0);
    expect(charges.map((c) => refundedOf(c.chargeId))).toEqual(charges.map((c) => c.amountCents));
    expect(charges.reduce((sum, c) => sum + c.amountCents, 0)).toBe(PAID_TICKETS * PRICE_CENTS);
  }, 90_000);
}

/** Izmir to Bursa, 8 hours from now (a ticket's own cancellation would keep a fee), 12 seats. */
async function createRoute(base: string, admin: string): Promise<string> {
  const created = await request(base, 'POST', '/routes', {
    token: admin,
    body: {
      fromCity: 'Izmir',
      toCity: 'Bursa',
      departureAt: new Date(Date.now() + 8 * 3_600_000).toISOString(),
      seatCount: 12,
      price: PRICE_CENTS / 100,
    },
  });
  expect([created.status, errorCode(created)]).toEqual([201, undefined]);
  return created.body.id as string;
}

/**
 * Seats 1-10 sold and paid, all at once: a group of two on one charge, eight single tickets of four
 * customers on a charge each; seat 11 reserved and never paid.
 */
async function sell(base: string, routeId: string) {
  const customers = await Promise.all([0, 1, 2, 3, 4].map((i) => tokenFor('customer', `cancel-crash-${i}`)));
  const book = async (token: string, seats: number[]) => {
    const answer = await request(base, 'POST', '/tickets', {
      token,
      body: {
        routeId,
        passengers: seats.map((seatNumber) => ({
          seatNumber,
          passengerName: `Rider ${seatNumber}`,
          gender: 'other',
        })),
      },
    });
    expect([answer.status, errorCode(answer)]).toEqual([201, undefined]);
    return {
      pnr: answer.body.pnrNumber as string,
      ids: (answer.body.tickets as { id: string }[]).map((t) => t.id),
    };
  };
  const [groupOwner, ...others] = customers as [string, ...string[]];
  const group = await book(groupOwner, [1, 2]);
  const singles = await Promise.all(
    others.flatMap((token, i) =>
      [3 + 2 * i, 4 + 2 * i].map(async (seat) => ({ token, ...(await book(token, [seat])) })),
    ),
  );
  await book(groupOwner, [11]);
  const payments = await Promise.all([
    request(base, 'POST', '/payments', { token: groupOwner, body: { pnrNumber: group.pnr, ...CARD } }),
    ...singles.map(({ token, ids }) =>
      request(base, 'POST', '/payments', { token, body: { ticketId: ids[0], ...CARD } }),
    ),
  ]);
  expect(payments.map((p) => p.status)).toEqual(payments.map(() => 201));
  return {
    paid: [
      ...group.ids.map((id) => ({ id, token: groupOwner })),
      ...singles.flatMap(({ token, ids }) => ids.map((id) => ({ id, token }))),
    ],
  };
}
