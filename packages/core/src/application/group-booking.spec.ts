import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../domain/actor';
import type { Route } from '../domain/route';
import { createInMemoryBooking, type InMemoryBooking } from '../testing/in-memory-booking';

const admin: Actor = { userId: 'admin', role: 'admin' };
const agent: Actor = { userId: 'agent', role: 'agent' };
const customer: Actor = { userId: 'cem', role: 'customer' };
const CARD = { cardHolderName: 'CEM', expireMonth: 12, expireYear: 2035, cvc: '123' };

async function setup(config = {}): Promise<{ booking: InMemoryBooking; route: Route }> {
  const booking = createInMemoryBooking({ holdSeconds: 600, maxGroupSize: 4, ...config });
  const route = (
    await booking.services.routes.create(admin, {
      fromCity: 'Izmir',
      toCity: 'Ankara',
      stations: ['Manisa', 'Afyon'],
      departureAt: '2030-01-02T09:00:00.000Z',
      seatCount: 12,
      price: 19.99,
    })
  )._unsafeUnwrap();
  return { booking, route };
}

const passengers = (...seats: number[]) =>
  seats.map((seatNumber, i) => ({ seatNumber, passengerName: `P${i}`, gender: 'female' as const }));

describe('group bookings', () => {
  it('reserves every seat under one PNR, one event per seat with consecutive sequences, one commit', async () => {
    const { booking, route } = await setup();
    const group = (
      await booking.services.tickets.reserveGroup(customer, {
        routeId: route.id,
        fromCity: 'Manisa',
        passengers: passengers(7, 2, 5),
      })
    )._unsafeUnwrap();
    expect(group.tickets.map((t) => t.seatNumber)).toEqual([7, 2, 5]);
    expect(new Set(group.tickets.map((t) => t.pnrNumber))).toEqual(new Set([group.pnrNumber]));
    expect(group.tickets.every((t) => t.status === 'reserved' && t.fromCity === 'Manisa')).toBe(true);
    expect(new Set(group.tickets.map((t) => t.holdExpiresAt)).size).toBe(1);
    expect(booking.notifier.changes).toHaveLength(1);
    const events = booking.notifier.events;
    expect(events.map((e) => [e.seatNumber, e.sequence, e.eventType])).toEqual([
      [2, 1, 'seat_reserved'],
      [5, 2, 'seat_reserved'],
      [7, 3, 'seat_reserved'],
    ]);
    expect(new Set(events.map((e) => e.timestamp)).size).toBe(1);
  });

  it('sells a group at the counter as confirmed tickets', async () => {
    const { booking, route } = await setup();
    const group = (
      await booking.services.tickets.reserveGroup(agent, { routeId: route.id, passengers: passengers(1, 2) })
    )._unsafeUnwrap();
    expect(group.tickets.map((t) => t.status)).toEqual(['confirmed', 'confirmed']);
    expect(booking.notifier.events.map((e) => e.eventType)).toEqual(['seat_confirmed', 'seat_confirmed']);
  });

  it('books nothing when any seat is taken, and names every taken seat', async () => {
    const { booking, route } = await setup();
    for (const seat of [3, 9]) {
      (
        await booking.services.tickets.reserve(agent, {
          routeId: route.id,
          seatNumber: seat,
          passengerName: 'Early',
          gender: 'male',
        })
      )._unsafeUnwrap();
    }
    const refused = await booking.services.tickets.reserveGroup(customer, {
      routeId: route.id,
      passengers: passengers(9, 4, 3),
    });
    expect(refused._unsafeUnwrapErr()).toMatchObject({ kind: 'seat_unavailable', seatNumbers: [3, 9] });
    expect(booking.ports.db.tickets.size).toBe(2);
    expect((await booking.ports.events.currentSequence(route.id))._unsafeUnwrap()).toBe(2);
  });

  it.each([
    ['no passengers', []],
    ['more than the configured maximum', passengers(1, 2, 3, 4, 5)],
    ['one seat twice', passengers(1, 2, 1)],
    ['a blank name', [{ seatNumber: 1, passengerName: ' ', gender: 'male' as const }]],
  ])('refuses %s with validation_failed and writes nothing', async (_name, list) => {
    const { booking, route } = await setup();
    const refused = await booking.services.tickets.reserveGroup(customer, {
      routeId: route.id,
      passengers: list,
    });
    expect(refused._unsafeUnwrapErr().kind).toBe('validation_failed');
    expect(booking.ports.db.tickets.size).toBe(0);
  });

  it('refuses a seat beyond the bus with seat_out_of_range', async () => {
    const { booking, route } = await setup();
    const refused = await booking.services.tickets.reserveGroup(customer, {
      routeId: route.id,
      passengers: passengers(1, 13),
    });
    expect(refused._unsafeUnwrapErr()).toMatchObject({ kind: 'seat_out_of_range', seatNumber: 13 });
  });

  it('defaults to a maximum of 6 passengers', async () => {
    const booking = createInMemoryBooking();
    const route = (
      await booking.services.routes.create(admin, {
        fromCity: 'A',
        toCity: 'B',
        departureAt: '2030-01-02T09:00:00.000Z',
        seatCount: 10,
        price: 5,
      })
    )._unsafeUnwrap();
    const seven = await booking.services.tickets.reserveGroup(customer, {
      routeId: route.id,
      passengers: passengers(1, 2, 3, 4, 5, 6, 7),
    });
    expect(seven._unsafeUnwrapErr().kind).toBe('validation_failed');
    const six = await booking.services.tickets.reserveGroup(customer, {
      routeId: route.id,
      passengers: passengers(1, 2, 3, 4, 5, 6),
    });
    expect(six._unsafeUnwrap().tickets).toHaveLength(6);
  });

  it('answers a repeated Idempotency-Key with the first booking and books nothing new', async () => {
    const { booking, route } = await setup();
    const key = { key: 'k-1', fingerprint: 'f-1' };
    const command = { routeId: route.id, passengers: passengers(1, 2) };
    const first = (await booking.services.tickets.reserveGroup(customer, command, key))._unsafeUnwrap();
    const again = (await booking.services.tickets.reserveGroup(customer, command, key))._unsafeUnwrap();
    expect(again).toEqual(first);
    expect(booking.ports.db.tickets.size).toBe(2);
  });

  it('cancels one passenger alone, freeing only that seat', async () => {
    const { booking, route } = await setup();
    const group = (
      await booking.services.tickets.reserveGroup(customer, {
        routeId: route.id,
        passengers: passengers(1, 2, 3),
      })
    )._unsafeUnwrap();
    const second = group.tickets[1];
    expect((await booking.services.tickets.cancel(customer, second?.id ?? ''))._unsafeUnwrap().status).toBe(
      'cancelled',
    );
    const map = (await booking.services.routes.seatMap(route.id))._unsafeUnwrap();
    expect(map.seats.slice(0, 3).map((s) => s.status)).toEqual(['reserved', 'available', 'reserved']);
  });

  it('takes one payment for every reserved ticket of the PNR, skipping a cancelled passenger', async () => {
    const { booking, route } = await setup();
    const group = (
      await booking.services.tickets.reserveGroup(customer, {
        routeId: route.id,
        passengers: passengers(4, 1, 2),
      })
    )._unsafeUnwrap();
    const [first, second, third] = group.tickets.map((t) => t.id);
    (await booking.services.tickets.cancel(customer, third ?? ''))._unsafeUnwrap();
    booking.notifier.clear();
    const receipt = (
      await booking.services.payments.pay(customer, {
        ticketId: second ?? '',
        cardNumber: '4242424242424242',
        ...CARD,
      })
    )._unsafeUnwrap();
    expect(booking.gateway.settled).toHaveLength(1);
    expect(receipt.payment).toMatchObject({ ticketId: second, amount: 39.98 });
    expect(receipt.ticket.id).toBe(second);
    expect(receipt.tickets?.map((t) => [t.id, t.status])).toEqual([
      [second, 'confirmed'],
      [first, 'confirmed'],
    ]);
    expect(booking.ports.db.tickets.get(third ?? '')?.status).toBe('cancelled');
    expect(booking.notifier.changes).toHaveLength(1);
    expect(booking.notifier.events.map((e) => [e.seatNumber, e.eventType])).toEqual([
      [1, 'seat_confirmed'],
      [4, 'seat_confirmed'],
    ]);
  });

  it('pays a whole booking by its PNR, and a single booking exactly as before', async () => {
    const { booking, route } = await setup();
    const group = (
      await booking.services.tickets.reserveGroup(customer, {
        routeId: route.id,
        passengers: passengers(5, 6),
      })
    )._unsafeUnwrap();
    const receipt = (
      await booking.services.payments.payBooking(customer, {
        pnrNumber: group.pnrNumber,
        cardNumber: '4242424242424242',
        ...CARD,
      })
    )._unsafeUnwrap();
    expect(receipt.payment.amount).toBe(39.98);
    expect(receipt.tickets?.map((t) => t.seatNumber)).toEqual([5, 6]);
    const stranger: Actor = { userId: 'ayla', role: 'customer' };
    const hidden = await booking.services.payments.payBooking(stranger, {
      pnrNumber: group.pnrNumber,
      cardNumber: '4242424242424242',
      ...CARD,
    });
    expect(hidden._unsafeUnwrapErr().kind).toBe('ticket_not_found');

    const single = (
      await booking.services.tickets.reserve(customer, {
        routeId: route.id,
        seatNumber: 8,
        passengerName: 'Solo',
        gender: 'male',
      })
    )._unsafeUnwrap();
    const paid = (
      await booking.services.payments.pay(customer, {
        ticketId: single.id,
        cardNumber: '4242424242424242',
        ...CARD,
      })
    )._unsafeUnwrap();
    expect(Object.keys(paid).sort()).toEqual(['payment', 'ticket']);
    expect(paid.payment.amount).toBe(19.99);
  });

  it('charges nothing for a group whose hold ran out', async () => {
    const { booking, route } = await setup();
    const group = (
      await booking.services.tickets.reserveGroup(customer, {
        routeId: route.id,
        passengers: passengers(1, 2),
      })
    )._unsafeUnwrap();
    booking.clock.advanceSeconds(601);
    const late = await booking.services.payments.payBooking(customer, {
      pnrNumber: group.pnrNumber,
      cardNumber: '4242424242424242',
      ...CARD,
    });
    expect(late._unsafeUnwrapErr().kind).toBe('hold_expired');
    expect(booking.gateway.charges).toHaveLength(0);
  });

  it('lets exactly one of two groups that share a seat win, leaving nothing of the other', async () => {
    for (let round = 0; round < 10; round++) {
      const { booking, route } = await setup();
      const [a, b] = await Promise.all([
        booking.services.tickets.reserveGroup(customer, {
          routeId: route.id,
          passengers: passengers(1, 2, 3),
        }),
        booking.services.tickets.reserveGroup(agent, { routeId: route.id, passengers: passengers(5, 4, 3) }),
      ]);
      const results = [a, b];
      expect(results.filter((r) => r.isOk())).toHaveLength(1);
      const loser = results.find((r) => r.isErr());
      expect(loser?._unsafeUnwrapErr()).toMatchObject({ kind: 'seat_unavailable', seatNumbers: [3] });
      const winner = results.find((r) => r.isOk())?._unsafeUnwrap();
      const stored = [...booking.ports.db.tickets.values()];
      expect(stored.map((t) => t.pnrNumber)).toEqual([
        winner?.pnrNumber,
        winner?.pnrNumber,
        winner?.pnrNumber,
      ]);
      expect((await booking.ports.events.currentSequence(route.id))._unsafeUnwrap()).toBe(3);
    }
  });
});
