import type { DomainError, DomainErrorKind } from '@booking/core';
import type { ServerError, SocketErrorCode } from './protocol';

/** Every domain error kind has its Socket.IO code: a new kind does not compile until it is mapped. */
export const SOCKET_ERROR_CODES: Record<DomainErrorKind, SocketErrorCode> = {
  validation_failed: 'validation_failed',
  forbidden: 'forbidden',
  route_not_found: 'route_not_found',
  ticket_not_found: 'ticket_not_found',
  seat_unavailable: 'seat_unavailable',
  invalid_transition: 'invalid_transition',
  hold_expired: 'hold_expired',
  idempotency_conflict: 'idempotency_conflict',
  payment_declined: 'payment_declined',
  payment_in_progress: 'payment_in_progress',
  payment_gateway_unavailable: 'service_unavailable',
  invalid_segment: 'invalid_segment',
  seat_out_of_range: 'seat_out_of_range',
  route_departed: 'route_departed',
  seat_rule_violation: 'seat_rule_violation',
  hold_limit_reached: 'hold_limit_reached',
  persistence_unavailable: 'service_unavailable',
};

/** The client sees the code and the message for people; causes and details stay in the logs. */
export function protocolErrorOf(error: DomainError): ServerError {
  return { code: SOCKET_ERROR_CODES[error.kind], message: error.message };
}

/** A subscribe_route overtaken by a later subscribe_route or unsubscribe_route of the same route. */
export const cancelled: ServerError = {
  code: 'cancelled',
  message: 'A later subscribe_route or unsubscribe_route for this route replaced this one.',
};

export const internalError: ServerError = {
  code: 'internal_error',
  message: 'Something went wrong on the server; the connection stays open.',
};
