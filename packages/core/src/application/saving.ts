import { okAsync, type ResultAsync } from 'neverthrow';
import { errors, type DomainError, type PersistenceError } from '../domain/errors';
import { ticketHistoryEntry, type ChangedBy } from '../domain/history';
import type { Transitioned } from '../domain/lifecycle';
import type { RouteEvent, RouteEventDraft } from '../domain/route-event';
import type { Ticket } from '../domain/ticket';
import type { Clock } from '../ports/clock.port';
import type { IdGenerator } from '../ports/id-generator.port';
import type { StaleTicket } from '../ports/ticket-repository.port';
import type { TransactionScope } from '../ports/unit-of-work.port';
import type { Outcome } from './command-pipeline';

/** What one transaction saved: the tickets as stored and their committed events. */
export interface Saved {
  tickets: Ticket[];
  events: RouteEvent[];
}

/**
 * Saves what the domain's rules decided for existing tickets: each ticket only if nobody changed it
 * since it was read (a concurrent change makes it `invalid_transition`), then all their events, and
 * each change in the audit trail as done `by` someone (under the transition's action, or `audit`'s
 * when a larger change made it, e.g. `cancel_departure`).
 */
export function saveTransitions(
  tx: TransactionScope,
  changes: readonly Transitioned[],
  ports: { clock: Clock; ids: IdGenerator },
  by: ChangedBy,
  audit?: { action: string; reason?: string | null },
): ResultAsync<Saved, DomainError> {
  return updateTickets(tx, changes, ports, by, audit).andThen((tickets) =>
    appendEvents(
      tx,
      changes.flatMap((c) => c.events),
      ports.clock,
    ).map((events) => ({ tickets, events })),
  );
}

/**
 * `saveTransitions` without the events: the tickets written (version-checked) and their audit
 * entries. For a change that appends its events itself, last, in one go: the route's sequence is
 * then taken after the tickets' rows, in the order every other unit of work takes them.
 */
export function updateTickets(
  tx: TransactionScope,
  changes: readonly Transitioned[],
  ports: { clock: Clock; ids: IdGenerator },
  by: ChangedBy,
  audit?: { action: string; reason?: string | null },
): ResultAsync<Ticket[], DomainError> {
  // One after the other: a unit of work's statements share one connection.
  const updated = changes.reduce(
    (chain, change) => chain.andThen((done) => update(tx, change).map((ticket) => [...done, ticket])),
    okAsync<Ticket[], DomainError>([]),
  );
  return updated.andThen((tickets) =>
    recordTicketChanges(
      tx,
      ports,
      by,
      changes.map((c, i) => ({
        action: audit?.action ?? c.action,
        reason: audit?.reason,
        before: c.before,
        after: tickets[i] as Ticket,
      })),
    ).map(() => tickets),
  );
}

/** One audit entry per ticket changed (`before` absent: created), stamped with the clock's now. */
export function recordTicketChanges(
  tx: TransactionScope,
  ports: { clock: Clock; ids: IdGenerator },
  by: ChangedBy,
  changes: readonly { action: string; before?: Ticket; after: Ticket; reason?: string | null }[],
): ResultAsync<void, PersistenceError> {
  if (changes.length === 0) return okAsync(undefined);
  const at = ports.clock.now().toISOString();
  return tx.history.record(
    changes.map(({ action, before, after, reason }) =>
      ticketHistoryEntry(ports.ids.uuid(), { by, action, at, reason }, before, after),
    ),
  );
}

function update(
  tx: TransactionScope,
  { ticket, from, action }: Transitioned,
): ResultAsync<Ticket, DomainError> {
  return tx.tickets.update(ticket).mapErr(staleAsInvalidTransition(from, action));
}

/**
 * A ticket's write that lost to another change of it since it was read (`stale_ticket`), told as
 * `invalid_transition` of `action` from `from`: the caller reloads and tries again. Other errors pass.
 */
export function staleAsInvalidTransition(
  from: string,
  action: string,
): (error: StaleTicket | DomainError) => DomainError {
  return (error) =>
    error.kind === 'stale_ticket'
      ? errors.invalidTransition(
          from,
          action,
          'The ticket was changed at the same time; reload it and try again.',
        )
      : error;
}

/** Appends seat events, stamped with the commit time. */
export function appendEvents(
  tx: TransactionScope,
  drafts: readonly RouteEventDraft[],
  clock: Clock,
): ResultAsync<RouteEvent[], PersistenceError> {
  return tx.events.append(drafts, commitTime(clock));
}

/**
 * The time stamped on seat events: read inside the unit of work, just before the events are
 * appended, so `seat_update.timestamp` is as close to the commit as the core can see it.
 */
export function commitTime(clock: Clock): string {
  return clock.now().toISOString();
}

/** The outcome of a request on one ticket: the ticket it named (the first saved) is the answer. */
export function answerWithFirst(saved: Saved): Outcome<Ticket> {
  return { ...saved, answer: saved.tickets[0] as Ticket };
}
