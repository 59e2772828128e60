import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { isStaff, type Actor } from '../domain/actor';
import { errors, type DomainError } from '../domain/errors';
import type { Instant } from '../domain/time';
import type { TransactionScope } from '../ports/unit-of-work.port';
import type { BookingAttempt, SeatPolicy } from './seat-policy';

export const HELD_SEATS_LIMIT = 'max_held_seats';
export const DEFAULT_MAX_HELD_SEATS = 10;

/**
 * A customer may hold at most `limit` unpaid seats (`reserved` tickets whose hold has not run out,
 * and the seats of running seat holds) at once, across all routes; a group booking counts each
 * passenger. Always on: the booking adds it after the deployment's seat rules (`BookingConfig.maxHeldSeats`). It takes the owner lock, so
 * parallel bookings of one customer cannot together pass the limit. Counter sales (agents, admins)
 * are not holds, so they take no lock and are never counted.
 */
export function heldSeatsLimitPolicy(limit: number): SeatPolicy {
  if (!Number.isInteger(limit) || limit < 1) throw new Error('heldSeatsLimitPolicy: limit must be >= 1');
  return {
    name: HELD_SEATS_LIMIT,
    locks: ['owner'],
    appliesTo: (actor: Actor) => !isStaff(actor),
    check(attempt: BookingAttempt, tx: TransactionScope): ResultAsync<void, DomainError> {
      // The new tickets are already written in this unit of work, so the count includes them.
      return checkHeldSeats(tx, attempt.actor.userId, attempt.now, limit);
    },
  };
}

/**
 * The limit's count, under the owner lock and after this unit of work's own writes: unpaid
 * reservations whose hold runs, and the seats of seat holds whose time runs, together.
 */
export function checkHeldSeats(
  tx: TransactionScope,
  ownerId: string,
  now: Instant,
  limit: number,
): ResultAsync<void, DomainError> {
  return tx.tickets
    .countOpenHolds(ownerId, now)
    .andThen((reserved) =>
      tx.holds
        .countHeldSeats(ownerId, now)
        .andThen((held) =>
          reserved + held <= limit ? okAsync(undefined) : errAsync(errors.holdLimitReached(limit)),
        ),
    );
}
