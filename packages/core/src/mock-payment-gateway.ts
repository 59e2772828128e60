import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { lastFour } from './domain/payment';
import { cryptoIdGenerator } from './adapters';
import type { Charge, ChargeRequest, GatewayError, PaymentGateway } from './ports/payment-gateway.port';

/** Card numbers whose last four digits make the mock gateway decline, and why. */
export const DECLINING_CARDS: Readonly<Record<string, string>> = {
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
 * The contract's mock gateway: a card ending in 1111 is declined (`insufficient_funds`), one ending
 * in 2222 too (`invalid_card`), any other 12-19 digit number succeeds. It keeps the last four digits only.
 */
export class MockPaymentGateway implements PaymentGateway {
  readonly charges: RecordedCharge[] = [];
  /** Set to false to simulate a payment provider outage. */
  available = true;

  charge(request: ChargeRequest): ResultAsync<Charge, GatewayError> {
    if (!this.available) return errAsync({ kind: 'gateway_unavailable' });
    const digits = request.card.cardNumber.replace(/[\s-]/g, '');
    if (!/^\d{12,19}$/.test(digits)) return errAsync({ kind: 'declined', reason: 'invalid_card' });
    const last4 = lastFour(digits);
    const reason = DECLINING_CARDS[last4];
    if (reason) return errAsync({ kind: 'declined', reason });
    const charge = { chargeId: `ch_${cryptoIdGenerator.uuid()}`, last4 };
    this.charges.push({
      ...charge,
      amount: request.amount,
      currency: request.currency,
      reference: request.reference,
      refunded: false,
    });
    return okAsync(charge);
  }

  refund(chargeId: string): ResultAsync<void, GatewayError> {
    const charge = this.charges.find((c) => c.chargeId === chargeId);
    if (!charge || charge.refunded) return errAsync({ kind: 'declined', reason: 'unknown_charge' });
    charge.refunded = true;
    return okAsync(undefined);
  }

  /** Money kept: charges not refunded. */
  get settled(): RecordedCharge[] {
    return this.charges.filter((c) => !c.refunded);
  }
}
