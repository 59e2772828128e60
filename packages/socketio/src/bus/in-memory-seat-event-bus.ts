import type { SeatBusListener, SeatBusMessage, SeatEventBus } from './seat-event-bus';

/** The bus of a single process: hands each change to the local listeners at once. */
export class InMemorySeatEventBus implements SeatEventBus {
  private readonly listeners = new Set<SeatBusListener>();

  async publish(message: SeatBusMessage): Promise<void> {
    deliver(this.listeners, message);
  }

  subscribe(listener: SeatBusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}

/** Calls each listener; one that throws is a bug in it and must not starve the others. */
export function deliver(
  listeners: Iterable<SeatBusListener>,
  message: SeatBusMessage,
  onError: (error: unknown) => void = () => undefined,
): void {
  for (const listener of listeners) {
    try {
      listener(message);
    } catch (error) {
      onError(error);
    }
  }
}
