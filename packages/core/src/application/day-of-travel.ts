import { errAsync, okAsync, Result, type ResultAsync } from 'neverthrow';
import { mayBoard, type Actor } from '../domain/actor';
import { errors, type DomainError } from '../domain/errors';
import type { HistoryEntry } from '../domain/history';
import { transition } from '../domain/lifecycle';
import {
  buildManifest,
  checkDepartable,
  DEPART_STOP_ACTION,
  type MANIFEST_STATUSES,
  noShowsAt,
  stopDepartures,
  type Manifest,
} from '../domain/manifest';
import type { Route } from '../domain/route';
import type { Ticket } from '../domain/ticket';
import type { Instant } from '../domain/time';
import type { TicketRepository } from '../ports/ticket-repository.port';
import type { TransactionScope } from '../ports/unit-of-work.port';
import type { BookingPorts } from './booking-ports';
import type { CommandPipeline, Outcome } from './command-pipeline';
import { findRoute } from './route-lookup';
import { appendEvents, updateTickets } from './saving';

/** Tickets read per page while a manifest is built. */
const PAGE = 500;

/** What a departure from a stop did. */
export interface StopDeparted {
  routeId: string;
  stopIndex: number;
  city: string;
  /** When the bus left: this call's time, or the first call's when the stop had been left before. */
  departedAt: Instant;
  /** True when the stop had been left before: nothing changed this time. */
  alreadyDeparted: boolean;
  /** The tickets this call made `no_show`, by seat (none when `alreadyDeparted`). */
  noShows: Ticket[];
}

/** On the day: the passenger list of a departure, and the bus leaving its stops (no-shows). */
export class DayOfTravel {
  constructor(
    private readonly ports: Pick<
      BookingPorts,
      'routes' | 'tickets' | 'unitOfWork' | 'history' | 'clock' | 'ids'
    >,
    private readonly pipeline: CommandPipeline,
  ) {}

  /** Every paid passenger and no-show of the departure, by boarding stop and seat, with boarding times. */
  manifest(actor: Actor, routeId: string): ResultAsync<Manifest, DomainError> {
    if (!mayBoard(actor)) return errAsync(errors.forbidden());
    return findRoute(this.ports.routes, routeId).andThen((route) =>
      // One unit of work: the tickets and boardings are read as of one moment.
      this.ports.unitOfWork.run((tx) =>
        listedTickets(tx.tickets, routeId).andThen((tickets) =>
          tx.boardings.listByRoute(routeId).map((boardings) => buildManifest(route, tickets, boardings)),
        ),
      ),
    );
  }

  /**
   * The bus leaves `stopIndex`: each confirmed ticket that starts there and did not board becomes
   * `no_show` (its seat free from there on: `seat_available`, reason `no_show`), and the route's trail
   * records the departure, all in one unit of work under the route's exclusive lock (sales in flight
   * finish first). Leaving a stop again changes nothing and answers the first departure's time.
   */
  departStop(actor: Actor, routeId: string, stopIndex: number): ResultAsync<StopDeparted, DomainError> {
    if (!mayBoard(actor)) return errAsync(errors.forbidden());
    return this.pipeline.run({
      // Bad input is refused before any lock is taken.
      prepare: () =>
        findRoute(this.ports.routes, routeId).andThen((route) =>
          checkDepartable(route, stopIndex, this.now()).map(() => route),
        ),
      transaction: (tx) => this.departIn(tx, actor, routeId, stopIndex),
    });
  }

  private departIn(
    tx: TransactionScope,
    actor: Actor,
    routeId: string,
    stopIndex: number,
  ): ResultAsync<Outcome<StopDeparted>, DomainError> {
    const now = this.now();
    return tx.locks
      .route(routeId)
      .andThen(() => tx.routes.findById(routeId))
      .andThen((route) => (route ? okAsync(route) : errAsync(errors.routeNotFound(routeId))))
      .andThen((route) => checkDepartable(route, stopIndex, now).map(() => route))
      .andThen((route) =>
        tx.history.of('route', routeId).andThen((trail) => {
          const departures = stopDepartures(trail);
          const before = departures.find((d) => d.stopIndex === stopIndex);
          const city = route.stops[stopIndex] as string;
          if (before) {
            const answer = {
              routeId,
              stopIndex,
              city,
              departedAt: before.departedAt,
              alreadyDeparted: true,
              noShows: [],
            };
            return okAsync({ answer, events: [], tickets: [] });
          }
          return this.markNoShows(tx, actor, route, stopIndex, now).andThen(({ changed, drafts }) =>
            tx.history
              .record([this.departureEntry(actor, route, departures, stopIndex, now)])
              .andThen(() => appendEvents(tx, drafts, this.ports.clock))
              .map((events) => ({
                answer: {
                  routeId,
                  stopIndex,
                  city,
                  departedAt: now,
                  alreadyDeparted: false,
                  noShows: changed,
                },
                events,
                tickets: changed,
              })),
          );
        }),
      );
  }

  private now(): Instant {
    return this.ports.clock.now().toISOString();
  }

  /** The no-shows written (version-checked, each in the trail as `no_show` by the actor) and their events. */
  private markNoShows(tx: TransactionScope, actor: Actor, route: Route, stopIndex: number, now: Instant) {
    return tx.tickets.findOccupying(route.id).andThen((occupying) =>
      tx.boardings.listByRoute(route.id).andThen((boardings) => {
        const changes = Result.combine(
          noShowsAt(stopIndex, occupying, boardings).map((ticket) => transition(ticket, 'no_show', now)),
        );
        if (changes.isErr()) return errAsync(changes.error);
        const drafts = changes.value.flatMap((change) => change.events);
        return updateTickets(tx, changes.value, this.ports, actor).map((changed) => ({ changed, drafts }));
      }),
    );
  }

  /** The route's trail entry: `departedStops` grows by this stop, `departedStop` names it. */
  private departureEntry(
    actor: Actor,
    route: Route,
    departures: readonly { stopIndex: number }[],
    stopIndex: number,
    at: Instant,
  ): HistoryEntry {
    const left = departures.map((d) => d.stopIndex);
    return {
      id: this.ports.ids.uuid(),
      subject: 'route',
      subjectId: route.id,
      routeId: route.id,
      at,
      by: { userId: actor.userId, role: actor.role },
      action: DEPART_STOP_ACTION,
      reason: null,
      changes: {
        departedStop: { from: null, to: stopIndex },
        departedStops: { from: left, to: [...left, stopIndex].sort((a, b) => a - b) },
      },
    };
  }
}

/** The route's tickets a manifest lists, every page of them. */
function listedTickets(tickets: TicketRepository, routeId: string): ResultAsync<Ticket[], DomainError> {
  const page = (
    status: (typeof MANIFEST_STATUSES)[number],
    afterId?: string,
  ): ResultAsync<Ticket[], DomainError> =>
    tickets
      .list({ routeId, status, limit: PAGE, ...(afterId ? { afterId } : {}) })
      .andThen((found) =>
        found.length < PAGE
          ? okAsync(found)
          : page(status, found[found.length - 1]?.id).map((rest) => [...found, ...rest]),
      );
  return page('confirmed').andThen((confirmed) =>
    page('no_show').map((noShows) => [...confirmed, ...noShows]),
  );
}
