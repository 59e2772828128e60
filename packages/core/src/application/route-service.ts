import { errAsync, type ResultAsync } from 'neverthrow';
import type { Actor } from '../domain/actor';
import { errors, type DomainError } from '../domain/errors';
import {
  buildRoute,
  resolveSegment,
  servesTrip,
  type NewRoute,
  type Route,
  type Segment,
} from '../domain/route';
import { buildSeatMap, departureState, type SeatMap } from '../domain/seat-map';
import { isSingleLineText, SINGLE_LINE_TEXT_RULE } from '../domain/text';
import type { Gender, Ticket } from '../domain/ticket';
import type { SeatPolicy } from '../policies/seat-policy';
import type { BookingConfig, BookingPorts } from './booking-ports';
import { findRoute } from './route-lookup';

export interface RouteSearch {
  from?: string;
  to?: string;
  /** A departure day, `YYYY-MM-DD` (UTC). */
  date?: string;
}

/** Ask the seat map for one passenger: free seats that a seat rule refuses them carry `blocked`. */
export interface SeatMapFor {
  gender?: Gender;
}

export const MAX_ROUTES_LISTED = 500;

export class RouteService {
  constructor(
    private readonly ports: Pick<BookingPorts, 'routes' | 'tickets' | 'unitOfWork' | 'clock' | 'ids'>,
    private readonly config: Pick<BookingConfig, 'seatPolicies'> = {},
  ) {}

  create(actor: Actor, input: NewRoute): ResultAsync<Route, DomainError> {
    if (actor.role !== 'admin') return errAsync(errors.forbidden('Only an admin may create routes.'));
    const now = this.ports.clock.now().toISOString();
    const route = buildRoute(input, this.ports.ids.uuid(), now);
    if (route.isErr()) return errAsync(route.error);
    return this.ports.routes.insert(route.value);
  }

  get(routeId: string): ResultAsync<Route, DomainError> {
    return findRoute(this.ports.routes, routeId);
  }

  list(search: RouteSearch): ResultAsync<Route[], DomainError> {
    let departsFrom: string | undefined;
    let departsBefore: string | undefined;
    if (search.date !== undefined) {
      const day = /^\d{4}-\d{2}-\d{2}$/.test(search.date) ? Date.parse(`${search.date}T00:00:00.000Z`) : NaN;
      if (Number.isNaN(day)) return errAsync(errors.validationFailed('date is a day written YYYY-MM-DD.'));
      departsFrom = new Date(day).toISOString();
      departsBefore = new Date(day + 86_400_000).toISOString();
    }
    const stopsIn = [search.from, search.to].filter((c): c is string => c !== undefined);
    if (!stopsIn.every(isSingleLineText)) {
      return errAsync(errors.validationFailed(`A city to search for ${SINGLE_LINE_TEXT_RULE}.`));
    }
    return this.ports.routes
      .list({ departsFrom, departsBefore, stopsIn, limit: MAX_ROUTES_LISTED })
      .map((routes) => routes.filter((route) => servesTrip(route, search.from, search.to)));
  }

  /**
   * Each seat's status and place on the segment, consistent with the route's event `sequence`. With
   * `forPassenger.gender`, free seats the enabled seat rules would refuse that passenger are marked.
   */
  seatMap(
    routeId: string,
    fromCity?: string,
    toCity?: string,
    forPassenger: SeatMapFor = {},
  ): ResultAsync<SeatMap, DomainError> {
    return this.get(routeId).andThen((route) => {
      const segment = resolveSegment(route, fromCity, toCity);
      if (segment.isErr()) return errAsync(segment.error);
      // One unit of work, so the tickets and the sequence describe the same moment.
      return this.ports.unitOfWork.run((tx) =>
        tx.events.currentSequence(route.id).andThen((sequence) =>
          // The route read again after the sequence, past any cache: its departure is at least as
          // new as the map, and every later change of it follows as a route_update.
          tx.routes.findById(route.id).andThen((current) =>
            // One after the other: a unit of work's statements share one connection.
            tx.tickets.findOccupying(route.id, segment.value).andThen((tickets) =>
              tx.holds.findActive(route.id, segment.value).map((holds): SeatMap => ({
                ...this.markBlocked(
                  route,
                  segment.value,
                  tickets,
                  buildSeatMap(route, segment.value, tickets, sequence, holds),
                  forPassenger,
                ),
                departure: departureState(current ?? route),
              })),
            ),
          ),
        ),
      );
    });
  }

  private markBlocked(
    route: Route,
    segment: Segment,
    occupying: Ticket[],
    map: SeatMap,
    forPassenger: SeatMapFor,
  ): SeatMap {
    const { gender } = forPassenger;
    if (gender === undefined) return map;
    const policies: readonly SeatPolicy[] = this.config.seatPolicies ?? [];
    for (const policy of policies) {
      const blocked = policy.blockedSeats?.({ route, segment, gender, occupying });
      for (const seat of map.seats) {
        const block = blocked?.get(seat.seatNumber);
        if (block && seat.status === 'available' && !seat.blocked) seat.blocked = block;
      }
    }
    return map;
  }
}
