import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createBookingServices, cryptoIdGenerator, type Actor } from '@booking/core';
import {
  describeWithService,
  FakeTicketSigner,
  ManualClock,
  RecordingNotifier,
  RecordingPaymentGateway,
} from '@booking/core/testing';
import type { MikroOrmStorage } from './open-storage';
import { createRoute } from './testing/booking-on-storage';
import { createTestStorage } from './testing/test-storage';

const agent: Actor = { userId: 'agent-1', role: 'agent' };
const drivers: Actor[] = [1, 2, 3, 4, 5].map((n) => ({ userId: `driver-${n}`, role: 'driver' }));

describeWithService(
  'DATABASE_URL',
  process.env,
  'boarding on PostgreSQL: scans of one ticket at once',
  () => {
    let storage: MikroOrmStorage | undefined;
    beforeAll(async () => {
      storage = await createTestStorage(process.env, { kind: 'postgres', poolSize: 8 });
    });
    afterAll(async () => {
      await storage?.close();
    });

    /** The core over the storage, with a signer and a clock on the day of travel. */
    function servicesOn(opened: MikroOrmStorage) {
      const clock = new ManualClock();
      const services = createBookingServices({
        ...opened,
        notifier: new RecordingNotifier(),
        paymentGateway: new RecordingPaymentGateway(),
        clock,
        ids: cryptoIdGenerator,
        ticketSigner: new FakeTicketSigner(),
      });
      return { services, clock };
    }

    it('boards a ticket scanned by five drivers at the same moment once: one 200, four already_boarded', async () => {
      if (!storage) throw new Error('storage not opened');
      const { services, clock } = servicesOn(storage);
      for (let round = 0; round < 10; round++) {
        const route = await createRoute(services, 4);
        const ticket = (
          await services.tickets.reserve(agent, {
            routeId: route.id,
            seatNumber: 1,
            passengerName: 'Ada Lovelace',
            gender: 'female',
          })
        )._unsafeUnwrap();
        const { code } = (await services.boarding.eticket(agent, ticket.id))._unsafeUnwrap();
        clock.set('2030-06-01T08:50:00.000Z');
        const scans = await Promise.all(drivers.map((driver) => services.boarding.board(driver, code)));
        const boarded = scans.filter((scan) => scan.isOk());
        expect(boarded).toHaveLength(1);
        const refused = scans.filter((scan) => scan.isErr()).map((scan) => scan._unsafeUnwrapErr());
        expect(refused).toEqual(
          Array.from({ length: 4 }, () =>
            expect.objectContaining({ kind: 'already_boarded', boardedAt: '2030-06-01T08:50:00.000Z' }),
          ),
        );
        expect((await storage.boardings.listByRoute(route.id))._unsafeUnwrap()).toHaveLength(1);
        clock.set('2030-01-01T08:00:00.000Z');
      }
    }, 60_000);

    it('keeps the earliest of offline scans sent at once by several scanners', async () => {
      if (!storage) throw new Error('storage not opened');
      const { services, clock } = servicesOn(storage);
      const route = await createRoute(services, 4);
      const ticket = (
        await services.tickets.reserve(agent, {
          routeId: route.id,
          seatNumber: 2,
          passengerName: 'Grace Hopper',
          gender: 'female',
        })
      )._unsafeUnwrap();
      const { code } = (await services.boarding.eticket(agent, ticket.id))._unsafeUnwrap();
      clock.set('2030-06-01T09:30:00.000Z');
      const times = ['08:44', '08:41', '08:47', '08:42', '08:45'].map((t) => `2030-06-01T${t}:00.000Z`);
      const batches = await Promise.all(
        times.map((scannedAt, i) => services.boarding.boardBatch(drivers[i] as Actor, [{ code, scannedAt }])),
      );
      expect(batches.every((batch) => batch.isOk())).toBe(true);
      expect((await storage.boardings.findByTicket(ticket.id))._unsafeUnwrap()?.boardedAt).toBe(
        '2030-06-01T08:41:00.000Z',
      );
    }, 60_000);
  },
);
