import type { Result, ResultAsync } from 'neverthrow';
import type { Actor } from '../domain/actor';
import type { BookingAttempt, BookingRequest } from '../domain/booking';
import type { DomainError } from '../domain/errors';
import type { Route, Segment } from '../domain/route';
import type { SeatBlock } from '../domain/seat-map';
import type { Gender, Ticket } from '../domain/ticket';
import type { TransactionScope } from '../ports/unit-of-work.port';

export type { BookingAttempt, BookingRequest } from '../domain/booking';

/** What a seat map asks a policy: which free seats a passenger of `gender` may not take. */
export interface SeatMapRequest {
  route: Route;
  segment: Segment;
  gender: Gender;
  /** Occupying tickets overlapping the segment. */
  occupying: readonly Ticket[];
}

/** A lock the booking takes before any policy reads, so concurrent bookings cannot both pass. */
export type PolicyLock = 'route' | 'owner';

/**
 * A seat rule that a deployment switches on through `BookingConfig.seatPolicies`. Every hook is
 * optional: `appliesTo` says whether the rule judges this actor's bookings at all (default: everyone's;
 * a rule that does not apply takes no lock), `precheck` runs before the unit of work (rules that need no storage), `check` inside it
 * after the locks are taken and the new tickets are written, `blockedSeats` when a seat map is asked
 * for one passenger. A refusal is a `DomainError` (usually `seat_rule_violation` naming the rule).
 */
export interface SeatPolicy {
  readonly name: string;
  readonly locks: readonly PolicyLock[];
  appliesTo?(actor: Actor): boolean;
  precheck?(request: BookingRequest): Result<void, DomainError>;
  check?(attempt: BookingAttempt, tx: TransactionScope): ResultAsync<void, DomainError>;
  blockedSeats?(request: SeatMapRequest): Map<number, SeatBlock>;
}
