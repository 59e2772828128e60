import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createJwtAuth } from '@booking/auth';
import {
  createBookingServices,
  cryptoIdGenerator,
  systemClock,
  type Charge,
  type ChargeRequest,
  type GatewayError,
  type PaymentGateway,
  type Refund,
  type RefundRequest,
} from '@booking/core';
import { describeWithService, RecordingPaymentGateway, RecordingNotifier } from '@booking/core/testing';
import { createRestApi } from '@booking/koa';
import { createTestStorage, type MikroOrmStorage } from '@booking/mikro-orm';
import { ResultAsync } from 'neverthrow';
import { errorCode, request, type Answer } from '../test-support/http-client';

const SECRET = 'a-secret-for-the-one-charge-test-0123456789';
const CARD = {
  cardNumber: '4242 4242 4242 4242',
  cardHolderName: 'ADA',
  expireMonth: 12,
  expireYear: 2035,
  cvc: '123',
};
const RACERS = 8;

/**
 * A recording gateway whose charges wait at a gate: it opens when the test has every other answer,
 * or when `expected` charges are waiting (without a payment lock, every racer gets here, and the
 * test then sees all their charges instead of waiting for ever).
 */
class GatedGateway implements PaymentGateway {
  readonly recording = new RecordingPaymentGateway();
  private waiting = 0;
  private expected = Infinity;
  private openGate: () => void = () => undefined;
  private gate = Promise.resolve();

  /** Closes the gate for the next race of `expected` payments. */
  close(expected: number): void {
    this.expected = expected;
    this.waiting = 0;
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  open(): void {
    this.openGate();
  }

  charge(request: ChargeRequest): ResultAsync<Charge, GatewayError> {
    this.waiting += 1;
    if (this.waiting >= this.expected) this.open();
    return ResultAsync.fromSafePromise(this.gate).andThen(() => this.recording.charge(request));
  }

  refund(request: RefundRequest): ResultAsync<Refund, GatewayError> {
    return this.recording.refund(request);
  }

  findCharge(idempotencyKey: string): ResultAsync<Charge | undefined, GatewayError> {
    return this.recording.findCharge(idempotencyKey);
  }
}

function describeOneCharge(kind: 'postgres' | 'embedded'): void {
  let storage: MikroOrmStorage;
  let server: Server;
  let base = '';
  const gateway = new GatedGateway();
  const auth = createJwtAuth({ secret: SECRET });
  const admin = { userId: 'one-charge-admin', role: 'admin' as const };
  let routeId = '';
  let nextSeat = 1;

  beforeAll(async () => {
    storage = await createTestStorage(process.env, { kind });
    const services = createBookingServices(
      {
        ...storage,
        notifier: new RecordingNotifier(),
        paymentGateway: gateway,
        clock: systemClock,
        ids: cryptoIdGenerator,
      },
      { holdSeconds: 600 },
    );
    const app = createRestApi(services, { auth, idempotencySecret: SECRET, rateLimit: false });
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const created = await services.routes.create(admin, {
      fromCity: 'Istanbul',
      toCity: 'Ankara',
      departureAt: '2035-06-01T09:00:00.000Z',
      seatCount: 40,
      price: 20,
    });
    routeId = created._unsafeUnwrap().id;
  }, 120_000);
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await storage?.close();
  });

  const customer = () => auth.sign({ userId: 'one-charge-customer', role: 'customer' });
  const book = async (seats: number): Promise<{ pnrNumber: string; tickets: { id: string }[] }> => {
    const passengers = Array.from({ length: seats }, () => ({
      seatNumber: nextSeat++,
      passengerName: 'Ada',
      gender: 'female',
    }));
    const answer = await request(base, 'POST', '/tickets', {
      token: await customer(),
      body: seats === 1 ? { routeId, ...passengers[0] } : { routeId, passengers },
    });
    expect(answer.status).toBe(201);
    return 'tickets' in answer.body
      ? (answer.body as { pnrNumber: string; tickets: { id: string }[] })
      : { pnrNumber: answer.body.pnrNumber as string, tickets: [{ id: answer.body.id as string }] };
  };

  /** Sends every payment at once; the gate opens once all but one have answered. */
  async function race(bodies: object[], headers: Record<string, string> = {}): Promise<Answer[]> {
    const token = await customer();
    const charges = gateway.recording.charges.length;
    gateway.close(bodies.length);
    let answered = 0;
    const answers = await Promise.all(
      bodies.map(async (body) => {
        const answer = await request(base, 'POST', '/payments', { token, body, headers });
        answered += 1;
        if (answered === bodies.length - 1) gateway.open();
        return answer;
      }),
    );
    expect(gateway.recording.charges.slice(charges)).toHaveLength(1);
    expect(gateway.recording.charges.filter((c) => c.refundedCents > 0)).toEqual([]);
    return answers;
  }

  const outcomes = (answers: Answer[]) =>
    answers.map((a) => (a.status === 201 ? 201 : `${a.status} ${errorCode(a)}`)).sort();

  it(`charges a ticket once when ${RACERS} payments for it race: one 201, the rest 409 payment_in_progress`, async () => {
    const { tickets } = await book(1);
    const ticketId = (tickets[0] as { id: string }).id;
    const answers = await race(Array.from({ length: RACERS }, () => ({ ticketId, ...CARD })));
    expect(outcomes(answers)).toEqual([
      201,
      ...Array.from({ length: RACERS - 1 }, () => '409 payment_in_progress'),
    ]);
    const paid = await request(base, 'GET', `/tickets/${ticketId}`, { token: await customer() });
    expect(paid.body.status).toBe('confirmed');
  }, 60_000);

  it('charges once when racing payments share an Idempotency-Key; a retry then gets the first answer', async () => {
    const { tickets } = await book(1);
    const body = { ticketId: (tickets[0] as { id: string }).id, ...CARD };
    const headers = { 'Idempotency-Key': `race-${cryptoIdGenerator.uuid()}` };
    const answers = await race(
      Array.from({ length: RACERS }, () => body),
      headers,
    );
    const first = answers.find((a) => a.status === 201);
    for (const answer of answers) {
      if (answer.status === 201) expect(answer.body).toEqual(first?.body);
      else expect(`${answer.status} ${errorCode(answer)}`).toBe('409 payment_in_progress');
    }
    const retry = await request(base, 'POST', '/payments', { token: await customer(), body, headers });
    expect({ status: retry.status, body: retry.body }).toEqual({ status: 201, body: first?.body });
  }, 60_000);

  it('locks every ticket of a group: payments by PNR and by each ticket charge the group once', async () => {
    const { pnrNumber, tickets } = await book(3);
    const bodies = [
      ...tickets.map((t) => ({ ticketId: t.id, ...CARD })),
      ...tickets.map(() => ({ pnrNumber, ...CARD })),
    ];
    const answers = await race(bodies);
    expect(outcomes(answers)).toEqual([
      201,
      ...Array.from({ length: bodies.length - 1 }, () => '409 payment_in_progress'),
    ]);
    const receipt = answers.find((a) => a.status === 201)?.body as { payment: { amount: number } };
    expect(receipt.payment.amount).toBe(60);
  }, 60_000);
}

describe('one charge per ticket over REST on the embedded database', () => {
  describeOneCharge('embedded');
});

describeWithService('DATABASE_URL', process.env, 'one charge per ticket over REST on PostgreSQL', () => {
  describeOneCharge('postgres');
});
