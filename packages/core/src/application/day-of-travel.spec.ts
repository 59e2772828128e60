import { beforeEach, describe, expect, it } from '@jest/globals';
import type { Route } from '../domain/route';
import type { Ticket } from '../domain/ticket';
import { actors } from '../testing/fixtures';
import { createInMemoryBooking, type InMemoryBooking } from '../testing/in-memory-booking';

const driver = { userId: 'driver-1', role: 'driver' } as const;
const LEAVES_ISTANBUL = '2030-01-02T09:00:00.000Z';
const LEAVES_BOLU = '2030-01-02T12:00:00.000Z';

let booking: InMemoryBooking;
let route: Route;

beforeEach(async () => {
  booking = createInMemoryBooking({ holdSeconds: 300 });
  route = (
    await booking.services.routes.create(actors.admin, {
      fromCity: 'Istanbul',
      toCity: 'Ankara',
      stations: ['Bolu'],
      departureAt: LEAVES_ISTANBUL,
      stopTimes: [LEAVES_ISTANBUL, LEAVES_BOLU, '2030-01-02T14:30:00.000Z'],
      seatCount: 8,
      price: 30,
    })
  )._unsafeUnwrap();
});

/** A ticket of the customer, confirmed by an agent. */
async function paidTicket(seatNumber: number, passengerName: string, fromCity = 'Istanbul'): Promise<Ticket> {
  const reserved = (
    await booking.services.tickets.reserve(actors.alice, {
      routeId: route.id,
      seatNumber,
      passengerName,
      gender: 'female',
      fromCity,
      toCity: 'Ankara',
    })
  )._unsafeUnwrap();
  return (await booking.services.tickets.confirm(actors.agent, reserved.id))._unsafeUnwrap();
}

async function board(ticket: Ticket): Promise<void> {
  const { code } = (await booking.services.boarding.eticket(actors.agent, ticket.id))._unsafeUnwrap();
  (await booking.services.boarding.board(driver, code))._unsafeUnwrap();
}

describe('leaving a stop', () => {
  it('makes the confirmed passengers who did not board no-shows, and frees their seats for later segments', async () => {
    const boarded = await paidTicket(1, 'Ada');
    const absent = await paidTicket(2, 'Grace');
    const unpaid = (
      await booking.services.tickets.reserve(actors.alice, {
        routeId: route.id,
        seatNumber: 3,
        passengerName: 'Unpaid',
        gender: 'male',
      })
    )._unsafeUnwrap();
    const fromBolu = await paidTicket(4, 'Later', 'Bolu');
    booking.clock.set('2030-01-02T08:50:00.000Z');
    await board(boarded);
    booking.notifier.clear();

    booking.clock.set('2030-01-02T09:02:00.000Z');
    const departed = (await booking.services.day.departStop(driver, route.id, 0))._unsafeUnwrap();
    expect(departed).toMatchObject({
      routeId: route.id,
      stopIndex: 0,
      city: 'Istanbul',
      departedAt: '2030-01-02T09:02:00.000Z',
      alreadyDeparted: false,
    });
    expect(departed.noShows.map((t) => [t.id, t.status])).toEqual([[absent.id, 'no_show']]);
    // Only the absent paid passenger: the boarded one, the unpaid reservation and Bolu's stay as they were.
    for (const [ticket, status] of [
      [boarded, 'confirmed'],
      [unpaid, 'reserved'],
      [fromBolu, 'confirmed'],
    ] as const) {
      expect(booking.ports.db.tickets.get(ticket.id)?.status).toBe(status);
    }
    expect(booking.notifier.events.map((e) => [e.eventType, e.seatNumber, e.metadata.reason])).toEqual([
      ['seat_available', 2, 'no_show'],
    ]);
    expect(booking.notifier.changes.flatMap((c) => c.tickets.map((t) => t.id))).toEqual([absent.id]);

    // The bus left Istanbul without Grace: seat 2 is sold again from Bolu to Ankara.
    const resold = await booking.services.tickets.reserve(actors.bob, {
      routeId: route.id,
      seatNumber: 2,
      passengerName: 'Bolu Passenger',
      gender: 'male',
      fromCity: 'Bolu',
      toCity: 'Ankara',
    });
    expect(resold._unsafeUnwrap()).toMatchObject({ seatNumber: 2, status: 'reserved', fromStopIndex: 1 });

    const trail = (await booking.services.ticketChanges.history(actors.admin, absent.id))._unsafeUnwrap();
    expect(trail.at(-1)).toMatchObject({
      action: 'no_show',
      by: { userId: 'driver-1', role: 'driver' },
      changes: { status: { from: 'confirmed', to: 'no_show' } },
    });
    const routeTrail = (await booking.services.departures.history(actors.admin, route.id))._unsafeUnwrap();
    expect(routeTrail.at(-1)).toMatchObject({
      action: 'depart_stop',
      by: { userId: 'driver-1', role: 'driver' },
      changes: { departedStop: { from: null, to: 0 }, departedStops: { from: [], to: [0] } },
    });
  });

  it('changes nothing the second time, and answers the first departure', async () => {
    await paidTicket(2, 'Grace');
    booking.clock.set('2030-01-02T09:02:00.000Z');
    (await booking.services.day.departStop(driver, route.id, 0))._unsafeUnwrap();
    const late = await paidTicket(5, 'Late from Bolu', 'Bolu');
    booking.notifier.clear();
    booking.clock.set('2030-01-02T09:30:00.000Z');
    const again = (await booking.services.day.departStop(actors.agent, route.id, 0))._unsafeUnwrap();
    expect(again).toMatchObject({
      departedAt: '2030-01-02T09:02:00.000Z',
      alreadyDeparted: true,
      noShows: [],
    });
    expect(booking.notifier.changes.flatMap((c) => c.events)).toEqual([]);
    expect(booking.ports.db.tickets.get(late.id)?.status).toBe('confirmed');
  });

  it('refuses customers, unknown stops and cancelled departures, changing nothing', async () => {
    const ticket = await paidTicket(2, 'Grace');
    booking.clock.set('2030-01-02T09:02:00.000Z');
    const refusals = [
      [actors.alice, route.id, 0, 'forbidden'],
      [driver, route.id, 2, 'validation_failed'], // the last stop: the bus ends there
      [driver, route.id, -1, 'validation_failed'],
      [driver, route.id, 0.5, 'validation_failed'],
      [driver, '00000000-0000-4000-8000-000000000000', 0, 'route_not_found'],
    ] as const;
    for (const [actor, routeId, stopIndex, kind] of refusals) {
      expect((await booking.services.day.departStop(actor, routeId, stopIndex))._unsafeUnwrapErr().kind).toBe(
        kind,
      );
    }
    // Thirteen hours before the bus leaves Istanbul: not its day, most likely the wrong route.
    booking.clock.set('2030-01-01T20:00:00.000Z');
    expect((await booking.services.day.departStop(driver, route.id, 0))._unsafeUnwrapErr()).toMatchObject({
      kind: 'validation_failed',
      message: 'The bus leaves Istanbul at 2030-01-02T09:00:00.000Z, not within 12 hours of now.',
    });
    booking.clock.set('2030-01-02T08:00:00.000Z'); // a departure is cancelled before it leaves
    (await booking.services.departures.cancel(actors.admin, route.id, { reason: 'Snow' }))._unsafeUnwrap();
    expect((await booking.services.day.departStop(driver, route.id, 0))._unsafeUnwrapErr().kind).toBe(
      'route_cancelled',
    );
    expect(booking.ports.db.tickets.get(ticket.id)?.status).toBe('cancelled');
    const routeTrail = (await booking.services.departures.history(actors.admin, route.id))._unsafeUnwrap();
    expect(routeTrail.some((entry) => entry.action === 'depart_stop')).toBe(false);
  });
});

describe('the manifest', () => {
  it('lists paid passengers and no-shows by boarding stop and seat, with boarding times', async () => {
    const fromBolu = await paidTicket(1, 'Later', 'Bolu');
    const absent = await paidTicket(6, 'Grace');
    const boarded = await paidTicket(3, 'Ada');
    await booking.services.tickets.reserve(actors.alice, {
      routeId: route.id,
      seatNumber: 4,
      passengerName: 'Unpaid',
      gender: 'male',
    });
    booking.clock.set('2030-01-02T08:50:00.000Z');
    await board(boarded);
    booking.clock.set('2030-01-02T09:02:00.000Z');
    (await booking.services.day.departStop(driver, route.id, 0))._unsafeUnwrap();

    const manifest = (await booking.services.day.manifest(driver, route.id))._unsafeUnwrap();
    expect(manifest.routeId).toBe(route.id);
    expect(manifest.stops).toEqual(['Istanbul', 'Bolu', 'Ankara']);
    expect(
      manifest.passengers.map((p) => [
        p.ticketId,
        p.seatNumber,
        p.passengerName,
        p.fromCity,
        p.status,
        p.boardedAt,
      ]),
    ).toEqual([
      [boarded.id, 3, 'Ada', 'Istanbul', 'confirmed', '2030-01-02T08:50:00.000Z'],
      [absent.id, 6, 'Grace', 'Istanbul', 'no_show', null],
      [fromBolu.id, 1, 'Later', 'Bolu', 'confirmed', null],
    ]);
    expect((await booking.services.day.manifest(actors.alice, route.id))._unsafeUnwrapErr().kind).toBe(
      'forbidden',
    );
  });
});
