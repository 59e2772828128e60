import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithService } from '@booking/core/testing';
import { createTestStorage, type MikroOrmStorage } from '@booking/mikro-orm';
import { startBookingLoad } from '../test-support/booking-load';
import { DatabaseAudit } from '../test-support/database-audit';
import { request } from '../test-support/http-client';
import { sequencesOf, watchRoute } from '../test-support/route-watcher';
import { createRoute } from '../test-support/seed-timeline';
import { startServerProcess, tokenFor, type ServerProcess } from '../test-support/server-process';

const STOPS = ['Istanbul', 'Izmit', 'Bolu', 'Ankara'];
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describeWithService(
  'DATABASE_URL',
  process.env,
  'a server killed with SIGKILL under load (PostgreSQL)',
  () => {
    let database: MikroOrmStorage | undefined;
    let audit: DatabaseAudit | undefined;
    const servers: ServerProcess[] = [];
    const start = async () => {
      if (!database) throw new Error('no database');
      // The load's customers keep many holds: the limit of held seats is out of the way here.
      const server = await startServerProcess({
        DATABASE_URL: database.url,
        SWEEP_INTERVAL_MS: '200',
        MAX_HELD_SEATS: '1000',
      });
      servers.push(server);
      return server;
    };

    beforeAll(async () => {
      database = await createTestStorage(process.env, { kind: 'postgres' });
      audit = await DatabaseAudit.open(database.url);
    }, 60_000);
    afterAll(async () => {
      for (const server of servers) await server.stop('SIGKILL');
      await audit?.close();
      await database?.close();
    });

    it('keeps every booking it answered 201, never double-books, and replays what a client missed', async () => {
      if (!audit) throw new Error('no audit connection');
      const first = await start();
      const routeId = await createRoute(first.url, 12);
      const watcher = await watchRoute(first.url, routeId);
      const tokens = await Promise.all([
        tokenFor('agent', 'crash-agent'),
        tokenFor('customer', 'crash-customer-1'),
        tokenFor('customer', 'crash-customer-2'),
      ]);
      const load = startBookingLoad(first.url, {
        routeId,
        stops: STOPS,
        seatCount: 12,
        tokens,
        workers: 4,
        maxRequests: 400,
        maxMs: 30_000,
      });
      await load.acceptedAtLeast(8);
      // The client drops off while the load goes on, so it surely misses events (those before the
      // crash, and any the crash left committed but unpublished).
      watcher.close();
      const lastSeen = watcher.lastSequence();
      await load.acceptedAtLeast(load.report.accepted.length + 8);
      // Mid-load: requests are in flight, events may be committed but not yet published.
      expect(await first.stop('SIGKILL')).toBeNull();
      const report = await load.stop();

      // Answers were only ever: booked, seat taken (the load contends on purpose), or no answer (killed).
      const statuses = new Set(report.answers.map((a) => a.status));
      expect([...statuses].filter((s) => ![201, 409, 0].includes(s))).toEqual([]);
      expect(report.accepted.length).toBeGreaterThanOrEqual(16);

      const second = await start();
      // Every booking answered 201 is in the database, and the restarted server serves it as answered.
      const stored = await audit.ticketIds(routeId);
      expect(report.accepted.map((t) => t.id).filter((id) => !stored.has(id as string))).toEqual([]);
      const agent = tokens[0];
      for (const ticket of report.accepted) {
        const found = await request(second.url, 'GET', `/tickets/${ticket.id as string}`, { token: agent });
        expect(found).toMatchObject({ status: 200, body: { id: ticket.id, status: ticket.status } });
      }
      // No seat has two occupying tickets over overlapping segments.
      expect(await audit.overlappingTickets(routeId)).toBe(0);

      // A client that re-subscribes with its last sequence gets everything it missed, then live events.
      const events = await audit.seatEvents(routeId);
      const last = events.at(-1)?.sequence ?? 0;
      expect(last).toBeGreaterThan(lastSeen);
      const resumed = await watchRoute(second.url, routeId, { sinceSequence: lastSeen });
      await resumed.waitForSequence(last);
      const all = [...watcher.updates, ...resumed.updates];
      expect(sequencesOf(all)).toEqual(range(1, last));
      // Each delivered event is the committed one (same ticket for the same sequence).
      const committed = new Map(events.map((e) => [e.sequence, e.ticketId]));
      expect(all.filter((u) => committed.get(u.sequence) !== u.ticketId)).toEqual([]);
      // The replay sent only what was missed, in order.
      expect(resumed.updates.map((u) => u.sequence)).toEqual(range(lastSeen + 1, last));
      expect(resumed.subscribedAt).toBe(last);

      // A booking on the restarted server goes on from there, live.
      const booked = await request(second.url, 'POST', '/tickets', {
        token: agent,
        body: {
          routeId,
          seatNumber: 1,
          fromCity: 'Bolu',
          toCity: 'Ankara',
          passengerName: 'After Crash',
          gender: 'male',
        },
      });
      if (booked.status === 201) {
        await resumed.waitForSequence(last + 1);
        expect(resumed.updates.at(-1)).toMatchObject({ sequence: last + 1, ticketId: booked.body.id });
      } else {
        expect(booked.status).toBe(409);
      }
      resumed.close();

      // The outbox relay published whatever the crash left unpublished.
      const afterRelay = await audit.seatEvents(routeId);
      expect(afterRelay.filter((e) => !e.published)).toEqual([]);
    }, 120_000);
  },
);
