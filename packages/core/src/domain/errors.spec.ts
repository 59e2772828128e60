import { describe, expect, it } from '@jest/globals';
import { errors } from './errors';

/**
 * The message is what a client shows its user: each error says what happened in words, with the
 * values that matter, beside the fields a program reads.
 */
describe('errors', () => {
  it.each([
    [errors.validationFailed('Bad.'), { kind: 'validation_failed', message: 'Bad.' }],
    [
      errors.validationFailed('Bad.', ['a', 'b']),
      { kind: 'validation_failed', message: 'Bad.', details: ['a', 'b'] },
    ],
    [errors.forbidden(), { kind: 'forbidden', message: 'Your role may not do this.' }],
    [errors.forbidden('Only staff.'), { kind: 'forbidden', message: 'Only staff.' }],
    [
      errors.routeNotFound('r-1'),
      { kind: 'route_not_found', message: 'Route r-1 does not exist.', routeId: 'r-1' },
    ],
    [
      errors.ticketNotFound('t-1'),
      { kind: 'ticket_not_found', message: 'Ticket t-1 does not exist.', ticketId: 't-1' },
    ],
    [
      errors.seatUnavailable([3, 9]),
      {
        kind: 'seat_unavailable',
        message: 'Seat 3, 9 is already taken on this segment.',
        seatNumbers: [3, 9],
      },
    ],
    [
      errors.holdExpired('t-1'),
      {
        kind: 'hold_expired',
        message: 'The reservation hold of ticket t-1 has run out.',
        ticketId: 't-1',
      },
    ],
    [
      errors.seatHoldOver('h-1', 'converted'),
      { kind: 'hold_expired', message: 'Hold h-1 was already turned into tickets.', holdId: 'h-1' },
    ],
    [
      errors.seatHoldOver('h-1', 'active'),
      { kind: 'hold_expired', message: 'Hold h-1 is past its time; hold the seats again.', holdId: 'h-1' },
    ],
    [
      errors.seatHoldOver('h-1', 'released'),
      { kind: 'hold_expired', message: 'Hold h-1 is released; hold the seats again.', holdId: 'h-1' },
    ],
    [
      errors.holdNotFound('h-1'),
      { kind: 'hold_not_found', message: 'Hold h-1 does not exist.', holdId: 'h-1' },
    ],
    [
      errors.holdNotExtendable('h-1'),
      {
        kind: 'hold_not_extendable',
        message: 'Hold h-1 was already extended once; book its seats or hold them again.',
        holdId: 'h-1',
      },
    ],
    [
      errors.holdMismatch('h-1', [4, 5]),
      {
        kind: 'hold_mismatch',
        message: 'Hold h-1 is for seats 4, 5: give exactly one passenger for each of them.',
        holdId: 'h-1',
      },
    ],
    [
      errors.idempotencyConflict('k-1'),
      {
        kind: 'idempotency_conflict',
        message: 'Idempotency-Key k-1 was already used with a different request.',
        key: 'k-1',
      },
    ],
    [
      errors.paymentDeclined('insufficient_funds'),
      {
        kind: 'payment_declined',
        message: 'The payment was declined (insufficient_funds).',
        reason: 'insufficient_funds',
      },
    ],
    [
      errors.paymentInProgress('t-1'),
      {
        kind: 'payment_in_progress',
        message:
          'Another payment for ticket t-1 is being processed; nothing was charged. Check the ticket before trying again.',
        ticketId: 't-1',
      },
    ],
    [
      errors.paymentGatewayUnavailable(),
      {
        kind: 'payment_gateway_unavailable',
        message: 'The payment provider cannot be reached; nothing was charged. Try again shortly.',
      },
    ],
    [
      errors.paymentGatewayUnavailable('timeout'),
      {
        kind: 'payment_gateway_unavailable',
        message: 'The payment provider cannot be reached; nothing was charged. Try again shortly.',
        cause: 'timeout',
      },
    ],
    [errors.invalidSegment('No such stop.'), { kind: 'invalid_segment', message: 'No such stop.' }],
    [
      errors.seatOutOfRange(13, 12),
      {
        kind: 'seat_out_of_range',
        message: 'Seat 13 does not exist: this bus has seats 1 to 12.',
        seatNumber: 13,
        seatCount: 12,
      },
    ],
    [
      errors.routeDeparted('r-1'),
      {
        kind: 'route_departed',
        message: 'Route r-1 has departed; its seats are no longer sold.',
        routeId: 'r-1',
      },
    ],
    [
      errors.seatRuleViolation('gender', 'Not beside.'),
      { kind: 'seat_rule_violation', message: 'Not beside.', rule: 'gender' },
    ],
    [
      errors.holdLimitReached(4),
      {
        kind: 'hold_limit_reached',
        message: 'A customer may hold at most 4 unpaid seats at once; pay for or cancel one first.',
        limit: 4,
      },
    ],
    [
      errors.persistenceUnavailable(),
      { kind: 'persistence_unavailable', message: 'The booking database is unavailable; try again shortly.' },
    ],
    [
      errors.persistenceUnavailable('connection refused'),
      {
        kind: 'persistence_unavailable',
        message: 'The booking database is unavailable; try again shortly.',
        cause: 'connection refused',
      },
    ],
  ])('%#: %o', (error, expected) => {
    expect(error).toStrictEqual(expected);
  });

  it.each([
    ['confirm', 'A cancelled ticket cannot be confirmed.'],
    ['cancel', 'A cancelled ticket cannot be cancelled.'],
    ['suspend', 'A cancelled ticket cannot be suspended.'],
    ['expire', 'A cancelled ticket cannot be expired.'],
  ])('invalid_transition for %s says so in the past tense: %s', (action, message) => {
    expect(errors.invalidTransition('cancelled', action)).toStrictEqual({
      kind: 'invalid_transition',
      message,
      from: 'cancelled',
      action,
    });
  });

  it('invalid_transition carries a reason given instead of the general message', () => {
    expect(errors.invalidTransition('reserved', 'pay', 'Reload it.').message).toBe('Reload it.');
  });

  it.each([
    [1, 0, 'Asked for 1 seat, but none is free on this segment.'],
    [3, 1, 'Asked for 3 seats, but only 1 is free on this segment.'],
    [3, 2, 'Asked for 3 seats, but only 2 are free on this segment.'],
  ])('not_enough_seats for %i asked and %i free: %s', (requested, available, message) => {
    expect(errors.notEnoughSeats(requested, available)).toStrictEqual({
      kind: 'not_enough_seats',
      message,
      requested,
      available,
    });
  });
});
