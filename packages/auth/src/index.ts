export * from './jwt-auth';
export * from './eticket-signer';
