import type { Route, RouteStatus } from './route';
import type { SeatEvent, SeatEventDraft } from './seat-event';
import type { Instant } from './time';

/** A departure cancelled or moved, before it is committed: it takes the route's next sequence. */
export interface RouteUpdateDraft {
  routeId: string;
  eventType: 'route_update';
  status: RouteStatus;
  departureAt: Instant;
  stopTimes?: Instant[];
  /** The admin's reason for a cancellation. */
  reason?: string;
}

/** A committed change of the departure itself: the contract's `route_update` payload. */
export interface RouteUpdateEvent extends RouteUpdateDraft {
  sequence: number;
  timestamp: Instant;
}

/** Everything numbered in one route's sequence: its seats' changes and its own. */
export type RouteEventDraft = SeatEventDraft | RouteUpdateDraft;
export type RouteEvent = SeatEvent | RouteUpdateEvent;

export function isRouteUpdate<E extends RouteEventDraft>(event: E): event is Extract<E, RouteUpdateDraft> {
  return event.eventType === 'route_update';
}

export function isSeatEvent<E extends RouteEventDraft>(event: E): event is Exclude<E, RouteUpdateDraft> {
  return event.eventType !== 'route_update';
}

/** What the room hears when `route` has just been cancelled or moved. */
export function routeUpdateDraft(route: Route): RouteUpdateDraft {
  return {
    routeId: route.id,
    eventType: 'route_update',
    status: route.status,
    departureAt: route.departureAt,
    ...(route.stopTimes ? { stopTimes: [...route.stopTimes] } : {}),
    ...(route.cancelReason !== null ? { reason: route.cancelReason } : {}),
  };
}
