import { afterAll, beforeAll } from '@jest/globals';
import {
  describeScheduleRepositoryContract,
  describeStorageContracts,
  describeWithService,
} from '@booking/core/testing';
import type { MikroOrmStorage } from './open-storage';
import { Sql } from './sql';
import { createTestStorage } from './testing/test-storage';

describeWithService('DATABASE_URL', process.env, 'MikroORM storage on PostgreSQL', () => {
  let storage: MikroOrmStorage | undefined;
  beforeAll(async () => {
    storage = await createTestStorage(process.env, { kind: 'postgres' });
  });
  afterAll(async () => {
    await storage?.close();
  });
  const opened = () => {
    if (!storage) throw new Error('storage not opened');
    return storage;
  };
  describeStorageContracts('MikroORM on PostgreSQL', {
    open: async () => opened(),
    // The test database is this file's own: every session waiting for a lock in it is one of ours.
    lockWaits: async () => {
      const rows = await new Sql(opened().orm.em.getConnection()).rows<{ waiting: number }>(
        `select count(*)::int as waiting from pg_stat_activity
         where datname = current_database() and wait_event_type = 'Lock'`,
      );
      return rows._unsafeUnwrap()[0]?.waiting ?? 0;
    },
  });
  describeScheduleRepositoryContract('MikroORM on PostgreSQL', { open: async () => opened() });
});
