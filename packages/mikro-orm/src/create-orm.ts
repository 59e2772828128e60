import { silentLogger, type Logger } from '@booking/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { BOOKING_ENTITIES } from './entities';
import { BOOKING_MIGRATIONS } from './migrations';

/** `createOrm`'s settings; `ORM_DEFAULTS` holds the default of each optional number. */
export interface OrmOptions {
  /** `postgres://user:password@host:port/database` */
  url: string;
  /** Connections in the pool. The embedded database uses 1. */
  poolSize?: number;
  /** How long a query waits for a free connection before it fails as `persistence_unavailable` (ms). */
  acquireTimeoutMs?: number;
  /** How long one statement may run before PostgreSQL cancels it (ms; 0: no limit). */
  statementTimeoutMs?: number;
  /** Where the driver's own warnings go (a dropped connection, a failed rollback); default: nowhere. */
  logger?: Logger;
}

export const ORM_DEFAULTS = { poolSize: 10, acquireTimeoutMs: 10_000, statementTimeoutMs: 15_000 } as const;

/** A MikroORM instance for the booking schema, with its committed migrations registered. */
export async function createOrm(options: OrmOptions): Promise<MikroORM> {
  const acquireTimeout = options.acquireTimeoutMs ?? ORM_DEFAULTS.acquireTimeoutMs;
  const logger = options.logger ?? silentLogger;
  const log = (level: 'debug' | 'warn' | 'error') => (message: unknown) =>
    logger[level]({ component: 'mikro-orm', detail: message }, 'database driver');
  return MikroORM.init({
    clientUrl: options.url,
    entities: BOOKING_ENTITIES,
    extensions: [Migrator],
    migrations: {
      migrationsList: BOOKING_MIGRATIONS,
      tableName: 'booking_migrations',
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
    pool: { min: 0, max: options.poolSize ?? ORM_DEFAULTS.poolSize, acquireTimeoutMillis: acquireTimeout },
    driverOptions: {
      acquireConnectionTimeout: acquireTimeout,
      // Failures also come back as `persistence_unavailable`; this is knex's own account of them.
      log: { debug: log('debug'), warn: log('warn'), error: log('error'), deprecate: log('warn') },
      connection: {
        connectionTimeoutMillis: acquireTimeout,
        statement_timeout: options.statementTimeoutMs ?? ORM_DEFAULTS.statementTimeoutMs,
      },
    },
    // Metadata comes from the EntitySchemas above; no decorators, no reflection.
    discovery: { warnWhenNoEntities: false },
    debug: false,
    logger: (message: string) => logger.debug({ component: 'mikro-orm' }, message),
  });
}
