import { describePaymentGatewayContract } from './contracts/payment-gateway-contract';
import { RecordingPaymentGateway, TEST_CARD_DECLINES } from './recording-payment-gateway';

describePaymentGatewayContract(
  'the recording gateway of the core tests',
  () => new RecordingPaymentGateway(),
  {
    accepted: '4242424242424242',
    declined: Object.entries(TEST_CARD_DECLINES).map(([last4, reason]) => [`400000000000${last4}`, reason]),
  },
);
