import type { DomainErrorKind } from '@booking/core';
import { z } from 'zod';

/** Every `code` the server may put in an `error` event or a failed acknowledgement. */
export const SOCKET_ERROR_CODES = [
  'validation_failed',
  'route_not_found',
  'rate_limited',
  'too_many_subscriptions',
  'cancelled',
  'unauthorized',
  'forbidden',
  'ticket_not_found',
  'seat_unavailable',
  'invalid_transition',
  'hold_expired',
  'hold_not_found',
  'schedule_not_found',
  'hold_not_extendable',
  'hold_mismatch',
  'idempotency_conflict',
  'payment_declined',
  'payment_in_progress',
  'invalid_segment',
  'seat_out_of_range',
  'route_departed',
  'route_cancelled',
  'payment_required',
  'seat_rule_violation',
  'hold_limit_reached',
  'not_enough_seats',
  'not_boardable',
  'already_boarded',
  'invalid_code',
  'service_unavailable',
  'internal_error',
] as const;
export type SocketErrorCode = (typeof SOCKET_ERROR_CODES)[number];

/** Every domain error kind has its Socket.IO code: a new kind does not compile until it is mapped. */
export const SOCKET_CODE_BY_KIND: Record<DomainErrorKind, SocketErrorCode> = {
  validation_failed: 'validation_failed',
  forbidden: 'forbidden',
  route_not_found: 'route_not_found',
  ticket_not_found: 'ticket_not_found',
  seat_unavailable: 'seat_unavailable',
  invalid_transition: 'invalid_transition',
  hold_expired: 'hold_expired',
  hold_not_found: 'hold_not_found',
  schedule_not_found: 'schedule_not_found',
  hold_not_extendable: 'hold_not_extendable',
  hold_mismatch: 'hold_mismatch',
  idempotency_conflict: 'idempotency_conflict',
  payment_declined: 'payment_declined',
  payment_in_progress: 'payment_in_progress',
  payment_gateway_unavailable: 'service_unavailable',
  invalid_segment: 'invalid_segment',
  seat_out_of_range: 'seat_out_of_range',
  route_departed: 'route_departed',
  route_cancelled: 'route_cancelled',
  payment_required: 'payment_required',
  seat_rule_violation: 'seat_rule_violation',
  hold_limit_reached: 'hold_limit_reached',
  not_enough_seats: 'not_enough_seats',
  not_boardable: 'not_boardable',
  already_boarded: 'already_boarded',
  invalid_code: 'invalid_code',
  persistence_unavailable: 'service_unavailable',
};

/** An error as the server sends it, in an `error` event or a failed acknowledgement. */
export const socketErrorSchema = z
  .object({
    code: z.enum(SOCKET_ERROR_CODES).meta({ description: 'A snake_case code, stable for programs.' }),
    message: z.string().meta({ description: 'For people; may change.' }),
  })
  .meta({ id: 'SocketError' });

export type ServerError = z.output<typeof socketErrorSchema>;

/** An error as a client handles it: the server's codes, or a client's own for local failures (`timeout`). */
export interface ProtocolError {
  code: string;
  message: string;
}
