import { afterAll, beforeAll } from '@jest/globals';
import { describeStorageContracts } from '@booking/core/testing';
import type { MikroOrmStorage } from './open-storage';
import { createTestStorage } from './testing/test-storage';

// The embedded database needs no service: this suite always runs.
let storage: MikroOrmStorage | undefined;
beforeAll(async () => {
  storage = await createTestStorage(process.env, { kind: 'embedded' });
});
afterAll(async () => {
  await storage?.close();
});

describeStorageContracts('MikroORM on the embedded database', {
  open: async () => {
    if (!storage) throw new Error('storage not opened');
    return storage;
  },
});
