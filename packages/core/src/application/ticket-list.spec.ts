import { beforeEach, describe, expect, it } from '@jest/globals';
import type { Actor } from '../domain/actor';
import type { Route } from '../domain/route';
import type { Ticket } from '../domain/ticket';
import { createInMemoryBooking, type InMemoryBooking } from '../testing/in-memory-booking';
import type { TicketListQuery } from './ticket-service';

const admin: Actor = { userId: 'admin-1', role: 'admin' };
const agent: Actor = { userId: 'agent-1', role: 'agent' };
const alice: Actor = { userId: 'alice', role: 'customer' };
const bob: Actor = { userId: 'bob', role: 'customer' };

let booking: InMemoryBooking;

async function newRoute(seatCount: number): Promise<Route> {
  return (
    await booking.services.routes.create(admin, {
      fromCity: 'Izmir',
      toCity: 'Bursa',
      departureAt: '2030-01-02T09:00:00.000Z',
      seatCount,
      price: 20,
    })
  )._unsafeUnwrap();
}

async function sell(actor: Actor, route: Route, seatNumber: number): Promise<Ticket> {
  booking.clock.advanceSeconds(1); // one creation time per ticket, so the order is plain
  return (
    await booking.services.tickets.reserve(actor, {
      routeId: route.id,
      seatNumber,
      passengerName: 'P',
      gender: 'male',
    })
  )._unsafeUnwrap();
}

const ids = (tickets: readonly Ticket[]) => tickets.map((t) => t.id);
const list = async (actor: Actor, query: TicketListQuery) =>
  (await booking.services.tickets.list(actor, query))._unsafeUnwrap();

beforeEach(() => {
  booking = createInMemoryBooking();
});

describe('listing tickets', () => {
  it('shows a customer only their own tickets, and staff everyone’s', async () => {
    const route = await newRoute(4);
    const mine = await sell(alice, route, 1);
    const theirs = await sell(bob, route, 2);
    const counter = await sell(agent, route, 3);
    expect(ids((await list(alice, {})).tickets)).toStrictEqual([mine.id]);
    expect(ids((await list(bob, {})).tickets)).toStrictEqual([theirs.id]);
    expect(ids((await list(admin, {})).tickets)).toStrictEqual([mine.id, theirs.id, counter.id]);
  });

  it('filters by status, route and PNR, together', async () => {
    const [first, second] = [await newRoute(4), await newRoute(4)];
    const held = await sell(agent, first, 1); // a counter sale: confirmed
    const reserved = await sell(alice, first, 2);
    const elsewhere = await sell(alice, second, 1);
    expect(ids((await list(admin, { status: 'reserved' })).tickets)).toStrictEqual([
      reserved.id,
      elsewhere.id,
    ]);
    expect(ids((await list(admin, { routeId: first.id })).tickets)).toStrictEqual([held.id, reserved.id]);
    expect(ids((await list(admin, { pnr: elsewhere.pnrNumber })).tickets)).toStrictEqual([elsewhere.id]);
    expect(ids((await list(admin, { status: 'reserved', routeId: first.id })).tickets)).toStrictEqual([
      reserved.id,
    ]);
    expect((await list(admin, { status: 'cancelled' })).tickets).toStrictEqual([]);
  });

  it('pages with a cursor: a page of `limit` tickets and the cursor of the next, none after the last', async () => {
    const route = await newRoute(5);
    const sold: Ticket[] = [];
    for (let seat = 1; seat <= 5; seat++) sold.push(await sell(agent, route, seat));
    const first = await list(admin, { limit: 2 });
    expect(first).toStrictEqual({ tickets: sold.slice(0, 2), nextCursor: sold[1]?.id });
    const second = await list(admin, { limit: 2, cursor: first.nextCursor });
    expect(second).toStrictEqual({ tickets: sold.slice(2, 4), nextCursor: sold[3]?.id });
    const last = await list(admin, { limit: 2, cursor: second.nextCursor });
    expect(last).toStrictEqual({ tickets: sold.slice(4) });
    expect(await list(admin, { limit: 5 })).toStrictEqual({ tickets: sold });
  });

  it('gives 100 tickets a page unless asked otherwise, and at most 1000', async () => {
    const routes = [await newRoute(60), await newRoute(60)];
    for (const route of routes) for (let seat = 1; seat <= 51; seat++) await sell(agent, route, seat);
    const page = await list(admin, {});
    expect(page.tickets).toHaveLength(100);
    expect(page.nextCursor).toBe(page.tickets[99]?.id);
    expect((await list(admin, { limit: 1000 })).tickets).toHaveLength(102);
  });

  it.each([0, -1, 1.5, 1001, Number.NaN])('refuses the limit %p: validation_failed', async (limit) => {
    expect((await booking.services.tickets.list(admin, { limit }))._unsafeUnwrapErr()).toMatchObject({
      kind: 'validation_failed',
      message: 'limit is a whole number from 1 to 1000.',
    });
  });
});

describe('reading one ticket', () => {
  it('answers ticket_not_found to a customer asking for another’s ticket, as for a missing one', async () => {
    const route = await newRoute(2);
    const ticket = await sell(alice, route, 1);
    expect((await booking.services.tickets.get(alice, ticket.id))._unsafeUnwrap()).toStrictEqual(ticket);
    expect((await booking.services.tickets.get(agent, ticket.id))._unsafeUnwrap()).toStrictEqual(ticket);
    for (const [actor, id] of [
      [bob, ticket.id],
      [admin, 'no-such-ticket'],
    ] as const) {
      expect((await booking.services.tickets.get(actor, id))._unsafeUnwrapErr()).toStrictEqual({
        kind: 'ticket_not_found',
        message: `Ticket ${id} does not exist.`,
        ticketId: id,
      });
    }
  });
});
