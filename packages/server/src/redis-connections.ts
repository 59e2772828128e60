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
  const commands: RedisClientType = createClient({ url });
  const clients = [commands, commands.duplicate(), commands.duplicate(), commands.duplicate()];
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
