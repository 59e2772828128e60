/**
 * Every expected failure of the booking domain, as plain data. `kind` is the contract's error code,
 * so transports map kinds to statuses with one exhaustive table.
 */
export type DomainError =
  | { kind: 'validation_failed'; message: string; details?: unknown }
  | { kind: 'forbidden'; message: string }
  | { kind: 'route_not_found'; message: string; routeId: string }
  | { kind: 'ticket_not_found'; message: string; ticketId: string }
  | { kind: 'seat_unavailable'; message: string; seatNumbers: number[] }
  | { kind: 'invalid_transition'; message: string; from: string; action: string }
  | { kind: 'hold_expired'; message: string; ticketId?: string; holdId?: string }
  | { kind: 'hold_not_found'; message: string; holdId: string }
  | { kind: 'schedule_not_found'; message: string; scheduleId: string }
  | { kind: 'hold_not_extendable'; message: string; holdId: string }
  | { kind: 'hold_mismatch'; message: string; holdId: string }
  | { kind: 'idempotency_conflict'; message: string; key: string }
  | { kind: 'payment_declined'; message: string; reason: string }
  | { kind: 'payment_in_progress'; message: string; ticketId: string }
  | { kind: 'payment_gateway_unavailable'; message: string; cause?: unknown }
  | { kind: 'invalid_segment'; message: string }
  | { kind: 'seat_out_of_range'; message: string; seatNumber: number; seatCount: number }
  | { kind: 'route_departed'; message: string; routeId: string }
  | { kind: 'route_cancelled'; message: string; routeId: string }
  | { kind: 'payment_required'; message: string; amount: number; currency: string }
  | { kind: 'seat_rule_violation'; message: string; rule: string }
  | { kind: 'hold_limit_reached'; message: string; limit: number }
  | { kind: 'not_enough_seats'; message: string; requested: number; available: number }
  | { kind: 'not_boardable'; message: string; ticketId: string; reason: string }
  | { kind: 'already_boarded'; message: string; ticketId: string; boardedAt: string }
  | { kind: 'invalid_code'; message: string }
  | { kind: 'persistence_unavailable'; message: string; cause?: unknown };

export type DomainErrorKind = DomainError['kind'];
export type ErrorOf<K extends DomainErrorKind> = Extract<DomainError, { kind: K }>;

/**
 * Storage failures every port may return: the database is unavailable, or it refused a value the
 * caller gave (text it cannot store, a number out of range), which is the caller's error, not an outage.
 */
export type PersistenceError = ErrorOf<'persistence_unavailable'> | ErrorOf<'validation_failed'>;

export const errors = {
  validationFailed: (message: string, details?: unknown): ErrorOf<'validation_failed'> => ({
    kind: 'validation_failed',
    message,
    ...(details === undefined ? {} : { details }),
  }),
  forbidden: (message = 'Your role may not do this.'): ErrorOf<'forbidden'> => ({
    kind: 'forbidden',
    message,
  }),
  routeNotFound: (routeId: string): ErrorOf<'route_not_found'> => ({
    kind: 'route_not_found',
    message: `Route ${routeId} does not exist.`,
    routeId,
  }),
  ticketNotFound: (ticketId: string): ErrorOf<'ticket_not_found'> => ({
    kind: 'ticket_not_found',
    message: `Ticket ${ticketId} does not exist.`,
    ticketId,
  }),
  seatUnavailable: (seatNumbers: number[]): ErrorOf<'seat_unavailable'> => ({
    kind: 'seat_unavailable',
    message: `Seat ${seatNumbers.join(', ')} is already taken on this segment.`,
    seatNumbers,
  }),
  invalidTransition: (from: string, action: string, why?: string): ErrorOf<'invalid_transition'> => ({
    kind: 'invalid_transition',
    message: why ?? `A ${from} ticket cannot be ${pastTense(action)}.`,
    from,
    action,
  }),
  holdExpired: (ticketId: string): ErrorOf<'hold_expired'> => ({
    kind: 'hold_expired',
    message: `The reservation hold of ticket ${ticketId} has run out.`,
    ticketId,
  }),
  seatHoldOver: (holdId: string, status: string): ErrorOf<'hold_expired'> => ({
    kind: 'hold_expired',
    message:
      status === 'converted'
        ? `Hold ${holdId} was already turned into tickets.`
        : `Hold ${holdId} is ${status === 'active' ? 'past its time' : status}; hold the seats again.`,
    holdId,
  }),
  scheduleNotFound: (scheduleId: string): ErrorOf<'schedule_not_found'> => ({
    kind: 'schedule_not_found',
    message: `Schedule ${scheduleId} does not exist.`,
    scheduleId,
  }),
  holdNotFound: (holdId: string): ErrorOf<'hold_not_found'> => ({
    kind: 'hold_not_found',
    message: `Hold ${holdId} does not exist.`,
    holdId,
  }),
  holdNotExtendable: (holdId: string): ErrorOf<'hold_not_extendable'> => ({
    kind: 'hold_not_extendable',
    message: `Hold ${holdId} was already extended once; book its seats or hold them again.`,
    holdId,
  }),
  holdMismatch: (holdId: string, held: readonly number[]): ErrorOf<'hold_mismatch'> => ({
    kind: 'hold_mismatch',
    message: `Hold ${holdId} is for seats ${held.join(', ')}: give exactly one passenger for each of them.`,
    holdId,
  }),
  idempotencyConflict: (key: string): ErrorOf<'idempotency_conflict'> => ({
    kind: 'idempotency_conflict',
    message: `Idempotency-Key ${key} was already used with a different request.`,
    key,
  }),
  paymentDeclined: (reason: string): ErrorOf<'payment_declined'> => ({
    kind: 'payment_declined',
    message: `The payment was declined (${reason}).`,
    reason,
  }),
  paymentInProgress: (ticketId: string): ErrorOf<'payment_in_progress'> => ({
    kind: 'payment_in_progress',
    message: `Another payment for ticket ${ticketId} is being processed; nothing was charged. Check the ticket before trying again.`,
    ticketId,
  }),
  paymentGatewayUnavailable: (cause?: unknown): ErrorOf<'payment_gateway_unavailable'> => ({
    kind: 'payment_gateway_unavailable',
    message: 'The payment provider cannot be reached; nothing was charged. Try again shortly.',
    ...(cause === undefined ? {} : { cause }),
  }),
  invalidSegment: (message: string): ErrorOf<'invalid_segment'> => ({ kind: 'invalid_segment', message }),
  seatOutOfRange: (seatNumber: number, seatCount: number): ErrorOf<'seat_out_of_range'> => ({
    kind: 'seat_out_of_range',
    message: `Seat ${seatNumber} does not exist: this bus has seats 1 to ${seatCount}.`,
    seatNumber,
    seatCount,
  }),
  routeDeparted: (routeId: string): ErrorOf<'route_departed'> => ({
    kind: 'route_departed',
    message: `Route ${routeId} has departed; its seats are no longer sold.`,
    routeId,
  }),
  routeCancelled: (routeId: string): ErrorOf<'route_cancelled'> => ({
    kind: 'route_cancelled',
    message: `Route ${routeId} is cancelled; its seats are no longer sold or held.`,
    routeId,
  }),
  paymentRequired: (amount: number, currency: string): ErrorOf<'payment_required'> => ({
    kind: 'payment_required',
    message: `The new trip costs ${amount} ${currency} more: send a card to pay the difference.`,
    amount,
    currency,
  }),
  seatRuleViolation: (rule: string, message: string): ErrorOf<'seat_rule_violation'> => ({
    kind: 'seat_rule_violation',
    message,
    rule,
  }),
  holdLimitReached: (limit: number): ErrorOf<'hold_limit_reached'> => ({
    kind: 'hold_limit_reached',
    message: `A customer may hold at most ${limit} unpaid seats at once; pay for or cancel one first.`,
    limit,
  }),
  notEnoughSeats: (requested: number, available: number): ErrorOf<'not_enough_seats'> => ({
    kind: 'not_enough_seats',
    message: `Asked for ${seats(requested)}, but ${howManyFree(available)} on this segment.`,
    requested,
    available,
  }),
  notBoardable: (ticketId: string, reason: string): ErrorOf<'not_boardable'> => ({
    kind: 'not_boardable',
    message: `Ticket ${ticketId} may not board: ${reason}.`,
    ticketId,
    reason,
  }),
  alreadyBoarded: (ticketId: string, boardedAt: string): ErrorOf<'already_boarded'> => ({
    kind: 'already_boarded',
    message: `Ticket ${ticketId} boarded at ${boardedAt} already.`,
    ticketId,
    boardedAt,
  }),
  invalidCode: (
    message = 'The e-ticket code is not valid: its signature, key or form is wrong.',
  ): ErrorOf<'invalid_code'> => ({
    kind: 'invalid_code',
    message,
  }),
  persistenceUnavailable: (cause?: unknown): ErrorOf<'persistence_unavailable'> => ({
    kind: 'persistence_unavailable',
    message: 'The booking database is unavailable; try again shortly.',
    ...(cause === undefined ? {} : { cause }),
  }),
};

function seats(count: number): string {
  return `${count} seat${count === 1 ? '' : 's'}`;
}

function howManyFree(count: number): string {
  if (count === 0) return 'none is free';
  return `only ${count} ${count === 1 ? 'is' : 'are'} free`;
}

/** The status words spell "cancelled", so the messages do too. */
function pastTense(action: string): string {
  if (action === 'cancel') return 'cancelled';
  return action.endsWith('e') ? `${action}d` : `${action}ed`;
}
