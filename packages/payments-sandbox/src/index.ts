export * from './sandbox-payment-gateway';
