/** Dependency-injection tokens, one per port, for containers such as inversify. */
export const TOKENS = {
  RouteRepository: Symbol.for('booking.RouteRepository'),
  TicketRepository: Symbol.for('booking.TicketRepository'),
  SeatEventLog: Symbol.for('booking.SeatEventLog'),
  PaymentRepository: Symbol.for('booking.PaymentRepository'),
  IdempotencyStore: Symbol.for('booking.IdempotencyStore'),
  UnitOfWork: Symbol.for('booking.UnitOfWork'),
  PaymentLocks: Symbol.for('booking.PaymentLocks'),
  SeatNotifier: Symbol.for('booking.SeatNotifier'),
  PaymentGateway: Symbol.for('booking.PaymentGateway'),
  Clock: Symbol.for('booking.Clock'),
  IdGenerator: Symbol.for('booking.IdGenerator'),
  BookingConfig: Symbol.for('booking.BookingConfig'),
  BookingServices: Symbol.for('booking.BookingServices'),
} as const;
