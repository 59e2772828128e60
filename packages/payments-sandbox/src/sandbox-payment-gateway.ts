import {
  cryptoIdGenerator,
  lastFour,
  type Charge,
  type ChargeRequest,
  type GatewayError,
  type PaymentGateway,
} from '@booking/core';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';

/** The sandbox's test cards, by their last four digits, and the reason each is declined with. */
export const SANDBOX_DECLINES: Readonly<Record<string, string>> = {
  '1111': 'insufficient_funds',
  '2222': 'invalid_card',
};

/** A charge as the sandbox holds it: no card data but the last four digits. */
export interface SandboxCharge {
  amount: number;
  currency: string;
  reference: string;
  last4: string;
  refunded: boolean;
}

/**
 * A payment provider's sandbox, in memory: a card ending in 1111 is declined (`insufficient_funds`),
 * one ending in 2222 too (`invalid_card`), as is a number that is not 12-19 digits (spaces and dashes
 * allowed); any other card is charged. No money moves; a charge can be refunded once.
 */
export class SandboxPaymentGateway implements PaymentGateway {
  private readonly charges = new Map<string, SandboxCharge>();

  charge(request: ChargeRequest): ResultAsync<Charge, GatewayError> {
    const digits = request.card.cardNumber.replace(/[\s-]/g, '');
    if (!/^\d{12,19}$/.test(digits)) return errAsync({ kind: 'declined', reason: 'invalid_card' });
    const last4 = lastFour(digits);
    const reason = SANDBOX_DECLINES[last4];
    if (reason) return errAsync({ kind: 'declined', reason });
    const chargeId = `ch_sandbox_${cryptoIdGenerator.uuid()}`;
    const { amount, currency, reference } = request;
    this.charges.set(chargeId, { amount, currency, reference, last4, refunded: false });
    return okAsync({ chargeId, last4 });
  }

  refund(chargeId: string): ResultAsync<void, GatewayError> {
    const charge = this.charges.get(chargeId);
    if (!charge || charge.refunded) return errAsync({ kind: 'declined', reason: 'unknown_charge' });
    charge.refunded = true;
    return okAsync(undefined);
  }

  /** The sandbox's record of a charge, as a provider's dashboard would show it. */
  chargeOf(chargeId: string): SandboxCharge | undefined {
    const charge = this.charges.get(chargeId);
    return charge && { ...charge };
  }
}
