import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createOrm } from '../create-orm';
import { openStorage, type MikroOrmStorage, type StorageOptions } from '../open-storage';

export interface TestStorageOptions extends StorageOptions {
  /** `postgres` needs `env.DATABASE_URL`; default: `postgres` when it is set, else `embedded`. */
  kind?: 'postgres' | 'embedded';
}

/**
 * Storage for an integration test file that sees no other test's data: a fresh database on
 * `DATABASE_URL` (dropped again by `close()`), or the embedded database in a fresh temporary
 * directory (deleted by `close()`). Migrated and ready.
 */
export async function createTestStorage(
  env: Record<string, string | undefined>,
  options: TestStorageOptions = {},
): Promise<MikroOrmStorage> {
  const { kind = env.DATABASE_URL ? 'postgres' : 'embedded', ...storageOptions } = options;
  if (kind === 'embedded') {
    const dataDir = await mkdtemp(join(tmpdir(), 'booking-pglite-'));
    const storage = await openStorage({ embedded: { dataDir } }, storageOptions);
    return {
      ...storage,
      close: () => storage.close().finally(() => rm(dataDir, { recursive: true, force: true })),
    };
  }
  const adminUrl = env.DATABASE_URL;
  if (!adminUrl) throw new Error('createTestStorage: kind "postgres" needs DATABASE_URL');
  const name = `booking_test_${randomBytes(6).toString('hex')}`;
  await onAdminConnection(adminUrl, `create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const storage = await openStorage({ url: url.toString() }, storageOptions);
  return {
    ...storage,
    close: () =>
      storage
        .close()
        .finally(() => onAdminConnection(adminUrl, `drop database if exists "${name}" with (force)`)),
  };
}

async function onAdminConnection(url: string, sql: string): Promise<void> {
  const orm = await createOrm({ url, poolSize: 1 });
  try {
    await orm.em.getConnection().execute(sql);
  } finally {
    await orm.close(true);
  }
}
