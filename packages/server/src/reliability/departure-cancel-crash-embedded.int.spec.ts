import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from '@jest/globals';
import { describeDepartureCancelCrash } from '../test-support/departure-cancel-crash';

// A file of its own: PGlite's starts (two servers, two audits) take most of a suite's time.
describe('a departure cancelled just before the server is killed (embedded database)', () => {
  describeDepartureCancelCrash(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'booking-cancel-crash-'));
    return {
      env: { DATA_DIR: dataDir },
      target: { embedded: { dataDir } },
      shared: false,
      close: () => rm(dataDir, { recursive: true, force: true }),
    };
  });
});
