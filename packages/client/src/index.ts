export * from './booking-client';
export * from './hold-countdown';
export * from './holds';
export * from './rest';
export * from './route-watch';
export * from './seat-map-state';
export * from './seats-socket';
export * from './server-clock';
