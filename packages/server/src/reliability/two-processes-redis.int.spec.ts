import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithService } from '@booking/core/testing';
import { createTestStorage, type MikroOrmStorage } from '@booking/mikro-orm';
import { DatabaseAudit } from '../test-support/database-audit';
import { eventually, request } from '../test-support/http-client';
import { startPrivateRedis, type PrivateRedis } from '../test-support/private-redis';
import { sequencesOf, watchRoute, type RouteWatcher } from '../test-support/route-watcher';
import { createRoute } from '../test-support/seed-timeline';
import { startServerProcess, tokenFor, type ServerProcess } from '../test-support/server-process';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * Two server processes on one PostgreSQL database and one Redis. Redis is a private redis-server
 * started by this file (the shared one is never stopped), so the outage below touches nobody else.
 */
describeWithService('DATABASE_URL', process.env, 'two server processes sharing PostgreSQL', () => {
  describeWithService('REDIS_URL', process.env, 'and Redis', () => {
    let database: MikroOrmStorage | undefined;
    let redis: PrivateRedis | undefined;
    let a: ServerProcess | undefined;
    let b: ServerProcess | undefined;
    let audit: DatabaseAudit | undefined;
    let agent = '';
    const watchers: RouteWatcher[] = [];
    const watch = async (...args: Parameters<typeof watchRoute>) => {
      const watcher = await watchRoute(...args);
      watchers.push(watcher);
      return watcher;
    };
    const book = (base: string, routeId: string, seatNumber: number) =>
      request(base, 'POST', '/tickets', {
        token: agent,
        body: { routeId, seatNumber, passengerName: `Seat ${seatNumber}`, gender: 'other' },
        timeoutMs: 15_000,
      });

    beforeAll(async () => {
      database = await createTestStorage(process.env, { kind: 'postgres' });
      audit = await DatabaseAudit.open(database.url);
      redis = await startPrivateRedis();
      const env = { DATABASE_URL: database.url, REDIS_URL: redis.url };
      [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
      agent = await tokenFor('agent', 'two-process-agent');
    }, 90_000);
    afterAll(async () => {
      for (const watcher of watchers) watcher.close();
      await Promise.all([a?.stop('SIGKILL'), b?.stop('SIGKILL')]);
      await redis?.stop();
      await audit?.close();
      await database?.close();
    });

    it('a client on one process sees a booking made on the other, both ways', async () => {
      if (!a || !b) throw new Error('not started');
      const routeId = await createRoute(a.url, 10);
      const [onA, onB] = await Promise.all([watch(a.url, routeId), watch(b.url, routeId)]);
      const first = await book(b.url, routeId, 1);
      expect(first.status).toBe(201);
      const second = await book(a.url, routeId, 2);
      expect(second.status).toBe(201);
      for (const watcher of [onA, onB]) {
        await watcher.waitForSequence(2);
        expect(watcher.updates.map((u) => [u.sequence, u.ticketId])).toEqual([
          [1, first.body.id],
          [2, second.body.id],
        ]);
      }
    }, 60_000);

    it('keeps subscribers served while Redis is down, and resumes Redis delivery and replay when it returns', async () => {
      if (!a || !b || !redis || !audit) throw new Error('not started');
      const routeId = await createRoute(a.url, 10);
      const [onA, onB, leaver] = await Promise.all([
        watch(a.url, routeId),
        watch(b.url, routeId),
        watch(b.url, routeId),
      ]);
      expect((await book(a.url, routeId, 1)).status).toBe(201);
      await Promise.all([onB.waitForSequence(1), leaver.waitForSequence(1)]);

      await redis.stop();
      // A client drops off during the outage (a phone going through a tunnel).
      leaver.close();
      const leftAt = leaver.lastSequence();
      // Bookings still answer at once, and subscribers on both processes still see them: each
      // process delivers its own at once, and the other's through the outbox on the shared database.
      const onBDuring = await book(b.url, routeId, 2);
      const onADuring = await book(a.url, routeId, 3);
      // (Regression: they used to wait in node-redis's offline queue until Redis returned.)
      expect([onBDuring.status, onADuring.status]).toEqual([201, 201]);
      expect((await request(a.url, 'GET', `/routes/${routeId}`, { token: agent })).status).toBe(200);
      for (const watcher of [onA, onB]) {
        await watcher.waitForSequence(3);
        expect(sequencesOf(watcher.updates)).toEqual([1, 2, 3]);
      }
      // Nothing went out over Redis: the outbox still holds the outage's events.
      expect((await audit.seatEvents(routeId)).filter((e) => !e.published).length).toBeGreaterThan(0);
      expect(a.child.exitCode).toBeNull();
      expect(b.child.exitCode).toBeNull();

      await redis.start();
      // node-redis reconnects by itself; the relay then publishes the outbox through Redis.
      const published = await eventually(
        async () => (await audit!.seatEvents(routeId)).every((e) => e.published),
        30_000,
        250,
      );
      expect(published).toBe(true);
      const after = await book(a.url, routeId, 4);
      expect(after.status).toBe(201);
      await onB.waitForSequence(4);
      expect(onB.updates.find((u) => u.sequence === 4)?.ticketId).toBe(after.body.id);

      // The client that dropped off re-subscribes with its last sequence: every missed event once, in order.
      const back = await watch(b.url, routeId, { sinceSequence: leftAt });
      await back.waitForSequence(4);
      expect(back.updates.map((u) => u.sequence)).toEqual(range(leftAt + 1, 4));
      expect(sequencesOf([...leaver.updates, ...back.updates])).toEqual(range(1, 4));
      expect(sequencesOf(onA.updates)).toEqual(range(1, 4));
    }, 90_000);
  });
});
