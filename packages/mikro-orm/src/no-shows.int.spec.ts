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
import { createTestStorage } from './testing/test-storage';

const admin: Actor = { userId: 'admin-1', role: 'admin' };
const agent: Actor = { userId: 'agent-1', role: 'agent' };
const drivers: Actor[] = [1, 2, 3].map((n) => ({ userId: `driver-${n}`, role: 'driver' }));

describeWithService('DATABASE_URL', process.env, 'no-shows on PostgreSQL', () => {
  let storage: MikroOrmStorage | undefined;
  beforeAll(async () => {
    storage = await createTestStorage(process.env, { kind: 'postgres', poolSize: 6 });
  });
  afterAll(async () => {
    await storage?.close();
  });

  it("frees a no-show's seat claim: the seat is sold again from the next stop", async () => {
    if (!storage) throw new Error('storage not opened');
    const clock = new ManualClock('2030-05-01T08:00:00.000Z');
    const notifier = new RecordingNotifier();
    const services = createBookingServices({
      ...storage,
      notifier,
      paymentGateway: new RecordingPaymentGateway(),
      clock,
      ids: cryptoIdGenerator,
      ticketSigner: new FakeTicketSigner(),
    });
    const tag = cryptoIdGenerator.uuid().slice(0, 8);
    const [istanbul, bolu, ankara] = [`Istanbul-${tag}`, `Bolu-${tag}`, `Ankara-${tag}`];
    const route = (
      await services.routes.create(admin, {
        fromCity: istanbul,
        stations: [bolu],
        toCity: ankara,
        departureAt: '2030-06-01T09:00:00.000Z',
        stopTimes: ['2030-06-01T09:00:00.000Z', '2030-06-01T12:00:00.000Z', '2030-06-01T14:30:00.000Z'],
        seatCount: 4,
        price: 30,
      })
    )._unsafeUnwrap();
    const sale = (seatNumber: number, passengerName: string, fromCity = istanbul) =>
      services.tickets.reserve(agent, {
        routeId: route.id,
        seatNumber,
        passengerName,
        gender: 'female',
        fromCity,
        toCity: ankara,
      });
    const absent = (await sale(2, 'Grace'))._unsafeUnwrap();
    expect(absent.status).toBe('confirmed');
    const boarded = (await sale(3, 'Ada'))._unsafeUnwrap();
    const { code } = (await services.boarding.eticket(agent, boarded.id))._unsafeUnwrap();
    clock.set('2030-06-01T08:50:00.000Z');
    (await services.boarding.board(drivers[0] as Actor, code))._unsafeUnwrap();

    // The database still keeps seat 2 for Grace from Bolu on: the exclusion constraint refuses it.
    clock.set('2030-06-01T09:01:00.000Z');
    expect((await sale(2, 'Too Early', bolu))._unsafeUnwrapErr().kind).toBe('seat_unavailable');

    // Three scanners say the bus left Istanbul at once: one departure, one no-show.
    notifier.clear();
    const departures = await Promise.all(
      drivers.map((driver) => services.day.departStop(driver, route.id, 0)),
    );
    const answers = departures.map((d) => d._unsafeUnwrap());
    expect(answers.filter((a) => !a.alreadyDeparted)).toHaveLength(1);
    expect(answers.flatMap((a) => a.noShows.map((t) => t.id))).toEqual([absent.id]);
    expect(notifier.events.map((e) => [e.eventType, e.seatNumber, e.metadata.reason])).toEqual([
      ['seat_available', 2, 'no_show'],
    ]);
    expect((await storage.tickets.findById(absent.id))._unsafeUnwrap()?.status).toBe('no_show');
    expect((await storage.tickets.findById(boarded.id))._unsafeUnwrap()?.status).toBe('confirmed');

    // Seat 2 is sold again from Bolu: the no-show's claim is gone, the boarded seat 3 is not.
    const resold = (await sale(2, 'From Bolu', bolu))._unsafeUnwrap();
    expect(resold).toMatchObject({ seatNumber: 2, fromStopIndex: 1, status: 'confirmed' });
    expect((await sale(3, 'Not Here', bolu))._unsafeUnwrapErr().kind).toBe('seat_unavailable');

    const manifest = (await services.day.manifest(drivers[1] as Actor, route.id))._unsafeUnwrap();
    expect(manifest.passengers.map((p) => [p.seatNumber, p.fromCity, p.status, p.boardedAt])).toEqual([
      [2, istanbul, 'no_show', null],
      [3, istanbul, 'confirmed', '2030-06-01T08:50:00.000Z'],
      [2, bolu, 'confirmed', null],
    ]);
  }, 60_000);
});
