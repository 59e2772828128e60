// The container (createContainer) stays inside: its inversify types would reach every consumer, and
// inversify's types resolve only through its exports map, not under `module: commonjs` (node10).
export * from './booking-server';
export * from './config';
export * from './logger';
export * from './tokens';
