import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { lastFour } from '../domain/payment';
import { cryptoIdGenerator } from '../adapters';
import type {
  Charge,
  ChargeRequest,
  GatewayError,
  PaymentGateway,
  Refund,
  RefundRequest,
} from '../ports/payment-gateway.port';

/**
 * The test cards, by their last four digits, and the reason each is declined with. They are the
 * sandbox gateway's (`@booking/payments-sandbox`), so a test reads the same in memory and against
 * the running server; that package's tests check the two lists agree.
 */
export const TEST_CARD_DECLINES: Readonly<Record<string, string>> = {
  '1111': 'insufficient_funds',
  '2222': 'invalid_card',
};

export interface RecordedCharge {
  chargeId: string;
  amountCents: number;
  currency: string;
  reference: string;
  last4: string;
  idempotencyKey: string;
  refundedCents: number;
}

/** How the next charge goes wrong: before anything is charged, or after (the answer is lost). */
export type ChargeFault = 'before_charge' | 'after_charge';

/**
 * A payment gateway for tests: it declines the test cards and any number that is not 12-19 digits,
 * charges every other card once per idempotency key, refunds in part or in full once per key, and
 * keeps each charge (last four digits only) for the test to inspect.
 */
export class RecordingPaymentGateway implements PaymentGateway {
  readonly charges: RecordedCharge[] = [];
  private readonly refunds = new Map<string, Refund>();
  /** Set to false to simulate a payment provider outage. */
  available = true;
  /** Makes the next charge fail this way (then clears itself). */
  failNext: ChargeFault | undefined;

  charge(request: ChargeRequest): ResultAsync<Charge, GatewayError> {
    const fault = this.failNext;
    this.failNext = undefined;
    if (!this.available || fault === 'before_charge') return errAsync({ kind: 'gateway_unavailable' });
    const earlier = this.charges.find((c) => c.idempotencyKey === request.idempotencyKey);
    if (earlier) return okAsync(answer(earlier));
    const digits = request.card.cardNumber.replace(/[\s-]/g, '');
    if (!/^\d{12,19}$/.test(digits)) return errAsync({ kind: 'declined', reason: 'invalid_card' });
    const last4 = lastFour(digits);
    const reason = TEST_CARD_DECLINES[last4];
    if (reason) return errAsync({ kind: 'declined', reason });
    const { amountCents, currency, reference, idempotencyKey } = request;
    const charge = {
      chargeId: `ch_${cryptoIdGenerator.uuid()}`,
      last4,
      amountCents,
      currency,
      refundedCents: 0,
    };
    this.charges.push({ ...charge, reference, idempotencyKey });
    if (fault === 'after_charge') return errAsync({ kind: 'gateway_unavailable', cause: 'answer lost' });
    return okAsync(answer(charge));
  }

  refund(request: RefundRequest): ResultAsync<Refund, GatewayError> {
    if (!this.available) return errAsync({ kind: 'gateway_unavailable' });
    const done = this.refunds.get(request.idempotencyKey);
    if (done) return okAsync(done);
    const charge = this.chargeOf(request.chargeId);
    if (!charge) return errAsync({ kind: 'declined', reason: 'unknown_charge' });
    const left = charge.amountCents - charge.refundedCents;
    if (
      !Number.isSafeInteger(request.amountCents) ||
      request.amountCents <= 0 ||
      request.amountCents > left
    ) {
      return errAsync({ kind: 'declined', reason: 'refund_exceeds_charge' });
    }
    charge.refundedCents += request.amountCents;
    const refund = { refundId: `re_${cryptoIdGenerator.uuid()}` };
    this.refunds.set(request.idempotencyKey, refund);
    return okAsync(refund);
  }

  findCharge(idempotencyKey: string): ResultAsync<Charge | undefined, GatewayError> {
    if (!this.available) return errAsync({ kind: 'gateway_unavailable' });
    const charge = this.charges.find((c) => c.idempotencyKey === idempotencyKey);
    return okAsync(charge && answer(charge));
  }

  chargeOf(chargeId: string): RecordedCharge | undefined {
    return this.charges.find((c) => c.chargeId === chargeId);
  }

  /** Charges with money kept: not refunded in full. */
  get settled(): RecordedCharge[] {
    return this.charges.filter((c) => c.refundedCents < c.amountCents);
  }
}

function answer({ chargeId, last4, amountCents, currency, refundedCents }: Charge): Charge {
  return { chargeId, last4, amountCents, currency, refundedCents };
}
