import type { HistoryJson, RouteJson, RouteMove } from '@booking/protocol';
import { clockedCall, type TokenSource } from './rest';
import type { ServerClock } from './server-clock';

/** An admin's changes of a departure, through the REST API (anyone else: `forbidden`). */
export interface DepartureApi {
  /**
   * `POST /routes/:id/cancel`: the route, cancelled for good; every ticket on it cancelled and
   * refunded in full, every seat hold released. A second time: `route_cancelled`.
   */
  cancelDeparture(routeId: string, reason: string): Promise<RouteJson>;
  /** `PATCH /routes/:id`: the route at its new `departureAt` and/or `stopTimes`. */
  moveDeparture(routeId: string, move: RouteMove): Promise<RouteJson>;
  /** `GET /routes/:id/history`: who cancelled or moved it, when and why, oldest first. */
  routeHistory(routeId: string): Promise<HistoryJson>;
}

/** The departure calls of a client of `baseUrl`; each answer's `Date` sets `clock`. */
export function departureApi(
  baseUrl: string,
  token: TokenSource | undefined,
  clock: ServerClock,
): DepartureApi {
  const call = clockedCall(baseUrl, token, clock);
  const routePath = (routeId: string) => `/routes/${encodeURIComponent(routeId)}`;
  return {
    cancelDeparture: (routeId, reason) => call('POST', `${routePath(routeId)}/cancel`, { reason }),
    moveDeparture: (routeId, move) => call('PATCH', routePath(routeId), move),
    routeHistory: (routeId) => call('GET', `${routePath(routeId)}/history`),
  };
}
