import type { Logger } from '@booking/core';
import { RedisSeatEventBus } from '@booking/socketio';
import { createClient, type RedisClientType } from 'redis';

/** The Redis connections one server process uses: commands, and a dedicated subscriber per listener. */
export interface RedisConnections {
  commands: RedisClientType;
  /** Subscribes the seat event bus. */
  busSubscriber: RedisClientType;
  /** The Socket.IO adapter's publisher and subscriber. */
  adapterPublisher: RedisClientType;
  adapterSubscriber: RedisClientType;
  bus: RedisSeatEventBus;
  close(): Promise<void>;
}

export async function connectRedis(url: string, logger: Logger): Promise<RedisConnections> {
  // Commands fail at once while Redis is away instead of waiting in the offline queue: the rate
  // limiter then counts in memory and the outbox relay re-publishes seat events later. Queued, they
  // held every REST request and every booking's answer until Redis came back.
  const commands: RedisClientType = createClient({ url, disableOfflineQueue: true });
  // The Socket.IO adapter does not handle rejected publishes (they would be unhandled rejections):
  // its connections, and the subscribers, keep node-redis's offline queue.
  const queued = () => commands.duplicate({ disableOfflineQueue: false });
  const clients = [commands, queued(), queued(), queued()];
  for (const client of clients) {
    // node-redis reconnects by itself; an unhandled 'error' event would crash the process.
    client.on('error', (error: unknown) => logger.warn({ err: error }, 'redis connection error'));
  }
  await Promise.all(clients.map((client) => client.connect()));
  const [, busSubscriber, adapterPublisher, adapterSubscriber] = clients as [
    RedisClientType,
    RedisClientType,
    RedisClientType,
    RedisClientType,
  ];
  const bus = await RedisSeatEventBus.create({ publisher: commands, subscriber: busSubscriber, logger });
  return {
    commands,
    busSubscriber,
    adapterPublisher,
    adapterSubscriber,
    bus,
    async close() {
      await bus.close().catch(() => undefined);
      await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
    },
  };
}
