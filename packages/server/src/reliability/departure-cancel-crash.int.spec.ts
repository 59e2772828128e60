import { describeWithService } from '@booking/core/testing';
import { createTestStorage } from '@booking/mikro-orm';
import { describeDepartureCancelCrash } from '../test-support/departure-cancel-crash';

describeWithService(
  'DATABASE_URL',
  process.env,
  'a departure cancelled just before the server is killed (PostgreSQL)',
  () => {
    describeDepartureCancelCrash(async () => {
      // An empty database: the server process migrates it with the migrations it was built with.
      const database = await createTestStorage(process.env, { kind: 'postgres', migrate: false });
      return {
        env: { DATABASE_URL: database.url },
        target: { url: database.url },
        shared: true,
        close: () => database.close(),
      };
    });
  },
);
