import type { BookingServices, Logger } from '@booking/core';
import { internalError, protocolErrorOf } from './error-codes';
import {
  getSeatAvailabilitySchema,
  parseMessage,
  subscribeRouteSchema,
  unsubscribeRouteSchema,
  UUID,
} from './message-schemas';
import { routeRoom, type ClientToServerEvents, type ServerError } from './protocol';
import { Reply } from './reply';
import type { RouteFeeds } from './route-feeds';
import { RouteSubscription, type ReplaySettings, type SubscriptionSink } from './route-subscription';
import type { SeatSocket } from './socket-types';
import { TokenBucket, type RateLimit } from './token-bucket';

export interface SessionSettings {
  services: Pick<BookingServices, 'routes'>;
  feeds: RouteFeeds;
  replay: ReplaySettings;
  rateLimit: RateLimit;
  maxRoutesPerSocket: number;
  logger: Logger;
}

type ClientEvent = keyof ClientToServerEvents;
const CLIENT_EVENTS: readonly string[] = ['subscribe_route', 'unsubscribe_route', 'get_seat_availability'];

/** One connected socket: its rate limit, its message handlers and its route subscriptions. */
export class SeatSocketSession {
  private readonly subscriptions = new Map<string, RouteSubscription>();
  private readonly bucket: TokenBucket;

  constructor(
    private readonly socket: SeatSocket,
    private readonly settings: SessionSettings,
  ) {
    this.bucket = new TokenBucket(settings.rateLimit);
    socket.use((packet, next) => this.admit(packet, next));
    this.on('subscribe_route', (message, reply) => this.subscribe(message, reply));
    this.on('unsubscribe_route', (message, reply) => this.unsubscribe(message, reply));
    this.on('get_seat_availability', (message, reply) => this.seatAvailability(message, reply));
    socket.on('disconnect', () => this.closeAll());
  }

  /** Every packet passes here first: over the rate, or not a known event, it is answered and dropped. */
  private admit(packet: unknown[], next: () => void): void {
    const [event, ...args] = packet;
    const { reply } = Reply.from(this.socket, args);
    if (!this.bucket.tryTake()) {
      reply.fail({ code: 'rate_limited', message: 'Too many messages; slow down.' });
    } else if (typeof event !== 'string' || !CLIENT_EVENTS.includes(event)) {
      reply.fail({
        code: 'validation_failed',
        message: `Unknown event; use one of ${CLIENT_EVENTS.join(', ')}.`,
      });
    } else next();
  }

  private on(event: ClientEvent, handle: (message: unknown, reply: Reply) => Promise<void>): void {
    this.socket.on(event, (...args: unknown[]) => {
      const { message, reply } = Reply.from(this.socket, args);
      handle(message, reply).catch((error: unknown) => {
        this.settings.logger.error(
          { err: error, event, socketId: this.socket.id },
          'seat socket handler failed',
        );
        reply.fail(internalError);
      });
    });
  }

  private async subscribe(raw: unknown, reply: Reply): Promise<void> {
    const parsed = parseMessage(subscribeRouteSchema, raw);
    if (!parsed.ok) return reply.fail(parsed.error);
    const { routeId, sinceSequence } = parsed.value;
    const missing = await this.checkRoute(routeId);
    if (missing) return reply.fail(missing);
    if (!this.socket.connected) return;
    this.remove(routeId); // a repeated subscribe replaces the earlier one (and replays again if asked)
    if (this.subscriptions.size >= this.settings.maxRoutesPerSocket) {
      return reply.fail({
        code: 'too_many_subscriptions',
        message: `A connection may follow at most ${this.settings.maxRoutesPerSocket} routes.`,
      });
    }
    const subscription = new RouteSubscription(
      this.settings.feeds.acquire(routeId),
      this.sinkFor(routeId),
      this.settings.replay,
    );
    this.subscriptions.set(routeId, subscription);
    const started = await subscription.start(sinceSequence, (sequence) =>
      reply.ok('subscribed', {
        routeId,
        message: `Subscribed to seat updates of route ${routeId}.`,
        sequence,
      }),
    );
    if (started.ok) return;
    if (this.subscriptions.get(routeId) === subscription) this.remove(routeId);
    reply.fail(started.error);
  }

  private async unsubscribe(raw: unknown, reply: Reply): Promise<void> {
    const parsed = parseMessage(unsubscribeRouteSchema, raw);
    if (!parsed.ok) return reply.fail(parsed.error);
    const { routeId } = parsed.value;
    if (!this.remove(routeId)) {
      const missing = await this.checkRoute(routeId);
      if (missing) return reply.fail(missing);
    }
    reply.ok('unsubscribed', { routeId, message: `Unsubscribed from seat updates of route ${routeId}.` });
  }

  private async seatAvailability(raw: unknown, reply: Reply): Promise<void> {
    const parsed = parseMessage(getSeatAvailabilitySchema, raw);
    if (!parsed.ok) return reply.fail(parsed.error);
    const { routeId, fromCity, toCity, gender } = parsed.value;
    if (!UUID.test(routeId)) return reply.fail(routeNotFound(routeId));
    const map = await this.settings.services.routes.seatMap(routeId, fromCity, toCity, { gender });
    if (map.isErr()) return reply.fail(protocolErrorOf(map.error));
    reply.ok('seat_availability', map.value);
  }

  /** Undefined when the route exists; otherwise the error to answer. */
  private async checkRoute(routeId: string): Promise<ServerError | undefined> {
    if (!UUID.test(routeId)) return routeNotFound(routeId);
    const route = await this.settings.services.routes.get(routeId);
    return route.isErr() ? protocolErrorOf(route.error) : undefined;
  }

  private sinkFor(routeId: string): SubscriptionSink {
    const room = routeRoom(routeId);
    return {
      send: (update) => this.socket.emit('seat_update', update),
      resyncRequired: () => this.socket.emit('resync_required', { routeId }),
      joinRoom: () => void this.socket.join(room),
      leaveRoom: () => void this.socket.leave(room),
    };
  }

  /** Ends the socket's subscription to a route, whatever phase it is in. False when there was none. */
  private remove(routeId: string): boolean {
    const subscription = this.subscriptions.get(routeId);
    if (!subscription) return false;
    this.subscriptions.delete(routeId);
    subscription.cancel();
    this.settings.feeds.release(subscription.feed);
    return true;
  }

  private closeAll(): void {
    for (const routeId of [...this.subscriptions.keys()]) this.remove(routeId);
  }
}

const routeNotFound = (routeId: string): ServerError => ({
  code: 'route_not_found',
  message: `Route ${routeId.slice(0, 200)} does not exist.`,
});
