import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { isStaff } from '../domain/actor';
import { errors, type DomainError } from '../domain/errors';
import type { TransactionScope } from '../ports/unit-of-work.port';
import type { BookingAttempt, SeatPolicy } from './seat-policy';

export const MAX_OPEN_RESERVATIONS = 'max_open_reservations';

/**
 * A customer may hold at most `limit` unpaid reservations (holds not yet run out) at once, across
 * all routes; a group booking counts each passenger. Takes the owner lock, so parallel requests of
 * one customer cannot together pass the limit. Counter sales (agents, admins) are not holds.
 */
export function maxOpenReservationsPolicy(limit: number): SeatPolicy {
  if (!Number.isInteger(limit) || limit < 1) throw new Error('maxOpenReservationsPolicy: limit must be >= 1');
  return {
    name: MAX_OPEN_RESERVATIONS,
    locks: ['owner'],
    check(attempt: BookingAttempt, tx: TransactionScope): ResultAsync<void, DomainError> {
      if (isStaff(attempt.actor)) return okAsync(undefined);
      // The new tickets are already written in this unit of work, so the count includes them.
      return tx.tickets
        .countOpenHolds(attempt.actor.userId, attempt.now)
        .andThen((open) =>
          open <= limit
            ? okAsync(undefined)
            : errAsync(
                errors.seatRuleViolation(
                  MAX_OPEN_RESERVATIONS,
                  `A customer may hold at most ${limit} unpaid reservations at once; pay for or cancel one first.`,
                ),
              ),
        );
    },
  };
}
