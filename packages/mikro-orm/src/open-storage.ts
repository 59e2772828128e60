import type { Logger, PaymentLocks, TransactionScope, UnitOfWork } from '@booking/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createOrm, ORM_DEFAULTS } from './create-orm';
import { createEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database';
import { migrate } from './migrate';
import { MikroOrmPaymentLocks } from './repositories/payment-locks';
import { Sql } from './sql';
import { storageScope } from './storage-scope';
import { MikroOrmUnitOfWork } from './unit-of-work';

/** A PostgreSQL server by URL, or the embedded database kept in a directory. */
export type StorageTarget = { url: string } | { embedded: { dataDir: string } };

/** `openStorage`'s settings; `STORAGE_DEFAULTS` holds the default of each optional one but the logger. */
export interface StorageOptions {
  /** Pool size for a PostgreSQL URL. The embedded database always uses 1. */
  poolSize?: number;
  /** How long an operation waits for a connection before it fails as `persistence_unavailable` (ms). */
  acquireTimeoutMs?: number;
  /** PostgreSQL cancels a statement that runs longer (ms; 0: no limit). */
  statementTimeoutMs?: number;
  /** Receives the database driver's warnings (default: dropped). */
  logger?: Logger;
  /** Apply the committed migrations while opening. */
  migrate?: boolean;
}

export const STORAGE_DEFAULTS = { ...ORM_DEFAULTS, migrate: true } as const;

/** The storage ports of the booking core, over one database. */
export interface MikroOrmStorage extends TransactionScope {
  unitOfWork: UnitOfWork;
  /** Per-ticket payment claims, committed at once (never inside a unit of work). */
  paymentLocks: PaymentLocks;
  orm: MikroORM;
  /** The connection string in use (for the embedded database, its local port). */
  url: string;
  /** True when the database answers a trivial query within two seconds. */
  isHealthy(): Promise<boolean>;
  /** Closes the pool, and stops the embedded database if this storage started it. */
  close(): Promise<void>;
}

const HEALTH_TIMEOUT_MS = 2_000;

export async function openStorage(
  target: StorageTarget,
  options: StorageOptions = {},
): Promise<MikroOrmStorage> {
  const embedded: EmbeddedDatabase | undefined =
    'embedded' in target ? await createEmbeddedDatabase(target.embedded) : undefined;
  const url = embedded ? embedded.url : (target as { url: string }).url;
  let orm: MikroORM | undefined;
  try {
    orm = await createOrm({
      url,
      poolSize: embedded ? embedded.poolSize : options.poolSize,
      acquireTimeoutMs: options.acquireTimeoutMs,
      statementTimeoutMs: options.statementTimeoutMs,
      logger: options.logger,
    });
    if (options.migrate ?? STORAGE_DEFAULTS.migrate) await migrate(orm);
  } catch (error) {
    await orm?.close(true).catch(() => undefined);
    await embedded?.close();
    throw error;
  }
  const connection = orm.em.getConnection();
  const opened = orm;
  return {
    ...storageScope(new Sql(connection)),
    unitOfWork: new MikroOrmUnitOfWork(connection),
    paymentLocks: new MikroOrmPaymentLocks(new Sql(connection)),
    orm: opened,
    url,
    isHealthy: () => isHealthy(() => connection.execute('select 1')),
    close: async () => {
      await opened.close(true);
      await embedded?.close();
    },
  };
}

async function isHealthy(probe: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), HEALTH_TIMEOUT_MS);
  });
  try {
    return await Promise.race([probe().then(() => true as const), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
