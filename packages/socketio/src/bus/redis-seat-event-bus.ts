import { randomUUID } from 'node:crypto';
import { silentLogger, type Logger } from '@booking/core';
import { parseWireMessage, type WireMessage } from './bus-message-schema';
import { deliver } from './in-memory-seat-event-bus';
import type { SeatBusListener, SeatBusMessage, SeatEventBus } from './seat-event-bus';

/** The part of a node-redis client that publishes (any connected client). */
export interface RedisPublisher {
  publish(channel: string, message: string): Promise<unknown>;
}

/** The part of a node-redis client that listens: a dedicated connection (`client.duplicate()`). */
export interface RedisSubscriber {
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  /** node-redis emits `ready` again after each reconnect; messages published in between are lost. */
  on?(event: 'ready', listener: () => void): unknown;
  off?(event: 'ready', listener: () => void): unknown;
}

export interface RedisSeatEventBusOptions {
  publisher: RedisPublisher;
  subscriber: RedisSubscriber;
  /** One channel per deployment; tests use a unique one per run. Default `booking:seat-events`. */
  channel?: string;
  logger?: Logger;
}

export const DEFAULT_SEAT_EVENT_CHANNEL = 'booking:seat-events';

/**
 * Every process receives every committed change over one Redis pub/sub channel. The publishing
 * process delivers to its own listeners at once (lowest latency) and ignores its own echo.
 * The clients belong to the caller: `close()` unsubscribes but does not disconnect them.
 */
export class RedisSeatEventBus implements SeatEventBus {
  private readonly listeners = new Set<SeatBusListener>();
  private readonly lossListeners = new Set<() => void>();
  private readonly origin = randomUUID();
  private readonly channel: string;
  private readonly logger: Logger;

  private constructor(private readonly options: RedisSeatEventBusOptions) {
    this.channel = options.channel ?? DEFAULT_SEAT_EVENT_CHANNEL;
    this.logger = options.logger ?? silentLogger;
  }

  /** Subscribes to the channel before returning, so no change published afterwards is missed. */
  static async create(options: RedisSeatEventBusOptions): Promise<RedisSeatEventBus> {
    const bus = new RedisSeatEventBus(options);
    await options.subscriber.subscribe(bus.channel, (text) => bus.receive(text));
    // Already connected: every later `ready` is a reconnect.
    options.subscriber.on?.('ready', bus.reconnected);
    return bus;
  }

  async publish(message: SeatBusMessage): Promise<void> {
    this.deliverLocally(message);
    const wire: WireMessage = { origin: this.origin, ...message };
    await this.options.publisher.publish(this.channel, JSON.stringify(wire));
  }

  subscribe(listener: SeatBusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onPossibleLoss(listener: () => void): () => void {
    this.lossListeners.add(listener);
    return () => this.lossListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.options.subscriber.off?.('ready', this.reconnected);
    this.listeners.clear();
    this.lossListeners.clear();
    await this.options.subscriber.unsubscribe(this.channel);
  }

  private readonly reconnected = (): void => {
    this.logger.warn(
      { channel: this.channel },
      'seat bus subscriber reconnected; catching up from the event log',
    );
    for (const listener of this.lossListeners) listener();
  };

  private receive(text: string): void {
    const message = parseWireMessage(text);
    if (!message) {
      this.logger.warn({ channel: this.channel }, 'ignored a malformed seat bus message');
      return;
    }
    if (message.origin === this.origin) return;
    this.deliverLocally({ events: message.events, tickets: message.tickets });
  }

  private deliverLocally(message: SeatBusMessage): void {
    deliver(this.listeners, message, (error) =>
      this.logger.error({ err: error }, 'a seat bus listener threw'),
    );
  }
}
