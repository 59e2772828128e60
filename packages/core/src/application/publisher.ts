import type { SeatEvent } from '../domain/seat-event';
import type { CommittedChange } from '../ports/seat-notifier.port';
import type { BookingConfig, BookingPorts } from './booking-ports';

/**
 * Hands committed changes to the notifier, then marks their events published. A failure leaves them
 * unpublished, so the outbox relay sends them later: an event may go out twice, never zero times.
 */
export class ChangePublisher {
  constructor(
    private readonly ports: Pick<BookingPorts, 'notifier' | 'events'>,
    private readonly config: Pick<BookingConfig, 'onBackgroundError'>,
  ) {}

  async publish(change: CommittedChange): Promise<void> {
    if (change.events.length === 0 && change.tickets.length === 0) return;
    try {
      await this.ports.notifier.notify(change);
    } catch (error) {
      this.config.onBackgroundError?.(error, 'seat notifier');
      return;
    }
    await this.markPublished(change.events);
  }

  /** Publishes what a crash or a failed notifier left behind, oldest first. Returns how many. */
  async relayUnpublished(limit = 500): Promise<number> {
    const pending = await this.ports.events.unpublished(limit);
    if (pending.isErr()) {
      this.config.onBackgroundError?.(pending.error, 'outbox relay');
      return 0;
    }
    if (pending.value.length === 0) return 0;
    try {
      await this.ports.notifier.notify({ events: pending.value, tickets: [] });
    } catch (error) {
      this.config.onBackgroundError?.(error, 'outbox relay');
      return 0;
    }
    await this.markPublished(pending.value);
    return pending.value.length;
  }

  private async markPublished(events: readonly SeatEvent[]): Promise<void> {
    if (events.length === 0) return;
    const marked = await this.ports.events.markPublished(events);
    if (marked.isErr()) this.config.onBackgroundError?.(marked.error, 'mark events published');
  }
}
