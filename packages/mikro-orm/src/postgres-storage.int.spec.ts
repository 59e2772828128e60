import { afterAll, beforeAll } from '@jest/globals';
import { describeStorageContracts, describeWithService } from '@booking/core/testing';
import type { MikroOrmStorage } from './open-storage';
import { createTestStorage } from './testing/test-storage';

describeWithService('DATABASE_URL', process.env, 'MikroORM storage on PostgreSQL', () => {
  let storage: MikroOrmStorage | undefined;
  beforeAll(async () => {
    storage = await createTestStorage(process.env, { kind: 'postgres' });
  });
  afterAll(async () => {
    await storage?.close();
  });
  describeStorageContracts('MikroORM on PostgreSQL', {
    open: async () => {
      if (!storage) throw new Error('storage not opened');
      return storage;
    },
  });
});
