export * from './booking-client';
export * from './boarding';
export * from './manifest';
export * from './departures';
export * from './hold-countdown';
export * from './holds';
export * from './money';
export * from './rest';
export * from './route-watch';
export * from './schedules';
export * from './seat-map-state';
export * from './seats-socket';
export * from './server-clock';
export * from './ticket-changes';
// The wire's types the client's API speaks in, so users need no second import.
export type {
  CancelledTicketJson,
  DepartureView,
  ExchangeResultJson,
  ExchangeTicketBody,
  HistoryEntryJson,
  HistoryJson,
  HoldJson,
  ProtocolError,
  RefundJson,
  RouteJson,
  RouteMove,
  RouteRoomEvent,
  RouteUpdate,
  SalesReportJson,
  SalesReportQuery,
  SeatMapEntryView,
  SeatMapStatus,
  SeatMapView,
  SeatUpdate,
  TicketCorrectionBody,
  TicketPaymentsJson,
  TicketView,
} from '@booking/protocol';
