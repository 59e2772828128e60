export * from './jwt-auth';
