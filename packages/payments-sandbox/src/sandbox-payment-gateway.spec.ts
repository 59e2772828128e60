import { describe, expect, it } from '@jest/globals';
import { describePaymentGatewayContract, TEST_CARD_DECLINES } from '@booking/core/testing';
import { SANDBOX_DECLINES, SandboxPaymentGateway } from './sandbox-payment-gateway';

// #region contract
describePaymentGatewayContract('sandbox', () => new SandboxPaymentGateway(), {
  accepted: '4242424242424242',
  declined: [
    ['4000 0000 0000 1111', 'insufficient_funds'],
    ['4000-0000-0000-2222', 'invalid_card'],
  ],
});
// #endregion contract

describe('the sandbox test cards', () => {
  it('are the cards the core tests decline in memory, so a test reads the same on both', () => {
    expect(SANDBOX_DECLINES).toEqual(TEST_CARD_DECLINES);
  });
});
