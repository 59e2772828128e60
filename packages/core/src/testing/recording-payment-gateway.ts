import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { lastFour } from '../domain/payment';
import { cryptoIdGenerator } from '../adapters';
import type { Charge, ChargeRequest, GatewayError, PaymentGateway } from '../ports/payment-gateway.port';

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
  amount: number;
  currency: string;
  reference: string;
  last4: string;
  refunded: boolean;
}

/**
 * A payment gateway for tests: it declines the test cards and any number that is not 12-19 digits,
 * charges every other card, and keeps each charge (last four digits only) for the test to inspect.
 */
export class RecordingPaymentGateway implements PaymentGateway {
  readonly charges: RecordedCharge[] = [];
  /** Set to false to simulate a payment provider outage. */
  available = true;

  charge(request: ChargeRequest): ResultAsync<Charge, GatewayError> {
    if (!this.available) return errAsync({ kind: 'gateway_unavailable' });
    const digits = request.card.cardNumber.replace(/[\s-]/g, '');
    if (!/^\d{12,19}$/.test(digits)) return errAsync({ kind: 'declined', reason: 'invalid_card' });
    const last4 = lastFour(digits);
    const reason = TEST_CARD_DECLINES[last4];
    if (reason) return errAsync({ kind: 'declined', reason });
    const charge = { chargeId: `ch_${cryptoIdGenerator.uuid()}`, last4 };
    const { amount, currency, reference } = request;
    this.charges.push({ ...charge, amount, currency, reference, refunded: false });
    return okAsync(charge);
  }

  refund(chargeId: string): ResultAsync<void, GatewayError> {
    const charge = this.chargeOf(chargeId);
    if (!charge || charge.refunded) return errAsync({ kind: 'declined', reason: 'unknown_charge' });
    charge.refunded = true;
    return okAsync(undefined);
  }

  chargeOf(chargeId: string): RecordedCharge | undefined {
    return this.charges.find((c) => c.chargeId === chargeId);
  }

  /** Money kept: charges not refunded. */
  get settled(): RecordedCharge[] {
    return this.charges.filter((c) => !c.refunded);
  }
}
