import { okAsync, type ResultAsync } from 'neverthrow';
import type { Actor } from '../domain/actor';
import type { DomainError } from '../domain/errors';
import type { Exchanged } from '../domain/exchange';
import type { Route } from '../domain/route';
import type { SeatPolicy } from '../policies/seat-policy';
import type { TransactionScope } from '../ports/unit-of-work.port';
import { findRoute } from './route-lookup';
import { staleAsInvalidTransition } from './saving';
import { locksOf } from './seat-rules';

/** The two routes of an exchange: the one it leaves and the one it moves to (maybe the same). */
export interface ExchangeRoutes {
  routeId: string;
  targetId: string;
}

/**
 * Both routes' locks in the order of their ids (one lock when it is one route), each route read
 * again under its lock; then the owner's lock when a seat rule needs it. A route is locked
 * exclusively where a seat rule reads it (the target) and for an exchange within one route, else
 * shared, so an exchange waits for a change of either departure and sales go on beside it.
 */
export function lockExchangeRoutes(
  tx: TransactionScope,
  actor: Actor,
  { routeId, targetId }: ExchangeRoutes,
  policies: readonly SeatPolicy[],
): ResultAsync<{ route: Route; target: Route }, DomainError> {
  const needed = locksOf(policies);
  const exclusive = (id: string) => routeId === targetId || (id === targetId && needed.has('route'));
  const ids = [...new Set([routeId, targetId])].sort();
  const locked = ids.reduce(
    (chain, id) =>
      chain.andThen(() =>
        (exclusive(id) ? tx.locks.route(id) : tx.locks.routeShared(id)).map(() => undefined),
      ),
    okAsync<void, DomainError>(undefined),
  );
  return locked
    .andThen(() => (needed.has('owner') ? tx.locks.owner(actor.userId) : okAsync(undefined)))
    .andThen(() => findRoute(tx.routes, routeId))
    .andThen((route) => findRoute(tx.routes, targetId).map((target) => ({ route, target })));
}

/**
 * The new ticket in, the old one cancelled (version-checked). Across two routes the new seat is
 * claimed first: a claim never waits for a seat an exchange in flight is giving up, so two
 * opposite exchanges cannot wait for each other. Within one route (under its exclusive lock) the
 * old seat goes first, so the ticket can move to a longer segment of its own seat.
 */
export function swapTickets(tx: TransactionScope, exchanged: Exchanged): ResultAsync<void, DomainError> {
  const { previous, ticket } = exchanged;
  const cancel = () =>
    tx.tickets
      .update(previous.ticket)
      .map(() => undefined)
      .mapErr(staleAsInvalidTransition(previous.from, 'exchange'));
  const insert = () => tx.tickets.insertIfSeatFree(ticket).map(() => undefined);
  return previous.ticket.routeId === ticket.routeId ? cancel().andThen(insert) : insert().andThen(cancel);
}
