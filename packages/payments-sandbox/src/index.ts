export * from './sandbox-payment-gateway';
export * from './sandbox-ledger-store';
export type { SandboxFault, SandboxOperation } from './sandbox-faults';
