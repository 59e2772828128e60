export * from './booking-client';
export * from './route-watch';
export * from './seat-map-state';
export * from './seats-socket';
