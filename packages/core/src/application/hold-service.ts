import { errAsync, okAsync, ResultAsync, type Result } from 'neverthrow';
import { isStaff, type Actor } from '../domain/actor';
import { errors, type DomainError } from '../domain/errors';
import {
  expireSeatHold,
  extendHold,
  mayAccessHold,
  placeHold,
  planHold,
  releaseHold,
  type Hold,
  type HoldChange,
  type HoldOccasion,
  type HoldPlan,
} from '../domain/hold';
import { segmentsOverlap, type Route } from '../domain/route';
import { chooseSeats } from '../domain/seat-choice';
import { DEFAULT_MAX_HELD_SEATS, checkHeldSeats } from '../policies/held-seats-limit';
import type { TransactionScope } from '../ports/unit-of-work.port';
import {
  DEFAULT_MAX_GROUP_SIZE,
  DEFAULT_SEAT_HOLD_SECONDS,
  type BookingConfig,
  type BookingPorts,
} from './booking-ports';
import type { CommandPipeline, Outcome } from './command-pipeline';
import { lockRouteOnSale } from './route-on-sale';
import { findRoute } from './route-lookup';
import { checkHoldCommand, type HoldCommand, type SeatsWanted } from './hold-input';
import type { IdempotencyInput } from './idempotency';
import { appendEvents } from './saving';

/**
 * Seat holds: a click holds seats for `seatHoldSeconds` before anyone types a name. A hold takes
 * all its seats or none; the storage's one seat guarantee keeps holds and tickets apart. Turning a
 * hold into tickets is `TicketService.bookHold`.
 */
export class HoldService {
  constructor(
    private readonly ports: Pick<BookingPorts, 'routes' | 'holds' | 'clock' | 'ids'>,
    private readonly config: Pick<
      BookingConfig,
      'seatHoldSeconds' | 'maxGroupSize' | 'maxHeldSeats' | 'seatPolicies'
    >,
    private readonly pipeline: CommandPipeline,
  ) {}

  /**
   * Holds the named seats, or `quantity` seats the server chooses under the route lock (so two
   * concurrent choices never pick the same seat). A customer's held seats count toward the limit
   * of unpaid seats, checked under the owner lock after the hold is written.
   */
  place(actor: Actor, command: HoldCommand, idempotency?: IdempotencyInput): ResultAsync<Hold, DomainError> {
    const now = this.ports.clock.now().toISOString();
    return this.pipeline.run({
      scope: `hold:${actor.userId}`,
      idempotency,
      prepare: () =>
        checkHoldCommand(command, this.config.maxGroupSize ?? DEFAULT_MAX_GROUP_SIZE).asyncAndThen((wanted) =>
          this.route(command.routeId)
            .andThen((route) => planHold(actor, route, command.fromCity, command.toCity, now))
            .map((plan) => ({ plan, wanted })),
        ),
      transaction: (tx, { plan, wanted }) =>
        this.lockFor(tx, plan, wanted)
          .andThen(() => this.seatsFor(tx, plan, wanted))
          .andThen((seats) => placeHold(plan, seats, this.ports.ids.uuid(), this.holdSeconds()))
          .andThen((placed) =>
            tx.holds
              .insertIfSeatsFree(placed.hold)
              .andThen(() => this.checkLimit(tx, actor, now))
              .andThen(() => saved(tx, placed, this.ports)),
          ),
    });
  }

  /** A hold as its reader may see it: anyone but its owner, an agent or an admin learns nothing. */
  get(actor: Actor, holdId: string): ResultAsync<Hold, DomainError> {
    return this.ports.holds
      .findById(holdId)
      .andThen((hold) =>
        hold && mayAccessHold(actor, hold) ? okAsync(hold) : errAsync(errors.holdNotFound(holdId)),
      );
  }

  /** Sets `expiresAt` to now + `seatHoldSeconds`, once. */
  extend(actor: Actor, holdId: string): ResultAsync<Hold, DomainError> {
    return this.act(actor, holdId, (hold, occasion) => extendHold(hold, occasion, this.holdSeconds()));
  }

  /** Lets the seats go at once: `seat_released` (`released`) for each. */
  release(actor: Actor, holdId: string): ResultAsync<Hold, DomainError> {
    return this.act(actor, holdId, releaseHold);
  }

  /**
   * Frees the seats of every active hold whose time is over at `now` (default: the clock's now):
   * `seat_released` with reason `hold_expired`. Safe in several processes at once: a hold's version
   * lets only one of them expire it.
   */
  expireDue(now?: Date, batchSize = 100): ResultAsync<Hold[], DomainError> {
    const at = (now ?? this.ports.clock.now()).toISOString();
    return this.ports.holds
      .findDue(at, batchSize)
      .andThen((due) =>
        ResultAsync.combine(due.map((hold) => this.expire(hold, at))).map((expired) =>
          expired.filter((hold): hold is Hold => hold !== undefined),
        ),
      );
  }

  private expire(hold: Hold, at: string): ResultAsync<Hold | undefined, DomainError> {
    return this.pipeline
      .run({
        prepare: () => this.route(hold.routeId).andThen((route) => expireSeatHold(hold, route, at)),
        transaction: (tx, change) => saved(tx, change, this.ports),
      })
      .map((expired): Hold | undefined => expired)
      .orElse((error) => (error.kind === 'invalid_transition' ? okAsync(undefined) : errAsync(error)));
  }

  /** Loads the hold (as its reader may see it) and its route, lets the hold's rule decide, saves. */
  private act(
    actor: Actor,
    holdId: string,
    rule: (hold: Hold, occasion: HoldOccasion) => Result<HoldChange, DomainError>,
  ): ResultAsync<Hold, DomainError> {
    const now = this.ports.clock.now().toISOString();
    return this.pipeline.run({
      prepare: () =>
        this.get(actor, holdId).andThen((hold) =>
          this.route(hold.routeId).andThen((route) => rule(hold, { actor, route, now })),
        ),
      transaction: (tx, change) => saved(tx, change, this.ports),
    });
  }

  /**
   * The route lock, exclusive when the server chooses the seats (before the owner lock, always in
   * that order); under it the route is read again (`lockRouteOnSale`).
   */
  private lockFor(tx: TransactionScope, plan: HoldPlan, wanted: SeatsWanted): ResultAsync<void, DomainError> {
    const { actor, route, segment, now } = plan;
    const sale = { actor, routeId: route.id, segment, now };
    return lockRouteOnSale(tx, sale, wanted.kind === 'chosen').andThen(() =>
      isStaff(plan.actor) ? okAsync(undefined) : tx.locks.owner(plan.actor.userId),
    );
  }

  /** The named seats, or the best free ones on the segment as of this unit of work. */
  private seatsFor(
    tx: TransactionScope,
    plan: HoldPlan,
    wanted: SeatsWanted,
  ): ResultAsync<number[], DomainError> {
    if (wanted.kind === 'named') return okAsync(wanted.seatNumbers);
    const { route, segment } = plan;
    return tx.tickets.findOccupying(route.id).andThen((tickets) =>
      tx.holds.findActive(route.id).andThen((holds) => {
        const { gender } = wanted.preferences;
        const blocked = new Set<number>();
        if (gender !== undefined) {
          const occupying = tickets.filter((t) => segmentsOverlap(t, segment));
          for (const policy of this.config.seatPolicies ?? []) {
            for (const seat of policy.blockedSeats?.({ route, segment, gender, occupying }).keys() ?? [])
              blocked.add(seat);
          }
        }
        const occupied = [
          ...tickets.map(({ seatNumber, fromStopIndex, toStopIndex }) => ({
            seatNumber,
            fromStopIndex,
            toStopIndex,
          })),
          ...holds.flatMap((hold) =>
            hold.seatNumbers.map((seatNumber) => ({
              seatNumber,
              fromStopIndex: hold.fromStopIndex,
              toStopIndex: hold.toStopIndex,
            })),
          ),
        ];
        const chosen = chooseSeats({
          bus: route,
          stopCount: route.stops.length,
          segment,
          quantity: wanted.quantity,
          preferences: wanted.preferences,
          occupied,
          blocked,
        });
        return chosen.isOk() ? okAsync(chosen.value) : errAsync(chosen.error);
      }),
    );
  }

  private checkLimit(tx: TransactionScope, actor: Actor, now: string): ResultAsync<void, DomainError> {
    if (isStaff(actor)) return okAsync(undefined);
    return checkHeldSeats(tx, actor.userId, now, this.config.maxHeldSeats ?? DEFAULT_MAX_HELD_SEATS);
  }

  private route(routeId: string): ResultAsync<Route, DomainError> {
    return findRoute(this.ports.routes, routeId);
  }

  private holdSeconds(): number {
    return this.config.seatHoldSeconds ?? DEFAULT_SEAT_HOLD_SECONDS;
  }
}

/**
 * Saves a hold's change (a new hold is already inserted: its version is 1) and its seat events.
 * A concurrent change since it was read refuses this one.
 */
export function saveHold(tx: TransactionScope, change: HoldChange): ResultAsync<Hold, DomainError> {
  if (change.hold.version === 1) return okAsync(change.hold);
  return tx.holds
    .update(change.hold)
    .mapErr((error): DomainError =>
      error.kind === 'stale_hold'
        ? errors.invalidTransition(
            change.from,
            'change',
            'The hold was changed at the same time; reload it and try again.',
          )
        : error,
    );
}

function saved(
  tx: TransactionScope,
  change: HoldChange,
  ports: Pick<BookingPorts, 'clock'>,
): ResultAsync<Outcome<Hold>, DomainError> {
  return saveHold(tx, change).andThen((hold) =>
    appendEvents(tx, change.events, ports.clock).map((events) => ({ answer: hold, events, tickets: [] })),
  );
}
