import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { Actor } from '../domain/actor';
import { checkOnSale } from '../domain/departure';
import { errors, type DomainError } from '../domain/errors';
import type { Route, Segment } from '../domain/route';
import type { Instant } from '../domain/time';
import type { TransactionScope } from '../ports/unit-of-work.port';

/**
 * In a sale's unit of work, before it writes: the route's lock (exclusive when the sale reads the
 * whole route, e.g. a seat rule; shared otherwise), then the route read again under it. A departure
 * cancelled or moved since the sale was prepared refuses it here, so nothing is sold after a
 * cancellation commits.
 */
export function lockRouteOnSale(
  tx: TransactionScope,
  sale: { actor: Actor; routeId: string; segment: Segment; now: Instant },
  exclusive: boolean,
): ResultAsync<Route, DomainError> {
  const lock = exclusive ? tx.locks.route(sale.routeId) : tx.locks.routeShared(sale.routeId);
  return lock
    .andThen(() => tx.routes.findById(sale.routeId))
    .andThen((route) => {
      if (!route) return errAsync(errors.routeNotFound(sale.routeId));
      const open = checkOnSale(sale.actor, route, sale.segment, sale.now);
      return open.isErr() ? errAsync(open.error) : okAsync(route);
    });
}
