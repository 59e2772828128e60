import { describe, expect, it } from '@jest/globals';
import { refundText } from './refund-text';

describe('the refund as the page confirms a cancellation', () => {
  it('names the refund and the fee, summed over the tickets, to the cent', () => {
    expect(
      refundText([
        { refund: { amount: 22.5, fee: 7.5, currency: 'EUR' } },
        { refund: { amount: 0.1, fee: 0.2, currency: 'EUR' } },
      ]),
    ).toBe('Refunded 22.60 EUR to your card; cancellation fee 7.70 EUR.');
  });

  it('says when no fee was kept', () => {
    expect(refundText([{ refund: { amount: 30, fee: 0, currency: 'EUR' } }])).toBe(
      'Refunded 30.00 EUR to your card, no cancellation fee.',
    );
  });

  it('says nothing when no ticket had been paid for', () => {
    expect(refundText([{}, {}])).toBe('');
  });
});
