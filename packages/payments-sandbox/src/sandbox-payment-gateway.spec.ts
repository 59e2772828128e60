import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { cryptoIdGenerator, type ChargeRequest } from '@booking/core';
import { describePaymentGatewayContract, TEST_CARD_DECLINES } from '@booking/core/testing';
import { InMemorySandboxLedgerStore } from './sandbox-ledger-store';
import { SANDBOX_DECLINES, SandboxPaymentGateway } from './sandbox-payment-gateway';

const ACCEPTED = '4242424242424242';

// #region contract
describePaymentGatewayContract('sandbox', () => new SandboxPaymentGateway(), {
  accepted: '4242424242424242',
  declined: [
    ['4000 0000 0000 1111', 'insufficient_funds'],
    ['4000-0000-0000-2222', 'invalid_card'],
  ],
});
// #endregion contract

const request = (overrides: Partial<ChargeRequest> = {}): ChargeRequest => ({
  amountCents: 4500,
  currency: 'EUR',
  card: {
    cardNumber: ACCEPTED,
    cardHolderName: 'ADA LOVELACE',
    expireMonth: 12,
    expireYear: 2035,
    cvc: '987',
  },
  reference: 'ticket-1',
  idempotencyKey: cryptoIdGenerator.uuid(),
  ...overrides,
});

describe('the sandbox test cards', () => {
  it('are the cards the core tests decline in memory, so a test reads the same on both', () => {
    expect(SANDBOX_DECLINES).toEqual(TEST_CARD_DECLINES);
  });
});

describe('the sandbox ledger store', () => {
  it('keeps charges and refunds across gateways: a new gateway on the same store answers and refunds them', async () => {
    const store = new InMemorySandboxLedgerStore();
    const charge = request();
    const first = (await new SandboxPaymentGateway({ store }).charge(charge))._unsafeUnwrap();
    const restarted = new SandboxPaymentGateway({ store });
    expect((await restarted.findCharge(charge.idempotencyKey))._unsafeUnwrap()).toEqual(first);
    expect((await restarted.charge(charge))._unsafeUnwrap()).toEqual(first);
    const refund = { chargeId: first.chargeId, amountCents: 4500, currency: 'EUR', idempotencyKey: 'r1' };
    (await restarted.refund(refund))._unsafeUnwrap();
    expect(await new SandboxPaymentGateway({ store }).chargeOf(first.chargeId)).toMatchObject({
      refundedCents: 4500,
    });
  });

  it('answers gateway_unavailable, with the cause, when the store fails', async () => {
    const store = new InMemorySandboxLedgerStore();
    const broken = new Error('disk on fire');
    store.findChargeByKey = () => Promise.reject(broken);
    const gateway = new SandboxPaymentGateway({ store });
    expect((await gateway.charge(request()))._unsafeUnwrapErr()).toEqual({
      kind: 'gateway_unavailable',
      cause: broken,
    });
  });

  it('declines a refund in another currency than its charge, and amounts that are not whole positive cents', async () => {
    const gateway = new SandboxPaymentGateway();
    const { chargeId } = (await gateway.charge(request()))._unsafeUnwrap();
    const refund = (currency: string, amountCents: number) =>
      gateway.refund({ chargeId, amountCents, currency, idempotencyKey: cryptoIdGenerator.uuid() });
    expect((await refund('TRY', 100))._unsafeUnwrapErr()).toEqual({
      kind: 'declined',
      reason: 'currency_mismatch',
    });
    for (const amountCents of [0, -1, 1.5]) {
      expect((await refund('EUR', amountCents))._unsafeUnwrapErr()).toEqual({
        kind: 'declined',
        reason: 'invalid_amount',
      });
      expect((await gateway.charge(request({ amountCents })))._unsafeUnwrapErr()).toEqual({
        kind: 'declined',
        reason: 'invalid_amount',
      });
    }
    expect(await gateway.chargeOf(chargeId)).toMatchObject({ refundedCents: 0 });
  });
});

describe('sandbox fault injection', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('fail_before: the next charge answers gateway_unavailable and charges nothing; a retry with its key charges', async () => {
    const gateway = new SandboxPaymentGateway().failNext('charge', { kind: 'fail_before' });
    const charge = request();
    expect((await gateway.charge(charge))._unsafeUnwrapErr()).toEqual({ kind: 'gateway_unavailable' });
    expect((await gateway.findCharge(charge.idempotencyKey))._unsafeUnwrap()).toBeUndefined();
    const retried = (await gateway.charge(charge))._unsafeUnwrap();
    expect((await gateway.findCharge(charge.idempotencyKey))._unsafeUnwrap()).toEqual(retried);
  });

  it('fail_after: the next charge is made but answers gateway_unavailable; findCharge and a retry find that one charge', async () => {
    const gateway = new SandboxPaymentGateway().failNext('charge', { kind: 'fail_after' });
    const charge = request();
    expect((await gateway.charge(charge))._unsafeUnwrapErr()).toEqual({ kind: 'gateway_unavailable' });
    const made = (await gateway.findCharge(charge.idempotencyKey))._unsafeUnwrap();
    expect(made).toMatchObject({ amountCents: 4500, currency: 'EUR', last4: '4242' });
    expect((await gateway.charge(charge))._unsafeUnwrap()).toEqual(made);
  });

  it('fail_after on a refund: the money goes back once, and the retry with its key answers that refund', async () => {
    const gateway = new SandboxPaymentGateway();
    const { chargeId } = (await gateway.charge(request()))._unsafeUnwrap();
    const refund = { chargeId, amountCents: 1000, currency: 'EUR', idempotencyKey: cryptoIdGenerator.uuid() };
    gateway.failNext('refund', { kind: 'fail_after' });
    expect((await gateway.refund(refund))._unsafeUnwrapErr()).toEqual({ kind: 'gateway_unavailable' });
    expect(await gateway.chargeOf(chargeId)).toMatchObject({ refundedCents: 1000 });
    (await gateway.refund(refund))._unsafeUnwrap();
    expect(await gateway.chargeOf(chargeId)).toMatchObject({ refundedCents: 1000 });
  });

  it('fail_before on findCharge: the lookup answers gateway_unavailable once', async () => {
    const gateway = new SandboxPaymentGateway();
    const charge = request();
    const made = (await gateway.charge(charge))._unsafeUnwrap();
    gateway.failNext('findCharge', { kind: 'fail_before' });
    expect((await gateway.findCharge(charge.idempotencyKey))._unsafeUnwrapErr()).toEqual({
      kind: 'gateway_unavailable',
    });
    expect((await gateway.findCharge(charge.idempotencyKey))._unsafeUnwrap()).toEqual(made);
  });

  it('delay: the charge is made at once and answered only after the delay', async () => {
    jest.useFakeTimers();
    const gateway = new SandboxPaymentGateway().failNext('charge', { kind: 'delay', ms: 30_000 });
    const charge = request();
    let answered = false;
    const pending = gateway.charge(charge).map((made) => {
      answered = true;
      return made;
    });
    await jest.advanceTimersByTimeAsync(29_999);
    expect(answered).toBe(false);
    const made = (await gateway.findCharge(charge.idempotencyKey))._unsafeUnwrap();
    expect(made).toMatchObject({ amountCents: 4500 });
    await jest.advanceTimersByTimeAsync(1);
    expect(answered).toBe(true);
    expect((await pending)._unsafeUnwrap()).toEqual(made);
  });

  it('answerDelayMs: every charge and refund is made at once and answered after the delay; look-ups are not slowed', async () => {
    jest.useFakeTimers();
    const gateway = new SandboxPaymentGateway({ answerDelayMs: 5_000 });
    const answered: string[] = [];
    const charge = request();
    const charging = gateway.charge(charge).map((made) => {
      answered.push('charge');
      return made;
    });
    await jest.advanceTimersByTimeAsync(4_999);
    const made = (await gateway.findCharge(charge.idempotencyKey))._unsafeUnwrap();
    expect(made).toMatchObject({ amountCents: 4500, refundedCents: 0 });
    expect(answered).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect((await charging)._unsafeUnwrap()).toEqual(made);

    const refund = {
      chargeId: made?.chargeId ?? '',
      amountCents: 500,
      currency: 'EUR',
      idempotencyKey: 'r-slow',
    };
    const refunding = gateway.refund(refund).map((done) => {
      answered.push('refund');
      return done;
    });
    await jest.advanceTimersByTimeAsync(4_999);
    expect(await gateway.chargeOf(made?.chargeId ?? '')).toMatchObject({ refundedCents: 500 });
    expect(answered).toEqual(['charge']);
    await jest.advanceTimersByTimeAsync(1);
    (await refunding)._unsafeUnwrap();
    expect(answered).toEqual(['charge', 'refund']);
  });

  it('refuses an answer delay that is not a number of milliseconds', () => {
    expect(() => new SandboxPaymentGateway({ answerDelayMs: -1 })).toThrow(RangeError);
    expect(() => new SandboxPaymentGateway({ answerDelayMs: Number.NaN })).toThrow(RangeError);
  });

  it('applies queued faults to the next calls in order, then none', async () => {
    const gateway = new SandboxPaymentGateway()
      .failNext('charge', { kind: 'fail_before' })
      .failNext('charge', { kind: 'fail_after' });
    const kinds = [];
    for (let i = 0; i < 3; i++) {
      const charge = request();
      const answer = await gateway.charge(charge);
      const made = (await gateway.findCharge(charge.idempotencyKey))._unsafeUnwrap();
      kinds.push([answer.isOk() ? 'charged' : 'unavailable', made ? 'made' : 'not made']);
    }
    expect(kinds).toEqual([
      ['unavailable', 'not made'],
      ['unavailable', 'made'],
      ['charged', 'made'],
    ]);
  });

  it('refuses a delay that is not a number of milliseconds', () => {
    expect(() => new SandboxPaymentGateway().failNext('charge', { kind: 'delay', ms: -1 })).toThrow(
      RangeError,
    );
  });
});
