import type { RouteEvent } from '../domain/route-event';
import type { Ticket } from '../domain/ticket';

/** What one commit changed: its seat events and the tickets whose owners should hear of it. */
export interface CommittedChange {
  events: readonly RouteEvent[];
  tickets: readonly Ticket[];
}

/**
 * Receives only committed changes. It may be called twice for one event (the outbox relay after a
 * crash), never zero times; subscribers drop what they have already seen by sequence.
 * A rejected promise leaves the events unpublished, for the relay to retry.
 */
export interface SeatNotifier {
  notify(change: CommittedChange): Promise<void>;
}
