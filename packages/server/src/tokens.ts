/**
 * The inversify tokens of the composition root: one per core port (under which `createContainer`
 * binds its adapter, and a deployment rebinds its own), and one per part of the server itself.
 */
export const TOKENS = {
  RouteRepository: Symbol.for('booking.RouteRepository'),
  TicketRepository: Symbol.for('booking.TicketRepository'),
  HoldRepository: Symbol.for('booking.HoldRepository'),
  SeatEventLog: Symbol.for('booking.SeatEventLog'),
  PaymentRepository: Symbol.for('booking.PaymentRepository'),
  IdempotencyStore: Symbol.for('booking.IdempotencyStore'),
  HistoryLog: Symbol.for('booking.HistoryLog'),
  UnitOfWork: Symbol.for('booking.UnitOfWork'),
  PaymentLocks: Symbol.for('booking.PaymentLocks'),
  SeatNotifier: Symbol.for('booking.SeatNotifier'),
  PaymentGateway: Symbol.for('booking.PaymentGateway'),
  Clock: Symbol.for('booking.Clock'),
  IdGenerator: Symbol.for('booking.IdGenerator'),
  TicketSigner: Symbol.for('booking.TicketSigner'),
  BookingConfig: Symbol.for('booking.BookingConfig'),
  BookingServices: Symbol.for('booking.BookingServices'),
} as const;

/** Tokens of the server's own parts. */
export const SERVER_TOKENS = {
  Config: Symbol.for('booking.server.Config'),
  Logger: Symbol.for('booking.server.Logger'),
  Auth: Symbol.for('booking.server.Auth'),
  Storage: Symbol.for('booking.server.Storage'),
  SeatEventBus: Symbol.for('booking.server.SeatEventBus'),
} as const;
