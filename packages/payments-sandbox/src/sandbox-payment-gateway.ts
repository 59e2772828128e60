import {
  cryptoIdGenerator,
  lastFour,
  type Charge,
  type ChargeRequest,
  type GatewayError,
  type PaymentGateway,
  type Refund,
  type RefundRequest,
} from '@booking/core';
import { err, ok, ResultAsync, type Result } from 'neverthrow';
import { FaultQueue, sleep, type SandboxFault, type SandboxOperation } from './sandbox-faults';
import {
  InMemorySandboxLedgerStore,
  type SandboxCharge,
  type SandboxLedgerStore,
} from './sandbox-ledger-store';

/** The sandbox's test cards, by their last four digits, and the reason each is declined with. */
export const SANDBOX_DECLINES: Readonly<Record<string, string>> = {
  '1111': 'insufficient_funds',
  '2222': 'invalid_card',
};

export interface SandboxGatewayOptions {
  /** Where charges and refunds are kept; in memory when not given. */
  store?: SandboxLedgerStore;
  /** The time stamped on charges and refunds (ISO-8601). */
  now?: () => string;
  /**
   * Every charge and refund is made at once and answered after this many milliseconds (default 0):
   * a slow provider on every call, so tests can stop a process while its calls are out. Queued
   * faults still apply (a `delay` fault adds to it).
   */
  answerDelayMs?: number;
}

/** What the sandbox shows of a charge, as a provider's dashboard would. */
export interface SandboxChargeView {
  amountCents: number;
  currency: string;
  reference: string;
  last4: string;
  refundedCents: number;
}

const unavailable: GatewayError = { kind: 'gateway_unavailable' };
const declined = (reason: string): GatewayError => ({ kind: 'declined', reason });

/**
 * A payment provider's sandbox: a card ending in 1111 is declined (`insufficient_funds`), one
 * ending in 2222 too (`invalid_card`), as is a number that is not 12-19 digits (spaces and dashes
 * allowed); any other card is charged. No money moves. It behaves as the port asks of a real
 * provider: a charge or refund repeated with its idempotency key happens once, refunds may be
 * partial up to what is left of the charge, and `findCharge` finds a charge by its key. Faults
 * can be queued for the next calls (`failNext`).
 */
export class SandboxPaymentGateway implements PaymentGateway {
  private readonly store: SandboxLedgerStore;
  private readonly now: () => string;
  private readonly faults = new FaultQueue();
  private readonly answerDelayMs: number;

  constructor(options: SandboxGatewayOptions = {}) {
    this.store = options.store ?? new InMemorySandboxLedgerStore();
    this.now = options.now ?? (() => new Date().toISOString());
    this.answerDelayMs = options.answerDelayMs ?? 0;
    if (!(Number.isFinite(this.answerDelayMs) && this.answerDelayMs >= 0)) {
      throw new RangeError(`answerDelayMs needs a number of milliseconds >= 0, not ${this.answerDelayMs}`);
    }
  }

  /** Makes the next call of `operation` go wrong as `fault` says (queued faults apply in order). */
  failNext(operation: SandboxOperation, fault: SandboxFault): this {
    this.faults.push(operation, fault);
    return this;
  }

  charge(request: ChargeRequest): ResultAsync<Charge, GatewayError> {
    return this.call('charge', async () => {
      const made = await this.store.findChargeByKey(request.idempotencyKey);
      if (made) return ok(await this.answer(made));
      const digits = request.card.cardNumber.replace(/[\s-]/g, '');
      if (!/^\d{12,19}$/.test(digits)) return err(declined('invalid_card'));
      const last4 = lastFour(digits);
      const reason = SANDBOX_DECLINES[last4];
      if (reason) return err(declined(reason));
      if (!isPositiveCents(request.amountCents)) return err(declined('invalid_amount'));
      const saved = await this.store.saveCharge({
        chargeId: `ch_sandbox_${cryptoIdGenerator.uuid()}`,
        idempotencyKey: request.idempotencyKey,
        amountCents: request.amountCents,
        currency: request.currency,
        reference: request.reference,
        last4,
        createdAt: this.now(),
      });
      return ok(await this.answer(saved));
    });
  }

  refund(request: RefundRequest): ResultAsync<Refund, GatewayError> {
    return this.call('refund', async () => {
      const made = await this.store.findRefundByKey(request.idempotencyKey);
      if (made) return ok({ refundId: made.refundId });
      const charge = await this.store.findCharge(request.chargeId);
      if (!charge) return err(declined('unknown_charge'));
      if (charge.currency !== request.currency) return err(declined('currency_mismatch'));
      if (!isPositiveCents(request.amountCents)) return err(declined('invalid_amount'));
      const saved = await this.store.saveRefund({
        refundId: `re_sandbox_${cryptoIdGenerator.uuid()}`,
        chargeId: charge.chargeId,
        idempotencyKey: request.idempotencyKey,
        amountCents: request.amountCents,
        currency: request.currency,
        createdAt: this.now(),
      });
      if (saved === 'exceeds_charge') return err(declined('refund_exceeds_charge'));
      return ok({ refundId: saved.refundId });
    });
  }

  findCharge(idempotencyKey: string): ResultAsync<Charge | undefined, GatewayError> {
    return this.call('findCharge', async () => {
      const made = await this.store.findChargeByKey(idempotencyKey);
      return ok(made && (await this.answer(made)));
    });
  }

  /** The sandbox's record of a charge; undefined for one it never made. */
  async chargeOf(chargeId: string): Promise<SandboxChargeView | undefined> {
    const charge = await this.store.findCharge(chargeId);
    if (!charge) return undefined;
    const { amountCents, currency, reference, last4 } = charge;
    return { amountCents, currency, reference, last4, refundedCents: await this.refundedCents(chargeId) };
  }

  /** A charge as the port answers it: as it stands now, refunds included. */
  private async answer(charge: SandboxCharge): Promise<Charge> {
    const { chargeId, last4, amountCents, currency } = charge;
    return { chargeId, last4, amountCents, currency, refundedCents: await this.refundedCents(chargeId) };
  }

  private async refundedCents(chargeId: string): Promise<number> {
    const refunds = await this.store.refundsOf(chargeId);
    return refunds.reduce((sum, r) => sum + r.amountCents, 0);
  }

  /**
   * Runs one provider call with the next fault queued for it. A store that throws is a provider
   * that cannot be reached.
   */
  private call<T>(
    operation: SandboxOperation,
    work: () => Promise<Result<T, GatewayError>>,
  ): ResultAsync<T, GatewayError> {
    const fault = this.faults.next(operation);
    const run = async (): Promise<Result<T, GatewayError>> => {
      if (fault?.kind === 'fail_before') return err(unavailable);
      const result = await work();
      if (fault?.kind === 'fail_after') return err(unavailable);
      if (fault?.kind === 'delay') await sleep(fault.ms);
      // Only the calls that move money are slow: reconciliation's look-ups stay quick.
      if (this.answerDelayMs > 0 && operation !== 'findCharge') await sleep(this.answerDelayMs);
      return result;
    };
    return ResultAsync.fromPromise(run(), (cause): GatewayError => ({
      kind: 'gateway_unavailable',
      cause,
    })).andThen((result) => result);
  }
}

function isPositiveCents(amountCents: number): boolean {
  return Number.isSafeInteger(amountCents) && amountCents > 0;
}
