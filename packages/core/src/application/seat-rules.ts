import { err, ok, okAsync, type Result, type ResultAsync } from 'neverthrow';
import type { Actor } from '../domain/actor';
import type { BookingAttempt, BookingRequest } from '../domain/booking';
import type { DomainError } from '../domain/errors';
import { DEFAULT_MAX_HELD_SEATS, heldSeatsLimitPolicy, HELD_SEATS_LIMIT } from '../policies/held-seats-limit';
import type { PolicyLock, SeatPolicy } from '../policies/seat-policy';
import type { TransactionScope } from '../ports/unit-of-work.port';
import type { BookingConfig } from './booking-ports';

/**
 * The seat rules a seat is taken under: the deployment's, then the always-on limit of unpaid seats
 * per customer. Bookings, changes of seat and exchanges all ask these.
 */
export class SeatRules {
  private readonly all: readonly SeatPolicy[];

  constructor(config: Pick<BookingConfig, 'seatPolicies' | 'maxHeldSeats'>) {
    this.all = [
      ...(config.seatPolicies ?? []),
      heldSeatsLimitPolicy(config.maxHeldSeats ?? DEFAULT_MAX_HELD_SEATS),
    ];
  }

  /**
   * The rules that judge this actor's seats. A change of seat leaves out the held-seats limit
   * (`heldLimit: false`): the passenger holds no more seats than before.
   */
  for(actor: Actor, options: { heldLimit?: boolean } = {}): SeatPolicy[] {
    return this.all.filter(
      (policy) =>
        (policy.appliesTo?.(actor) ?? true) &&
        (options.heldLimit !== false || policy.name !== HELD_SEATS_LIMIT),
    );
  }
}

/** The locks these rules need, taken before any of them reads (route first, then owner). */
export function locksOf(policies: readonly SeatPolicy[]): Set<PolicyLock> {
  return new Set(policies.flatMap((policy) => policy.locks));
}

/** The rules that need no storage, before the unit of work. */
export function precheckAll(
  policies: readonly SeatPolicy[],
  request: BookingRequest,
): Result<void, DomainError> {
  for (const policy of policies) {
    const verdict = policy.precheck?.(request);
    if (verdict?.isErr()) return err(verdict.error);
  }
  return ok(undefined);
}

/** The rules that read storage, in the unit of work after the locks and the writes. */
export function checkAll(
  policies: readonly SeatPolicy[],
  attempt: BookingAttempt,
  tx: TransactionScope,
): ResultAsync<void, DomainError> {
  return policies.reduce(
    (chain, policy) => chain.andThen(() => policy.check?.(attempt, tx) ?? okAsync(undefined)),
    okAsync<void, DomainError>(undefined),
  );
}
