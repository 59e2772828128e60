import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithService } from '@booking/core/testing';
import { createTestStorage, type MikroOrmStorage } from '@booking/mikro-orm';
import { runSeedTimeline } from './test-support/seed-timeline';
import { startServerProcess, type ServerProcess } from './test-support/server-process';

describeWithService('DATABASE_URL', process.env, 'the reference server process on PostgreSQL', () => {
  let database: MikroOrmStorage;
  let server: ServerProcess;

  beforeAll(async () => {
    // A fresh database of its own; the server migrates it at start (already done here, so a no-op).
    database = await createTestStorage(process.env, { kind: 'postgres' });
    server = await startServerProcess({ DATABASE_URL: database.url });
  }, 60_000);
  afterAll(async () => {
    await server?.stop('SIGTERM');
    await database?.close();
  });

  it('serves the seed timeline: two watchers see reserve, pay and cancel in order', async () => {
    await runSeedTimeline(server.url);
  }, 60_000);

  it('reports itself healthy and stops cleanly on SIGTERM', async () => {
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await server.stop('SIGTERM')).toBe(0);
  });
});
