import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { DEFAULT_CANCELLATION_POLICY, parseCancellationPolicy } from '@booking/core';
import { describeWithService } from '@booking/core/testing';
import { createTestStorage, type MikroOrmStorage } from '@booking/mikro-orm';
import { eventually, request, type Answer } from '../test-support/http-client';
import { ledgerDisagreements } from '../test-support/ledger-agreement';
import { PaymentLedgerAudit } from '../test-support/payment-ledger-audit';
import { call, startServerProcess, tokenFor, type ServerProcess } from '../test-support/server-process';

/** The payment lock's lease, shortened so reconciliation settles what the crash left within seconds. */
const LEASE_SECONDS = 3;
/** The sandbox charges at once and answers this late: the kill finds payments between charge and commit. */
const GATEWAY_DELAY_MS = 1500;
const CUSTOMERS = 10;
const CARD = { cardHolderName: 'Crash Test', expireMonth: 12, expireYear: 2035, cvc: '123' };
const ACCEPTED = { cardNumber: '4242424242424242', ...CARD };
const DECLINED = { cardNumber: '4000000000001111', ...CARD };
/** Four single tickets and one of each of two groups, paid before the load and cancelled in it. */
const PAID_CANCELS = 6;
const POLICY = parseCancellationPolicy(DEFAULT_CANCELLATION_POLICY)._unsafeUnwrap();

interface Booked {
  token: string;
  /** Full route, Bolu to Ankara, full route. */
  singles: [string, string, string];
  group: { pnr: string; ticketIds: string[] };
}

/** One request of the load, named for the report (`pay ...`, `cancel ...`). */
interface Step {
  name: string;
  run: (base: string) => Promise<Answer>;
}

describeWithService(
  'DATABASE_URL',
  process.env,
  'payments when the server is killed with SIGKILL mid-payment (PostgreSQL)',
  () => {
    let database: MikroOrmStorage | undefined;
    let audit: PaymentLedgerAudit | undefined;
    const servers: ServerProcess[] = [];
    const start = async (env: Record<string, string> = {}) => {
      if (!database) throw new Error('no database');
      const server = await startServerProcess({
        DATABASE_URL: database.url,
        SWEEP_INTERVAL_MS: '200',
        PAYMENT_LOCK_SECONDS: String(LEASE_SECONDS),
        ...env,
      });
      servers.push(server);
      return server;
    };

    beforeAll(async () => {
      database = await createTestStorage(process.env, { kind: 'postgres' });
      audit = await PaymentLedgerAudit.open(database.url);
    }, 60_000);
    afterAll(async () => {
      for (const server of servers) await server.stop('SIGKILL');
      await audit?.close();
      await database?.close();
    });

    it("leaves the gateway's ledger and ours in agreement for every ticket once reconciliation has run", async () => {
      if (!audit) throw new Error('no audit connection');
      const ledger = audit;
      const first = await start({ SANDBOX_GATEWAY_DELAY_MS: String(GATEWAY_DELAY_MS) });
      const routeId = await createPricedRoute(first.url);
      const booked = await Promise.all(
        Array.from({ length: CUSTOMERS }, (_, i) => bookFor(first.url, routeId, i)),
      );

      // Paid before the load, so that the load can cancel paid tickets (a refund, a fee) too.
      const prepaid = await Promise.all([
        ...booked.slice(0, 4).map((b) => pay(first.url, b.token, { ticketId: b.singles[0] })),
        ...booked.slice(0, 2).map((b) => pay(first.url, b.token, { pnrNumber: b.group.pnr })),
      ]);
      expect(prepaid.map((a) => a.status)).toEqual(Array.from({ length: PAID_CANCELS }, () => 201));

      // Payments first, so that the kill finds charges and refunds with the gateway at once.
      const payments: Step[] = booked.flatMap((b, i) => [
        ...(i >= 4 ? [payStep(b, { ticketId: b.singles[0] })] : []),
        ...(i < 8 ? [payStep(b, { ticketId: b.singles[1] })] : []),
        ...(i >= 2 ? [payStep(b, { pnrNumber: b.group.pnr })] : []),
        ...(i !== 6 && i !== 7 ? [payStep(b, { ticketId: b.singles[2] })] : []),
      ]);
      const others: Step[] = [
        // Cancelled once its payment is charged, before the gateway answers: the seat is gone.
        ...booked.slice(6, 8).map((b) => payThenCancelStep(b, b.singles[2], (id) => ledger.chargedFor(id))),
        payStep(booked[9] as Booked, { ticketId: (booked[9] as Booked).singles[1] }, DECLINED),
        cancelStep(booked[8] as Booked, (booked[8] as Booked).singles[1], 'unpaid'),
        ...booked.slice(0, 4).map((b) => cancelStep(b, b.singles[0], 'paid')),
        ...booked.slice(0, 2).map((b) => cancelStep(b, b.group.ticketIds[1] as string, 'paid')),
      ];
      const steps = [...payments.slice(0, 10), ...others, ...payments.slice(10)];
      const load = runSteps(first.url, steps, 14);

      // Kill once payments have been answered and others are between charge and commit, every
      // cancellation of a paid ticket has committed its refund, and one of them is with the gateway.
      // At least four charged attempts are open: more than the two whose tickets were cancelled.
      const midFlight = await eventually(
        async () => {
          if (load.finished()) return true;
          const open = await ledger.openPayments();
          const paid = load.answers().filter((a) => a.name.startsWith('pay') && a.answer.status === 201);
          return (
            paid.length >= 3 &&
            open.chargedButUnsettled.length >= 4 &&
            open.refunds === PAID_CANCELS &&
            open.pendingRefunds >= 1
          );
        },
        30_000,
        25,
      );
      expect(midFlight).toBe(true);
      expect(load.finished()).toBe(false);
      load.halt();
      expect(await first.stop('SIGKILL')).toBeNull();
      const answers = await load.stop();

      // What the crash left, read before any process could settle it.
      const left = await ledger.openPayments();
      expect(left.chargedButUnsettled.length).toBeGreaterThanOrEqual(4);
      expect(left.pendingRefunds).toBeGreaterThanOrEqual(1);
      // Requests were cut off by the kill; every other answer is one the API documents.
      expect(answers.filter((a) => a.answer.status === 0).length).toBeGreaterThan(0);
      expect(answers.filter((a) => ![0, 200, 201, 402, 409].includes(a.answer.status))).toEqual([]);

      // A new process on the same database: reconciliation settles every attempt and refund.
      await start();
      const settled = await eventually(async () => {
        const now = await ledger.openPayments();
        return now.unsettled.length === 0 && now.pendingRefunds === 0;
      }, 30_000);
      expect(settled).toBe(true);

      const snapshot = await ledger.snapshot(routeId);
      const { problems, counts } = ledgerDisagreements(snapshot, POLICY);
      expect(problems).toEqual([]);
      expect(counts.confirmedPaid).toBeGreaterThan(0);
      expect(counts.cancelledPaid).toBe(PAID_CANCELS);
      expect(counts.unpaid).toBeGreaterThan(0);
      expect(counts.refundedAttempts).toBeGreaterThanOrEqual(2);
      // The attempts the gateway had charged when the process died were settled with money and seat
      // together: confirmed (the seat was still held) or refunded in full.
      const status = new Map(snapshot.attempts.map((a) => [a.id, a.status]));
      const outcomes = left.chargedButUnsettled.map((id) => status.get(id));
      expect(outcomes.filter((s) => s !== 'confirmed' && s !== 'refunded')).toEqual([]);
      expect(outcomes).toContain('confirmed');

      // Every answer given before the crash still holds.
      const tickets = new Map(snapshot.tickets.map((t) => [t.id, t.status]));
      for (const { name, answer } of answers) {
        if (name.startsWith('pay') && answer.status === 201) {
          const paid = (answer.body.tickets ?? [answer.body.ticket]) as { id: string }[];
          expect(paid.map((t) => tickets.get(t.id))).toEqual(paid.map(() => 'confirmed'));
        }
        if (name.startsWith('cancel') && answer.status === 200)
          expect(tickets.get(answer.body.id as string)).toBe('cancelled');
      }
    }, 55_000);
  },
);

/** Istanbul - Izmit - Bolu - Ankara, 12 hours from now (a cancellation keeps a fee), priced by segment. */
async function createPricedRoute(base: string): Promise<string> {
  const created = await call(base, 'POST', '/routes', {
    token: await tokenFor('admin'),
    body: {
      fromCity: 'Istanbul',
      toCity: 'Ankara',
      stations: ['Izmit', 'Bolu'],
      departureAt: new Date(Date.now() + 12 * 3_600_000).toISOString(),
      seatCount: 60,
      price: 37.35,
      segmentPrices: [
        { fromCity: 'Istanbul', toCity: 'Bolu', price: 21.15 },
        { fromCity: 'Bolu', toCity: 'Ankara', price: 16.3 },
      ],
    },
  });
  expect([created.status, created.body.error]).toEqual([201, undefined]);
  return created.body.id as string;
}

/** Customer `i` holds seats 5i+1..5i+5: three single tickets and a group of two. */
async function bookFor(base: string, routeId: string, i: number): Promise<Booked> {
  const token = await tokenFor('customer', `payment-crash-${i}`);
  const seat = 5 * i + 1;
  const book = (body: Record<string, unknown>) =>
    call(base, 'POST', '/tickets', { token, body: { routeId, ...body } });
  const single = async (seatNumber: number, segment: Record<string, string> = {}) => {
    const answer = await book({
      seatNumber,
      passengerName: `Rider ${seatNumber}`,
      gender: 'other',
      ...segment,
    });
    expect([answer.status, answer.body.error]).toEqual([201, undefined]);
    return answer.body.id as string;
  };
  const singles: Booked['singles'] = [
    await single(seat),
    await single(seat + 1, { fromCity: 'Bolu', toCity: 'Ankara' }),
    await single(seat + 2),
  ];
  const group = await book({
    fromCity: 'Istanbul',
    toCity: 'Bolu',
    passengers: [seat + 3, seat + 4].map((n) => ({
      seatNumber: n,
      passengerName: `Rider ${n}`,
      gender: 'other',
    })),
  });
  expect([group.status, group.body.error]).toEqual([201, undefined]);
  const tickets = group.body.tickets as { id: string }[];
  return {
    token,
    singles,
    group: { pnr: group.body.pnrNumber as string, ticketIds: tickets.map((t) => t.id) },
  };
}

function pay(base: string, token: string, target: Record<string, string>, card = ACCEPTED): Promise<Answer> {
  return request(base, 'POST', '/payments', { token, body: { ...target, ...card } });
}

function payStep(booked: Booked, target: Record<string, string>, card = ACCEPTED): Step {
  return { name: `pay ${JSON.stringify(target)}`, run: (base) => pay(base, booked.token, target, card) };
}

function cancelStep(booked: Booked, ticketId: string, kind: 'paid' | 'unpaid'): Step {
  return {
    name: `cancel ${kind} ${ticketId}`,
    run: (base) => request(base, 'POST', `/tickets/${ticketId}/cancel`, { token: booked.token }),
  };
}

/** Pays, and cancels the ticket once the gateway has charged, before it answers; answers the payment. */
function payThenCancelStep(
  booked: Booked,
  ticketId: string,
  charged: (ticketId: string) => Promise<boolean>,
): Step {
  return {
    name: `pay-then-cancel ${ticketId}`,
    run: async (base) => {
      const paying = pay(base, booked.token, { ticketId });
      await eventually(() => charged(ticketId), GATEWAY_DELAY_MS, 25);
      await request(base, 'POST', `/tickets/${ticketId}/cancel`, { token: booked.token });
      return paying;
    },
  };
}

/** Runs the steps in order, `workers` at a time, until they are done or `halt` is called. */
function runSteps(base: string, steps: readonly Step[], workers: number) {
  const answers: { name: string; answer: Answer }[] = [];
  let next = 0;
  let stopped = false;
  let finished = false;
  const worker = async () => {
    while (!stopped && next < steps.length) {
      const step = steps[next++] as Step;
      answers.push({ name: step.name, answer: await step.run(base) });
    }
  };
  const done = Promise.all(Array.from({ length: workers }, worker)).then(() => {
    finished = true;
  });
  return {
    answers: () => answers,
    finished: () => finished,
    /** No step starts from now on (those running go on). */
    halt() {
      stopped = true;
    },
    async stop() {
      stopped = true;
      await done;
      return answers;
    },
  };
}
