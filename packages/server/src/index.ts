export * from './booking-server';
export * from './config';
export * from './container';
export * from './logger';
export * from './tokens';
