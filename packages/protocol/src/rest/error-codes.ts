import type { DomainErrorKind } from '@booking/core';

/**
 * The one table from domain error kind to HTTP status: the REST answers and the OpenAPI document
 * both read it. It is a full `Record`, so a new kind in the core does not compile until it is mapped here.
 */
export const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  validation_failed: 400,
  forbidden: 403,
  route_not_found: 404,
  ticket_not_found: 404,
  seat_unavailable: 409,
  invalid_transition: 409,
  hold_expired: 409,
  hold_not_found: 404,
  schedule_not_found: 404,
  hold_not_extendable: 409,
  hold_mismatch: 422,
  idempotency_conflict: 409,
  route_cancelled: 409,
  payment_required: 402,
  hold_limit_reached: 409,
  not_enough_seats: 409,
  payment_declined: 402,
  payment_in_progress: 409,
  invalid_segment: 422,
  route_departed: 422,
  seat_out_of_range: 422,
  seat_rule_violation: 422,
  not_boardable: 409,
  already_boarded: 409,
  invalid_code: 400,
  payment_gateway_unavailable: 503,
  persistence_unavailable: 503,
};

/** Codes the transport itself answers with (never produced by the core). */
export const TRANSPORT_STATUS = {
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_encoding: 415,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type TransportErrorCode = keyof typeof TRANSPORT_STATUS;
export type ErrorCode = DomainErrorKind | TransportErrorCode;

export function statusOf(code: ErrorCode): number {
  return code in STATUS_BY_KIND
    ? STATUS_BY_KIND[code as DomainErrorKind]
    : TRANSPORT_STATUS[code as TransportErrorCode];
}
