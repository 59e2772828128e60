import type { TokenVerifier } from '@booking/auth';
import type { BookingServices, Logger } from '@booking/core';
import { cancelled, internalError, protocolErrorOf } from './error-codes';
import { verifyToken, type Identity } from './handshake-auth';
import { parseMessage, UUID } from './message-schemas';
import {
  getSeatAvailabilitySchema,
  renewTokenSchema,
  routeRoom,
  subscribeRouteSchema,
  unsubscribeRouteSchema,
  userRoom,
  type ClientToServerEvents,
  type RouteRoomEvent,
  type ServerError,
} from './protocol';
import { Reply } from './reply';
import { toSeatAvailability } from './views';
import type { RouteFeeds } from './route-feeds';
import { RouteSubscription, type ReplaySettings, type SubscriptionSink } from './route-subscription';
import type { SeatSocket } from './socket-types';
import { TokenBucket, type RateLimit } from './token-bucket';

export interface SessionSettings {
  services: Pick<BookingServices, 'routes'>;
  /** Verifies the tokens of `renew_token`. */
  auth: TokenVerifier;
  /** An expired identity also ends the connection (anonymous sockets may not read). */
  requireAuth: boolean;
  feeds: RouteFeeds;
  replay: ReplaySettings;
  rateLimit: RateLimit;
  maxRoutesPerSocket: number;
  logger: Logger;
}

type Handler = (this: SeatSocketSession, message: unknown, reply: Reply) => Promise<void>;

/** Shared by every session: a number is never reused, so a stale one can never look current again. */
let lastGeneration = 0;

/** setTimeout's longest delay (about 24.8 days); a later `exp` is waited for in several steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One connected socket: its rate limit, its message handlers and its route subscriptions. It holds
 * only what each socket needs (tens of thousands are open at once): one middleware that also
 * dispatches, one disconnect listener, and the session itself as every subscription's sink.
 */
export class SeatSocketSession implements SubscriptionSink {
  /** The client's messages (`ClientToServerEvents`) and their handlers, shared by every session. */
  private static readonly handlers = new Map<string, Handler>(
    Object.entries({
      subscribe_route: SeatSocketSession.prototype.subscribe,
      unsubscribe_route: SeatSocketSession.prototype.unsubscribe,
      get_seat_availability: SeatSocketSession.prototype.seatAvailability,
      renew_token: SeatSocketSession.prototype.renewToken,
    } satisfies Record<keyof ClientToServerEvents, Handler>),
  );

  private subscriptions: RouteSubscription[] = [];
  /**
   * The latest subscribe_route or unsubscribe_route of each route still being answered, by the
   * generation it got on arrival. A subscribe that awaited something and finds a later one here has
   * been overtaken: it answers `cancelled` instead of subscribing after the unsubscribe was answered.
   * Made on first use and emptied as answers go out, so an idle socket holds none.
   */
  private latest: Map<string, number> | undefined;
  /** Ends the socket's identity at its token's `exp`; only sockets with a token have one. */
  private identityTimer: NodeJS.Timeout | undefined;
  private readonly bucket: TokenBucket;

  constructor(
    private readonly socket: SeatSocket,
    private readonly settings: SessionSettings,
  ) {
    this.bucket = new TokenBucket(settings.rateLimit);
    socket.use((packet) => this.admit(packet));
    socket.on('disconnect', () => this.closeAll());
    const { actor, actorExpiresAtMs } = socket.data;
    if (actor) this.actAs({ actor, expiresAtMs: actorExpiresAtMs });
  }

  /**
   * Every packet comes here: over the rate, or not a known event, it is answered; else handled. It
   * never passes the packet on: further `socket.use` middleware and `socket.on` listeners for these
   * events on `/seats` do not run.
   */
  private admit(packet: unknown[]): void {
    if (!this.socket.connected) return; // as Socket.IO checks before calling listeners
    const [event, ...args] = packet;
    const { message, reply } = Reply.from(this.socket, args);
    const handler = typeof event === 'string' ? SeatSocketSession.handlers.get(event) : undefined;
    if (!this.bucket.tryTake()) {
      reply.fail({ code: 'rate_limited', message: 'Too many messages; slow down.' });
    } else if (!handler) {
      reply.fail({
        code: 'validation_failed',
        message: `Unknown event; use one of ${[...SeatSocketSession.handlers.keys()].join(', ')}.`,
      });
    } else {
      handler.call(this, message, reply).catch((error: unknown) => {
        this.settings.logger.error(
          { err: error, event, socketId: this.socket.id },
          'seat socket handler failed',
        );
        reply.fail(internalError);
      });
    }
  }

  private async subscribe(raw: unknown, reply: Reply): Promise<void> {
    const parsed = parseMessage(subscribeRouteSchema, raw);
    if (!parsed.ok) return reply.fail(parsed.error);
    const { routeId, sinceSequence } = parsed.value;
    const generation = this.arrived(routeId);
    try {
      await this.subscribeAs(generation, routeId, sinceSequence, reply);
    } finally {
      this.answered(routeId, generation);
    }
  }

  private async subscribeAs(
    generation: number,
    routeId: string,
    sinceSequence: number | undefined,
    reply: Reply,
  ): Promise<void> {
    const missing = await this.checkRoute(routeId);
    if (missing) return reply.fail(missing);
    if (!this.socket.connected) return;
    if (this.latest?.get(routeId) !== generation) return reply.fail(cancelled);
    this.remove(routeId); // a repeated subscribe replaces the earlier one (and replays again if asked)
    if (this.subscriptions.length >= this.settings.maxRoutesPerSocket) {
      return reply.fail({
        code: 'too_many_subscriptions',
        message: `A connection may follow at most ${this.settings.maxRoutesPerSocket} routes.`,
      });
    }
    const subscription = new RouteSubscription(
      this.settings.feeds.acquire(routeId),
      this,
      this.settings.replay,
    );
    this.subscriptions.push(subscription);
    const dropIfCurrent = () => {
      if (this.subscriptionTo(routeId) === subscription) this.remove(routeId);
    };
    const started = await subscription
      .start(sinceSequence, (sequence) =>
        reply.ok('subscribed', {
          routeId,
          message: `Subscribed to seat updates of route ${routeId}.`,
          sequence,
        }),
      )
      .catch((bug: unknown) => {
        dropIfCurrent(); // a bug: answered as internal_error, but no half-started subscription stays tapped
        throw bug;
      });
    if (started.ok) return;
    dropIfCurrent();
    reply.fail(started.error);
  }

  private async unsubscribe(raw: unknown, reply: Reply): Promise<void> {
    const parsed = parseMessage(unsubscribeRouteSchema, raw);
    if (!parsed.ok) return reply.fail(parsed.error);
    const { routeId } = parsed.value;
    const generation = this.arrived(routeId);
    try {
      if (!this.remove(routeId)) {
        const missing = await this.checkRoute(routeId);
        if (missing) return reply.fail(missing);
      }
    } finally {
      this.answered(routeId, generation);
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
    reply.ok('seat_availability', toSeatAvailability(map.value));
  }

  private async renewToken(raw: unknown, reply: Reply): Promise<void> {
    const parsed = parseMessage(renewTokenSchema, raw);
    if (!parsed.ok) return reply.fail(parsed.error);
    const verified = await verifyToken(parsed.value.token, this.settings.auth);
    if (!verified.ok) return reply.fail({ code: 'unauthorized', message: verified.message });
    if (!this.socket.connected) return;
    this.actAs(verified.identity);
    const { expiresAtMs } = verified.identity;
    reply.ok('token_renewed', {
      message: `This connection acts as ${verified.identity.actor.userId} until the token expires.`,
      ...(expiresAtMs !== undefined ? { expiresAt: new Date(expiresAtMs).toISOString() } : {}),
    });
  }

  /**
   * From now on the socket is `identity.actor` (its user room brings that user's ticket_update)
   * until `identity.expiresAtMs`. A token of another user moves the socket to that user's room.
   */
  private actAs({ actor, expiresAtMs }: Identity): void {
    const previous = this.socket.data.actor;
    if (previous && previous.userId !== actor.userId) void this.socket.leave(userRoom(previous.userId));
    this.socket.data.actor = actor;
    this.socket.data.actorExpiresAtMs = expiresAtMs;
    void this.socket.join(userRoom(actor.userId));
    clearTimeout(this.identityTimer);
    this.identityTimer = undefined;
    if (expiresAtMs !== undefined) this.expireAt(expiresAtMs);
  }

  private expireAt(expiresAtMs: number): void {
    const delay = Math.min(Math.max(expiresAtMs - Date.now(), 0), MAX_TIMER_MS);
    // A static function and an argument, not a closure: the timer keeps only the session alive.
    this.identityTimer = setTimeout(SeatSocketSession.identityDue, delay, this).unref();
  }

  private static identityDue(session: SeatSocketSession): void {
    session.identityTimer = undefined;
    const { actor, actorExpiresAtMs } = session.socket.data;
    if (!actor || actorExpiresAtMs === undefined) return;
    if (Date.now() < actorExpiresAtMs) return session.expireAt(actorExpiresAtMs); // a step of a long wait
    session.identityExpired(actor.userId);
  }

  /** The token ran out: owner-only events stop; a server that requires a token ends the connection. */
  private identityExpired(userId: string): void {
    void this.socket.leave(userRoom(userId));
    delete this.socket.data.actor;
    delete this.socket.data.actorExpiresAtMs;
    this.socket.emit('token_expired', {
      message: this.settings.requireAuth
        ? 'The token expired; reconnect with a fresh one.'
        : 'The token expired: ticket_update stops until renew_token sends a fresh one.',
    });
    if (this.settings.requireAuth) this.socket.disconnect();
  }

  /** Called synchronously on a message's arrival: it overtakes every earlier one of the route. */
  private arrived(routeId: string): number {
    lastGeneration += 1;
    (this.latest ??= new Map()).set(routeId, lastGeneration);
    return lastGeneration;
  }

  private answered(routeId: string, generation: number): void {
    if (this.latest?.get(routeId) !== generation) return;
    this.latest.delete(routeId);
    if (this.latest.size === 0) this.latest = undefined;
  }

  /** Undefined when the route exists; otherwise the error to answer. */
  private async checkRoute(routeId: string): Promise<ServerError | undefined> {
    if (!UUID.test(routeId)) return routeNotFound(routeId);
    const route = await this.settings.services.routes.get(routeId);
    return route.isErr() ? protocolErrorOf(route.error) : undefined;
  }

  send(update: RouteRoomEvent): void {
    if (update.eventType === 'route_update') this.socket.emit('route_update', update);
    else this.socket.emit('seat_update', update);
  }

  resyncRequired(routeId: string): void {
    this.socket.emit('resync_required', { routeId });
  }

  joinRoom(routeId: string): void {
    void this.socket.join(routeRoom(routeId));
  }

  leaveRoom(routeId: string): void {
    void this.socket.leave(routeRoom(routeId));
  }

  /** Ends the socket's subscription to a route, whatever phase it is in. False when there was none. */
  private remove(routeId: string): boolean {
    const subscription = this.subscriptionTo(routeId);
    if (!subscription) return false;
    this.subscriptions = this.subscriptions.filter((other) => other !== subscription);
    subscription.cancel();
    this.settings.feeds.release(subscription.feed);
    return true;
  }

  private subscriptionTo(routeId: string): RouteSubscription | undefined {
    return this.subscriptions.find((subscription) => subscription.routeId === routeId);
  }

  private closeAll(): void {
    clearTimeout(this.identityTimer);
    this.identityTimer = undefined;
    for (const { routeId } of [...this.subscriptions]) this.remove(routeId);
  }
}

const routeNotFound = (routeId: string): ServerError => ({
  code: 'route_not_found',
  message: `Route ${routeId.slice(0, 200)} does not exist.`,
});
