import { afterAll, beforeAll } from '@jest/globals';
import type { MikroOrmStorage } from '../open-storage';
import { createTestStorage, type TestStorageOptions } from './test-storage';

/**
 * A test storage of the enclosing describe block: opened before its tests, closed (and dropped)
 * after them. Call it inside the block; the answer gives the storage, and fails a test that runs
 * without it (the block's set-up failed).
 */
export function storagePerSuite(
  env: Record<string, string | undefined>,
  options: TestStorageOptions = {},
): () => MikroOrmStorage {
  let storage: MikroOrmStorage | undefined;
  beforeAll(async () => {
    storage = await createTestStorage(env, options);
  });
  afterAll(async () => {
    await storage?.close();
  });
  return () => {
    if (!storage) throw new Error('storage not opened');
    return storage;
  };
}
