import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeWithService, sampleRoute } from '@booking/core/testing';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { openStorage, type MikroOrmStorage } from './open-storage';
import { Sql } from './sql';
import { createTestStorage } from './testing/test-storage';

const SOME_ID = '00000000-0000-4000-8000-000000000000';

describe('a database that cannot be reached at start', () => {
  it("refuses to open, with the driver's reason", async () => {
    // Port 1 refuses connections: a server should not start without its database.
    await expect(
      openStorage({ url: 'postgres://postgres@127.0.0.1:1/nothing' }, { acquireTimeoutMs: 1_000 }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});

/** A TCP relay to PostgreSQL that can be cut, as a network failure or a database restart would. */
async function cuttableRelay(target: URL): Promise<{ url: string; cut(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: url.toString(),
    cut: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describeWithService('DATABASE_URL', process.env, 'infrastructure failures on PostgreSQL', () => {
  let storage: MikroOrmStorage | undefined;
  const opened = () => {
    if (!storage) throw new Error('storage not opened');
    return storage;
  };
  beforeAll(async () => {
    storage = await createTestStorage(process.env, { kind: 'postgres', poolSize: 1, acquireTimeoutMs: 500 });
  });
  afterAll(async () => {
    await storage?.close();
  });

  it('reports a healthy database', async () => {
    expect(await opened().isHealthy()).toBe(true);
  });

  it('answers persistence_unavailable when the pool stays exhausted, and recovers', async () => {
    // The only connection is held by a unit of work that waits on the pool: the inner query times out.
    const blocked = await opened().unitOfWork.run(() => opened().routes.findById(SOME_ID));
    expect(blocked._unsafeUnwrapErr()).toMatchObject({ kind: 'persistence_unavailable' });
    expect((await opened().routes.findById(SOME_ID))._unsafeUnwrap()).toBeUndefined();
  });

  it('answers persistence_unavailable when the connection is lost, and recovers', async () => {
    const second = await openStorage({ url: opened().url }, { poolSize: 2, migrate: false });
    try {
      const pool = new Sql(second.orm.em.getConnection());
      const route = sampleRoute();
      const lost = await second.unitOfWork.run((tx) =>
        tx.routes
          .insert(route)
          // Another session ends this one mid-transaction, as a database restart or a network cut would.
          .andThen(() =>
            pool.rows(
              `select pg_terminate_backend(pid) from pg_stat_activity
               where datname = current_database() and pid <> pg_backend_pid() and state like 'idle in transaction%'`,
            ),
          )
          .andThen(() => tx.routes.findById(route.id)),
      );
      expect(lost._unsafeUnwrapErr()).toMatchObject({ kind: 'persistence_unavailable' });
      // Nothing of the lost transaction was kept, and the pool serves again with fresh connections.
      expect((await second.routes.findById(route.id))._unsafeUnwrap()).toBeUndefined();
      expect(await second.isHealthy()).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('answers persistence_unavailable (cause kept) once the database goes away, never throwing', async () => {
    const relay = await cuttableRelay(new URL(opened().url));
    const cut = await openStorage({ url: relay.url }, { migrate: false, acquireTimeoutMs: 1_000 });
    try {
      expect((await cut.routes.findById(SOME_ID))._unsafeUnwrap()).toBeUndefined();
      await relay.cut();
      const found = await cut.routes.findById(SOME_ID);
      expect(found._unsafeUnwrapErr()).toMatchObject({
        kind: 'persistence_unavailable',
        cause: expect.any(Error),
      });
      const work = await cut.unitOfWork.run((tx) => tx.routes.insert(sampleRoute()));
      expect(work._unsafeUnwrapErr()).toMatchObject({ kind: 'persistence_unavailable' });
      expect(await cut.isHealthy()).toBe(false);
    } finally {
      await cut.close();
    }
  });
});
