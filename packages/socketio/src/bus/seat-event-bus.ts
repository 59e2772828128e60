import type { RouteRoomEvent, TicketView } from '../protocol';

/** One committed change as it travels between processes: its route events plus the owners to tell. */
export interface SeatBusMessage {
  events: RouteRoomEvent[];
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
  /**
   * For a bus that can lose messages (Redis pub/sub drops what is published while a subscriber
   * reconnects): calls `listener` each time it may have, so the gateway reads what it missed from
   * the event log. Returns a function that stops the listener.
   */
  onPossibleLoss?(listener: () => void): () => void;
  close(): Promise<void>;
}
