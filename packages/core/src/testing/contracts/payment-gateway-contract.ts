import { describe, expect, it } from './jest-globals';
import { cryptoIdGenerator } from '../../adapters';
import type { CardDetails } from '../../domain/payment';
import type { ChargeRequest, PaymentGateway, RefundRequest } from '../../ports/payment-gateway.port';

/** What the provider holds for a charge (its API or dashboard would show the same). */
export interface ProviderCharge {
  amountCents: number;
  currency: string;
  reference: string;
  /** The sum of the charge's refunds so far. */
  refundedCents: number;
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
 * Charges and refunds carry idempotency keys: a call repeated with its key (after a timeout or a
 * crash) has had its effect once, and answers as the first did. `makeGateway` is called once per
 * test.
 */
export function describePaymentGatewayContract(
  name: string,
  makeGateway: () => GatewayUnderTest | Promise<GatewayUnderTest>,
  cards: GatewayTestCards,
): void {
  const newKey = () => cryptoIdGenerator.uuid();
  const request = (cardNumber: string, overrides: Partial<ChargeRequest> = {}): ChargeRequest => ({
    amountCents: 1999,
    currency: 'TRY',
    card: { ...CARD, cardNumber },
    reference: 'ticket-1',
    idempotencyKey: newKey(),
    ...overrides,
  });
  const refundOf = (chargeId: string, amountCents: number, idempotencyKey = newKey()): RefundRequest => ({
    chargeId,
    amountCents,
    currency: 'TRY',
    idempotencyKey,
  });
  /** The accepted card as people type it, in groups of four. */
  const spaced = cards.accepted.replace(/(\d{4})(?=\d)/g, '$1 ');
  const charged = async (gateway: GatewayUnderTest, overrides: Partial<ChargeRequest> = {}) =>
    (await gateway.charge(request(cards.accepted, overrides)))._unsafeUnwrap();

  describe(`PaymentGateway contract: ${name}`, () => {
    describe('charge', () => {
      it('charges a card: a charge id, the last four digits, the amount and currency; the provider holds them and the reference', async () => {
        const gateway = await makeGateway();
        const charge = (await gateway.charge(request(spaced)))._unsafeUnwrap();
        expect(charge).toEqual({
          chargeId: expect.any(String),
          last4: cards.accepted.slice(-4),
          amountCents: 1999,
          currency: 'TRY',
          refundedCents: 0,
        });
        expect(charge.chargeId).not.toBe('');
        expect(await gateway.chargeOf(charge.chargeId)).toMatchObject({
          amountCents: 1999,
          currency: 'TRY',
          reference: 'ticket-1',
          refundedCents: 0,
        });
      });

      it('gives every idempotency key its own charge, also for the same card and amount', async () => {
        const gateway = await makeGateway();
        const first = await charged(gateway);
        const second = await charged(gateway);
        expect(second.chargeId).not.toBe(first.chargeId);
      });

      it('charges an idempotency key once: a repeat answers the first charge, even with another card or amount', async () => {
        const gateway = await makeGateway();
        const idempotencyKey = newKey();
        const first = await charged(gateway, { idempotencyKey });
        expect(await charged(gateway, { idempotencyKey })).toEqual(first);
        const other = request('5555555555554444', {
          idempotencyKey,
          amountCents: 500,
          reference: 'ticket-2',
        });
        expect((await gateway.charge(other))._unsafeUnwrap()).toEqual(first);
        expect(await gateway.chargeOf(first.chargeId)).toMatchObject({
          amountCents: 1999,
          reference: 'ticket-1',
        });
      });

      it('charges an idempotency key once when the same request arrives twice at the same time', async () => {
        const gateway = await makeGateway();
        const same = request(cards.accepted);
        const [a, b] = await Promise.all([gateway.charge(same), gateway.charge(same)]);
        expect(a._unsafeUnwrap()).toEqual(b._unsafeUnwrap());
        expect((await gateway.findCharge(same.idempotencyKey))._unsafeUnwrap()).toEqual(a._unsafeUnwrap());
      });

      it('charges exactly the cents asked', async () => {
        const gateway = await makeGateway();
        for (const amountCents of [1, 10, 29, 1999, 100_000, 9_999_999]) {
          const charge = await charged(gateway, { amountCents });
          expect(charge.amountCents).toBe(amountCents);
          expect((await gateway.chargeOf(charge.chargeId))?.amountCents).toBe(amountCents);
        }
      });

      it.each(cards.declined)(
        'declines card %s with the reason %s, as a value, and keeps no charge',
        async (cardNumber, reason) => {
          const gateway = await makeGateway();
          const declined = request(cardNumber);
          expect((await gateway.charge(declined))._unsafeUnwrapErr()).toEqual({ kind: 'declined', reason });
          expect((await gateway.findCharge(declined.idempotencyKey))._unsafeUnwrap()).toBeUndefined();
        },
      );

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

      it('answers a charge without the card but its last four digits, and a decline without the card', async () => {
        const gateway = await makeGateway();
        const charge = await charged(gateway);
        expect(Object.keys(charge).sort()).toEqual([
          'amountCents',
          'chargeId',
          'currency',
          'last4',
          'refundedCents',
        ]);
        for (const [cardNumber] of cards.declined) {
          const answer = JSON.stringify((await gateway.charge(request(cardNumber)))._unsafeUnwrapErr());
          for (const secret of [cardNumber, cardNumber.replace(/\D/g, ''), CARD.cvc, CARD.cardHolderName]) {
            expect(answer).not.toContain(secret);
          }
        }
      });
    });

    describe('findCharge', () => {
      it('finds the charge made with an idempotency key, as the charge answered it', async () => {
        const gateway = await makeGateway();
        const idempotencyKey = newKey();
        const charge = await charged(gateway, { idempotencyKey });
        expect((await gateway.findCharge(idempotencyKey))._unsafeUnwrap()).toEqual(charge);
      });

      it('answers the charge as it stands: what was refunded since, also to a repeat of the charge', async () => {
        const gateway = await makeGateway();
        const idempotencyKey = newKey();
        const charge = await charged(gateway, { idempotencyKey });
        (await gateway.refund(refundOf(charge.chargeId, 500)))._unsafeUnwrap();
        const now = { ...charge, refundedCents: 500 };
        expect((await gateway.findCharge(idempotencyKey))._unsafeUnwrap()).toEqual(now);
        expect(await charged(gateway, { idempotencyKey })).toEqual(now);
      });

      it('answers undefined for a key it never charged', async () => {
        const gateway = await makeGateway();
        await charged(gateway);
        expect((await gateway.findCharge(newKey()))._unsafeUnwrap()).toBeUndefined();
      });
    });

    describe('refund', () => {
      it('refunds part of a charge, then the rest; the provider counts what went back', async () => {
        const gateway = await makeGateway();
        const { chargeId } = await charged(gateway);
        const first = (await gateway.refund(refundOf(chargeId, 500)))._unsafeUnwrap();
        expect(first).toEqual({ refundId: expect.any(String) });
        expect(await gateway.chargeOf(chargeId)).toMatchObject({ amountCents: 1999, refundedCents: 500 });
        const rest = (await gateway.refund(refundOf(chargeId, 1499)))._unsafeUnwrap();
        expect(rest.refundId).not.toBe(first.refundId);
        expect(await gateway.chargeOf(chargeId)).toMatchObject({ amountCents: 1999, refundedCents: 1999 });
      });

      it('refunds an idempotency key once: a repeat answers the first refund', async () => {
        const gateway = await makeGateway();
        const { chargeId } = await charged(gateway);
        const once = refundOf(chargeId, 700);
        const first = (await gateway.refund(once))._unsafeUnwrap();
        expect((await gateway.refund(once))._unsafeUnwrap()).toEqual(first);
        expect(await gateway.chargeOf(chargeId)).toMatchObject({ refundedCents: 700 });
      });

      it('refunds an idempotency key once when the same refund arrives twice at the same time', async () => {
        const gateway = await makeGateway();
        const { chargeId } = await charged(gateway);
        const once = refundOf(chargeId, 1999);
        const [a, b] = await Promise.all([gateway.refund(once), gateway.refund(once)]);
        expect(a._unsafeUnwrap()).toEqual(b._unsafeUnwrap());
        expect(await gateway.chargeOf(chargeId)).toMatchObject({ refundedCents: 1999 });
      });

      it('declines a refund of more than is left of the charge (refund_exceeds_charge), refunding nothing', async () => {
        const gateway = await makeGateway();
        const { chargeId } = await charged(gateway);
        expect((await gateway.refund(refundOf(chargeId, 2000)))._unsafeUnwrapErr()).toEqual({
          kind: 'declined',
          reason: 'refund_exceeds_charge',
        });
        (await gateway.refund(refundOf(chargeId, 1000)))._unsafeUnwrap();
        expect((await gateway.refund(refundOf(chargeId, 1000)))._unsafeUnwrapErr()).toEqual({
          kind: 'declined',
          reason: 'refund_exceeds_charge',
        });
        expect(await gateway.chargeOf(chargeId)).toMatchObject({ refundedCents: 1000 });
      });

      it('never refunds more than the charge when refunds under different keys race', async () => {
        const gateway = await makeGateway();
        const { chargeId } = await charged(gateway);
        const results = await Promise.all([1, 2, 3].map(() => gateway.refund(refundOf(chargeId, 1000))));
        expect(results.filter((r) => r.isOk())).toHaveLength(1);
        for (const refused of results.filter((r) => r.isErr())) {
          expect(refused._unsafeUnwrapErr()).toEqual({ kind: 'declined', reason: 'refund_exceeds_charge' });
        }
        expect(await gateway.chargeOf(chargeId)).toMatchObject({ refundedCents: 1000 });
      });

      it('declines a refund of a charge it never made (unknown_charge), as a value', async () => {
        const gateway = await makeGateway();
        expect((await gateway.refund(refundOf('ch_never-made', 100)))._unsafeUnwrapErr()).toEqual({
          kind: 'declined',
          reason: 'unknown_charge',
        });
        expect(await gateway.chargeOf('ch_never-made')).toBeUndefined();
      });
    });
  });
}
