import { err, ok, type Result } from 'neverthrow';
import { isStaff } from '../domain/actor';
import { segmentDepartsAt } from '../domain/departure';
import { errors, type DomainError } from '../domain/errors';
import { isAtOrAfter } from '../domain/time';
import type { BookingRequest, SeatPolicy } from './seat-policy';

export const SALES_CUTOFF = 'sales_cutoff';
/** How many minutes before departure online sales close when a deployment does not say. */
export const DEFAULT_SALES_CUTOFF_MINUTES = 30;

/**
 * Online sales close `minutes` before departure: a customer then gets `route_departed`; agents and
 * admins still sell at the counter until the segment departs (`segmentDepartsAt`).
 */
export function salesCutoffPolicy(minutes: number): SeatPolicy {
  if (!Number.isFinite(minutes) || minutes < 0) throw new Error('salesCutoffPolicy: minutes must be >= 0');
  return {
    name: SALES_CUTOFF,
    locks: [],
    precheck(request: BookingRequest): Result<void, DomainError> {
      if (isStaff(request.actor)) return ok(undefined);
      const closesAt = new Date(
        Date.parse(segmentDepartsAt(request.route, request.segment)) - minutes * 60_000,
      ).toISOString();
      if (!isAtOrAfter(request.now, closesAt)) return ok(undefined);
      return err({
        ...errors.routeDeparted(request.route.id),
        message: `Online sales for route ${request.route.id} closed ${minutes} minutes before departure; an agent can still sell a seat.`,
      });
    },
  };
}
