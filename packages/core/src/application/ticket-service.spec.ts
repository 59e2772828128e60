import { beforeEach, describe, expect, it } from '@jest/globals';
import type { Actor } from '../domain/actor';
import type { Route } from '../domain/route';
import { sampleTicket } from '../testing/fixtures';
import { createInMemoryBooking, type InMemoryBooking } from '../testing/in-memory-booking';
import type { ReserveCommand } from './ticket-input';

const admin: Actor = { userId: 'admin-1', role: 'admin' };
const agent: Actor = { userId: 'agent-1', role: 'agent' };
const alice: Actor = { userId: 'alice', role: 'customer' };
const bob: Actor = { userId: 'bob', role: 'customer' };

let booking: InMemoryBooking;
let route: Route;

beforeEach(async () => {
  booking = createInMemoryBooking({ holdSeconds: 300 });
  route = (
    await booking.services.routes.create(admin, {
      fromCity: 'Istanbul',
      toCity: 'Kayseri',
      stations: ['Bolu', 'Ankara'],
      departureAt: '2030-01-02T09:00:00.000Z',
      seatCount: 4,
      price: 30,
      segmentPrices: [{ fromCity: 'Bolu', toCity: 'Ankara', price: 12.5 }],
    })
  )._unsafeUnwrap();
});

const command = (overrides: Partial<ReserveCommand> = {}): ReserveCommand => ({
  routeId: route.id,
  seatNumber: 1,
  passengerName: 'Ada Lovelace',
  gender: 'female',
  ...overrides,
});

const reserve = (actor: Actor, overrides: Partial<ReserveCommand> = {}) =>
  booking.services.tickets.reserve(actor, command(overrides));

const logOf = () => booking.ports.db.events.get(route.id)?.map((s) => s.event) ?? [];

describe('reserve', () => {
  it('gives a customer a reserved hold until now + holdSeconds, and one seat_reserved event', async () => {
    const ticket = (
      await reserve(alice, { fromCity: 'Bolu', toCity: 'Ankara', phone: ' 555 ' })
    )._unsafeUnwrap();
    expect(ticket).toMatchObject({
      routeId: route.id,
      seatNumber: 1,
      fromCity: 'Bolu',
      toCity: 'Ankara',
      fromStopIndex: 1,
      toStopIndex: 2,
      passengerName: 'Ada Lovelace',
      gender: 'female',
      phone: '555',
      price: 12.5,
      status: 'reserved',
      holdExpiresAt: '2030-01-01T08:05:00.000Z',
      createdAt: '2030-01-01T08:00:00.000Z',
      ownerId: 'alice',
      issuedBy: 'customer',
      exchangedFromId: null,
      exchangedToId: null,
      version: 1,
    });
    expect(ticket.pnrNumber).toMatch(/^[A-Z2-9]{8,}$/);
    expect(logOf()).toEqual([
      expect.objectContaining({
        sequence: 1,
        eventType: 'seat_reserved',
        ticketId: ticket.id,
        seatNumber: 1,
      }),
    ]);
    expect(booking.notifier.events.map((e) => e.sequence)).toEqual([1]);
    expect(booking.notifier.changes[0]?.tickets).toEqual([ticket]);
  });

  it.each([agent, admin])(
    'sells at the counter for an %j: confirmed at once, no hold, seat_confirmed',
    async (staff) => {
      const ticket = (await reserve(staff))._unsafeUnwrap();
      expect(ticket).toMatchObject({
        status: 'confirmed',
        holdExpiresAt: null,
        issuedBy: staff.role,
        exchangedFromId: null,
        exchangedToId: null,
        price: 30,
      });
      expect(logOf().map((e) => e.eventType)).toEqual(['seat_confirmed']);
    },
  );

  it('gives every booking its own PNR', async () => {
    const pnrs = new Set<string>();
    for (let seat = 1; seat <= 4; seat++)
      pnrs.add((await reserve(alice, { seatNumber: seat }))._unsafeUnwrap().pnrNumber);
    expect(pnrs.size).toBe(4);
  });

  it('sells one seat twice on segments that only touch, and refuses an overlap with seat_unavailable', async () => {
    expect((await reserve(alice, { toCity: 'Ankara' })).isOk()).toBe(true);
    expect((await reserve(bob, { fromCity: 'Ankara' })).isOk()).toBe(true);
    const taken = await reserve(bob, { fromCity: 'Bolu', toCity: 'Kayseri' });
    expect(taken._unsafeUnwrapErr()).toMatchObject({ kind: 'seat_unavailable', seatNumbers: [1] });
    expect(logOf()).toHaveLength(2);
  });

  it('sells a seat again once its ticket is cancelled', async () => {
    const first = (await reserve(alice))._unsafeUnwrap();
    await booking.services.tickets.cancel(alice, first.id);
    expect((await reserve(bob))._unsafeUnwrap().status).toBe('reserved');
  });

  describe('refusals change nothing', () => {
    const expectRefused = async (actor: Actor, overrides: Partial<ReserveCommand>, kind: string) => {
      expect((await reserve(actor, overrides))._unsafeUnwrapErr().kind).toBe(kind);
      expect(booking.ports.db.tickets.size).toBe(0);
      expect(logOf()).toEqual([]);
      expect(booking.notifier.changes).toEqual([]);
    };

    it('route_not_found', () => expectRefused(alice, { routeId: 'no-such-route' }, 'route_not_found'));
    it('invalid_segment for an unknown city', () =>
      expectRefused(alice, { fromCity: 'Izmir' }, 'invalid_segment'));
    it('invalid_segment for the wrong order', () =>
      expectRefused(alice, { fromCity: 'Ankara', toCity: 'Bolu' }, 'invalid_segment'));
    it('seat_out_of_range below 1', () => expectRefused(alice, { seatNumber: 0 }, 'seat_out_of_range'));
    it('seat_out_of_range above seatCount', () =>
      expectRefused(agent, { seatNumber: 5 }, 'seat_out_of_range'));
    it('validation_failed for a fractional seat', () =>
      expectRefused(alice, { seatNumber: 1.5 }, 'validation_failed'));
    it('validation_failed for an empty name', () =>
      expectRefused(alice, { passengerName: '  ' }, 'validation_failed'));
    it('validation_failed for a name too long', () =>
      expectRefused(alice, { passengerName: 'x'.repeat(101) }, 'validation_failed'));
    it('validation_failed for an unknown gender', () =>
      expectRefused(alice, { gender: 'robot' as ReserveCommand['gender'] }, 'validation_failed'));
    it('validation_failed for a blank phone', () =>
      expectRefused(alice, { phone: ' ' }, 'validation_failed'));

    it('route_departed at and after the departure time', async () => {
      booking.clock.set(route.departureAt);
      await expectRefused(agent, {}, 'route_departed');
      booking.clock.advanceSeconds(60);
      await expectRefused(alice, {}, 'route_departed');
    });

    it('validation_failed (not a crash) for data of the wrong type from an embedder', async () => {
      const garbage = { passengerName: 42, seatNumber: '1' } as unknown as Partial<ReserveCommand>;
      await expectRefused(alice, garbage, 'validation_failed');
    });
  });
});

describe('one Idempotency-Key for one booking, whichever way it is sent', () => {
  it('answers a group booking sent with the key of a single booking with that booking, and books nothing new', async () => {
    const key = { key: 'k-1', fingerprint: 'f-1' };
    const single = (await booking.services.tickets.reserve(alice, command(), key))._unsafeUnwrap();
    const group = await booking.services.tickets.reserveGroup(
      alice,
      { routeId: route.id, passengers: [{ seatNumber: 2, passengerName: 'Ada', gender: 'female' }] },
      key,
    );
    expect(group._unsafeUnwrap()).toEqual(single);
    expect(booking.ports.db.tickets.size).toBe(1);
  });
});

describe('confirm, suspend, cancel', () => {
  it('refuses confirm and suspend to a customer with forbidden, even for their own ticket', async () => {
    const ticket = (await reserve(alice))._unsafeUnwrap();
    expect((await booking.services.tickets.confirm(alice, ticket.id))._unsafeUnwrapErr().kind).toBe(
      'forbidden',
    );
    expect((await booking.services.tickets.suspend(alice, ticket.id))._unsafeUnwrapErr().kind).toBe(
      'forbidden',
    );
    expect(booking.ports.db.tickets.get(ticket.id)?.status).toBe('reserved');
    expect(logOf()).toHaveLength(1);
  });

  it('lets staff confirm, suspend and confirm again, each with its event and a new version', async () => {
    const ticket = (await reserve(alice))._unsafeUnwrap();
    const confirmed = (await booking.services.tickets.confirm(agent, ticket.id))._unsafeUnwrap();
    expect(confirmed).toMatchObject({ status: 'confirmed', holdExpiresAt: null, version: 2 });
    const suspended = (await booking.services.tickets.suspend(admin, ticket.id))._unsafeUnwrap();
    expect(suspended).toMatchObject({ status: 'suspended', version: 3 });
    expect((await booking.services.tickets.confirm(agent, ticket.id))._unsafeUnwrap().status).toBe(
      'confirmed',
    );
    expect(logOf().map((e) => [e.sequence, e.eventType])).toEqual([
      [1, 'seat_reserved'],
      [2, 'seat_confirmed'],
      [3, 'seat_suspended'],
      [4, 'seat_confirmed'],
    ]);
  });

  it('cancels with seat_cancelled then seat_available; cancelling again is invalid_transition', async () => {
    const ticket = (await reserve(alice))._unsafeUnwrap();
    expect((await booking.services.tickets.cancel(alice, ticket.id))._unsafeUnwrap().status).toBe(
      'cancelled',
    );
    expect(logOf().map((e) => e.eventType)).toEqual(['seat_reserved', 'seat_cancelled', 'seat_available']);
    const again = await booking.services.tickets.cancel(agent, ticket.id);
    expect(again._unsafeUnwrapErr()).toMatchObject({ kind: 'invalid_transition', from: 'cancelled' });
    expect(logOf()).toHaveLength(3);
  });

  it('refuses every action on an expired ticket with invalid_transition, and changes nothing', async () => {
    const ticket = (await reserve(alice))._unsafeUnwrap();
    booking.clock.advanceSeconds(300);
    await booking.services.tickets.expireHolds();
    const { tickets } = booking.services;
    for (const attempt of [
      tickets.cancel(alice, ticket.id),
      tickets.confirm(agent, ticket.id),
      tickets.suspend(admin, ticket.id),
    ]) {
      expect((await attempt)._unsafeUnwrapErr()).toMatchObject({
        kind: 'invalid_transition',
        from: 'expired',
      });
    }
    expect(booking.ports.db.tickets.get(ticket.id)?.status).toBe('expired');
    expect(logOf().map((e) => e.eventType)).toEqual(['seat_reserved', 'seat_available']);
  });

  it('refuses to confirm a reservation whose hold ran out with hold_expired', async () => {
    const ticket = (await reserve(alice))._unsafeUnwrap();
    booking.clock.advanceSeconds(300);
    expect((await booking.services.tickets.confirm(agent, ticket.id))._unsafeUnwrapErr().kind).toBe(
      'hold_expired',
    );
    expect(booking.ports.db.tickets.get(ticket.id)?.status).toBe('reserved');
  });

  it("answers ticket_not_found to a customer touching another customer's ticket, and changes nothing", async () => {
    const ticket = (await reserve(alice))._unsafeUnwrap();
    expect((await booking.services.tickets.get(bob, ticket.id))._unsafeUnwrapErr().kind).toBe(
      'ticket_not_found',
    );
    expect((await booking.services.tickets.cancel(bob, ticket.id))._unsafeUnwrapErr().kind).toBe(
      'ticket_not_found',
    );
    expect(booking.ports.db.tickets.get(ticket.id)?.status).toBe('reserved');
    expect((await booking.services.tickets.get(alice, ticket.id))._unsafeUnwrap()).toEqual(ticket);
    expect((await booking.services.tickets.get(agent, ticket.id))._unsafeUnwrap()).toEqual(ticket);
  });

  it('answers ticket_not_found for an unknown ticket', async () => {
    expect((await booking.services.tickets.cancel(admin, 'nope'))._unsafeUnwrapErr().kind).toBe(
      'ticket_not_found',
    );
  });
});

describe('list', () => {
  const bookSeats = async (actor: Actor, count: number, fromSeat = 1) => {
    const made = [];
    for (let seat = fromSeat; seat < fromSeat + count; seat++) {
      made.push((await reserve(actor, { seatNumber: seat }))._unsafeUnwrap());
      booking.clock.advanceSeconds(1); // distinct creation times: the list is in creation order
    }
    return made;
  };

  it('shows a customer only their own tickets, and staff all of them, in creation order', async () => {
    const mine = await bookSeats(alice, 2);
    const theirs = await bookSeats(bob, 2, 3);
    expect((await booking.services.tickets.list(alice, {}))._unsafeUnwrap()).toEqual({ tickets: mine });
    expect((await booking.services.tickets.list(bob, {}))._unsafeUnwrap().tickets).toEqual(theirs);
    expect((await booking.services.tickets.list(agent, {}))._unsafeUnwrap().tickets).toEqual([
      ...mine,
      ...theirs,
    ]);
  });

  it('filters by status, route and PNR, within what the reader may see', async () => {
    const [a1, a2] = await bookSeats(alice, 2);
    const [b1] = await bookSeats(bob, 1, 3);
    await booking.services.tickets.cancel(alice, a2!.id);
    const ids = async (actor: Actor, query: object) =>
      (await booking.services.tickets.list(actor, query))._unsafeUnwrap().tickets.map((t) => t.id);
    expect(await ids(alice, { status: 'reserved' })).toEqual([a1!.id]);
    expect(await ids(agent, { status: 'reserved' })).toEqual([a1!.id, b1!.id]);
    expect(await ids(agent, { pnr: b1!.pnrNumber })).toEqual([b1!.id]);
    expect(await ids(alice, { pnr: b1!.pnrNumber })).toEqual([]);
    expect(await ids(agent, { routeId: 'other-route' })).toEqual([]);
    expect(await ids(agent, { routeId: route.id })).toHaveLength(3);
  });

  it('pages with limit and nextCursor until the end, without repeats or gaps', async () => {
    const all = await bookSeats(alice, 4);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = (await booking.services.tickets.list(alice, { limit: 3, cursor }))._unsafeUnwrap();
      seen.push(...page.tickets.map((t) => t.id));
      cursor = page.nextCursor;
      pages++;
      // A cursor that never ends fails the count below instead of paging forever.
    } while (cursor && pages < 10);
    expect(pages).toBe(2);
    expect(seen).toEqual(all.map((t) => t.id));
  });

  it('has no nextCursor when the page is exactly full', async () => {
    await bookSeats(alice, 3);
    const page = (await booking.services.tickets.list(alice, { limit: 3 }))._unsafeUnwrap();
    expect(page.tickets).toHaveLength(3);
    expect(page.nextCursor).toBeUndefined();
  });

  it('returns at most 100 by default and accepts up to 1000', async () => {
    // Written straight into the store: the volume matters here, not the booking flow.
    const big = createInMemoryBooking();
    for (let i = 0; i < 101; i++) {
      const id = `t${String(i).padStart(3, '0')}`;
      big.ports.db.tickets.set(id, sampleTicket(route, { id, status: 'cancelled', ownerId: 'someone' }));
    }
    const first = (await big.services.tickets.list(agent, {}))._unsafeUnwrap();
    expect(first.tickets).toHaveLength(100);
    expect(first.nextCursor).toBe('t099');
    expect((await big.services.tickets.list(agent, { limit: 1000 }))._unsafeUnwrap().tickets).toHaveLength(
      101,
    );
  });

  it('accepts the smallest page, one ticket', async () => {
    const [first] = await bookSeats(alice, 2);
    const page = (await booking.services.tickets.list(alice, { limit: 1 }))._unsafeUnwrap();
    expect(page).toEqual({ tickets: [first], nextCursor: first!.id });
  });

  it.each([0, -1, 1001, 2.5, Number.NaN])('refuses limit %p with validation_failed', async (limit) => {
    expect((await booking.services.tickets.list(alice, { limit }))._unsafeUnwrapErr().kind).toBe(
      'validation_failed',
    );
  });
});
