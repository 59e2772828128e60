export * from './booking-client';
export * from './hold-countdown';
export * from './holds';
export * from './rest';
export * from './route-watch';
export * from './seat-map-state';
export * from './seats-socket';
export * from './server-clock';
// The wire's types the client's API speaks in, so users need no second import.
export type {
  HoldJson,
  ProtocolError,
  SeatMapEntryView,
  SeatMapStatus,
  SeatMapView,
  SeatUpdate,
  TicketView,
} from '@booking/protocol';
