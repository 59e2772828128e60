import { describe, expect, it } from './jest-globals';
import type { CardDetails } from '../../domain/payment';
import type { ChargeRequest, PaymentGateway } from '../../ports/payment-gateway.port';

/** What the provider holds for a charge (its API or dashboard would show the same). */
export interface ProviderCharge {
  amount: number;
  currency: string;
  reference: string;
  refunded: boolean;
}

/** A gateway under test, and how the test reads the provider's side of a charge. */
export interface GatewayUnderTest extends PaymentGateway {
  /** Undefined for a charge the provider never made. */
  chargeOf(chargeId: string): ProviderCharge | undefined | Promise<ProviderCharge | undefined>;
}

export interface GatewayTestCards {
  /** A card number the gateway charges. */
  accepted: string;
  /** Card numbers it declines, each with the reason it gives. */
  declined: ReadonlyArray<readonly [cardNumber: string, reason: string]>;
}

const CARD: Omit<CardDetails, 'cardNumber'> = {
  cardHolderName: 'ADA LOVELACE',
  expireMonth: 12,
  expireYear: 2035,
  cvc: '987',
};

/**
 * The PaymentGateway port's contract: what the payment service relies on from any provider.
 * `makeGateway` is called once per test.
 */
export function describePaymentGatewayContract(
  name: string,
  makeGateway: () => GatewayUnderTest | Promise<GatewayUnderTest>,
  cards: GatewayTestCards,
): void {
  const request = (cardNumber: string, amount = 19.99): ChargeRequest => ({
    amount,
    currency: 'TRY',
    card: { ...CARD, cardNumber },
    reference: 'ticket-1',
  });
  /** The accepted card as people type it, in groups of four. */
  const spaced = cards.accepted.replace(/(\d{4})(?=\d)/g, '$1 ');

  describe(`PaymentGateway contract: ${name}`, () => {
    it('charges a card: a charge id and the last four digits; the provider holds amount, currency and reference', async () => {
      const gateway = await makeGateway();
      const charge = (await gateway.charge(request(spaced)))._unsafeUnwrap();
      expect(charge).toEqual({ chargeId: expect.any(String), last4: cards.accepted.slice(-4) });
      expect(charge.chargeId).not.toBe('');
      expect(await gateway.chargeOf(charge.chargeId)).toMatchObject({
        amount: 19.99,
        currency: 'TRY',
        reference: 'ticket-1',
        refunded: false,
      });
    });

    it('gives every charge its own id, also for the same request twice', async () => {
      const gateway = await makeGateway();
      const first = (await gateway.charge(request(cards.accepted)))._unsafeUnwrap();
      const second = (await gateway.charge(request(cards.accepted)))._unsafeUnwrap();
      expect(second.chargeId).not.toBe(first.chargeId);
    });

    it('charges exactly the amount asked, to the cent', async () => {
      const gateway = await makeGateway();
      for (const amount of [0.01, 0.1, 0.29, 19.99, 1000, 99_999.99]) {
        const charge = (await gateway.charge(request(cards.accepted, amount)))._unsafeUnwrap();
        expect((await gateway.chargeOf(charge.chargeId))?.amount).toBe(amount);
      }
    });

    it.each(cards.declined)('declines card %s with the reason %s, as a value', async (cardNumber, reason) => {
      const gateway = await makeGateway();
      expect((await gateway.charge(request(cardNumber)))._unsafeUnwrapErr()).toEqual({
        kind: 'declined',
        reason,
      });
    });

    it.each(['12ab', '', '4242', '4242 4242 4242 4242 4242'])(
      'declines the malformed card number "%s" with a reason, as a value',
      async (cardNumber) => {
        const gateway = await makeGateway();
        expect((await gateway.charge(request(cardNumber)))._unsafeUnwrapErr()).toEqual({
          kind: 'declined',
          reason: expect.any(String),
        });
      },
    );

    it('answers a charge with its id and last four digits only, and a decline without the card', async () => {
      const gateway = await makeGateway();
      const charge = (await gateway.charge(request(cards.accepted)))._unsafeUnwrap();
      expect(Object.keys(charge).sort()).toEqual(['chargeId', 'last4']);
      for (const [cardNumber] of cards.declined) {
        const answer = JSON.stringify((await gateway.charge(request(cardNumber)))._unsafeUnwrapErr());
        for (const secret of [cardNumber, cardNumber.replace(/\D/g, ''), CARD.cvc, CARD.cardHolderName]) {
          expect(answer).not.toContain(secret);
        }
      }
    });

    it('refunds a charge once: the provider marks it refunded, a second refund is an error value', async () => {
      const gateway = await makeGateway();
      const { chargeId } = (await gateway.charge(request(cards.accepted)))._unsafeUnwrap();
      expect((await gateway.refund(chargeId)).isOk()).toBe(true);
      expect(await gateway.chargeOf(chargeId)).toMatchObject({ amount: 19.99, refunded: true });
      expect((await gateway.refund(chargeId))._unsafeUnwrapErr()).toMatchObject({ kind: 'declined' });
    });

    it('refuses to refund a charge it never made, as an error value', async () => {
      const gateway = await makeGateway();
      expect((await gateway.refund('ch_never-made'))._unsafeUnwrapErr()).toMatchObject({ kind: 'declined' });
      expect(await gateway.chargeOf('ch_never-made')).toBeUndefined();
    });
  });
}
