import type { RouteEvent } from '../domain/route-event';
import type { CommittedChange } from '../ports/seat-notifier.port';
import type { BookingConfig, BookingPorts } from './booking-ports';

/**
 * Hands committed changes to the notifier, then marks their events published. A failure leaves them
 * unpublished, so the outbox relay sends them later: an event may go out twice, never zero times.
 */
export class ChangePublisher {
  /** The batch that waits for the write in flight (joined by later publishes), if any. */
  private waiting: MarkBatch | undefined;
  private lastWrite: Promise<void> = Promise.resolve();

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

  /**
   * One write at a time: events whose changes are published while a write is in flight wait and
   * go together in the next one. Under load that is one UPDATE for many bookings instead of one
   * each (docs/performance.md); each caller still resolves only once its own events are marked.
   */
  private markPublished(events: readonly RouteEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    if (this.waiting) {
      this.waiting.events.push(...events);
      return this.waiting.written;
    }
    const batch: MarkBatch = { events: [...events], written: Promise.resolve() };
    this.waiting = batch;
    batch.written = this.lastWrite.then(() => {
      // Still this batch: a new one starts only once nothing waits, i.e. after this line.
      this.waiting = undefined;
      return this.writeMarks(batch.events);
    });
    // A write that throws (a bug) rejects its own callers only; later batches still go out.
    this.lastWrite = batch.written.catch(() => undefined);
    return batch.written;
  }

  private async writeMarks(events: readonly RouteEvent[]): Promise<void> {
    const marked = await this.ports.events.markPublished(events);
    if (marked.isErr()) this.config.onBackgroundError?.(marked.error, 'mark events published');
  }
}

interface MarkBatch {
  events: RouteEvent[];
  written: Promise<void>;
}
