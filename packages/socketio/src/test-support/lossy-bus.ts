import { InMemorySeatEventBus } from '../bus/in-memory-seat-event-bus';
import type { SeatBusMessage } from '../bus/seat-event-bus';

/**
 * A bus that can lose publications (a notifier outage, or Redis pub/sub while a subscriber
 * reconnects: the log still has the events) and can say it reconnected, as the Redis bus does.
 */
export class LossyBus extends InMemorySeatEventBus {
  losing = false;
  private readonly lossListeners = new Set<() => void>();

  override async publish(message: SeatBusMessage): Promise<void> {
    if (!this.losing) await super.publish(message);
  }

  onPossibleLoss(listener: () => void): () => void {
    this.lossListeners.add(listener);
    return () => this.lossListeners.delete(listener);
  }

  /** Stops losing and tells the listeners, as a Redis subscriber's `ready` after a reconnect does. */
  reconnect(): void {
    this.losing = false;
    for (const listener of this.lossListeners) listener();
  }
}
