import type { SeatUpdate, TicketView } from '../protocol';

/** One committed change as it travels between processes: seat events plus the owners to tell. */
export interface SeatBusMessage {
  events: SeatUpdate[];
  tickets: { ownerId: string; ticket: TicketView }[];
}

export type SeatBusListener = (message: SeatBusMessage) => void;

/**
 * Carries every committed change to every gateway process (including the one that committed it).
 * It need not keep order or deliver once: the gateway orders by sequence and drops repeats.
 * `publish` rejects when the change could not be handed over, so the core's outbox retries it.
 */
export interface SeatEventBus {
  publish(message: SeatBusMessage): Promise<void>;
  /** Returns a function that stops the listener. */
  subscribe(listener: SeatBusListener): () => void;
  close(): Promise<void>;
}
