import { beforeEach, describe, expect, it } from '@jest/globals';
import type { Actor } from '../domain/actor';
import type { Route } from '../domain/route';
import type { Ticket } from '../domain/ticket';
import { FakeTicketSigner } from '../testing/fake-ticket-signer';
import { createInMemoryBooking, type InMemoryBooking } from '../testing/in-memory-booking';

const admin: Actor = { userId: 'admin-1', role: 'admin' };
const agent: Actor = { userId: 'agent-1', role: 'agent' };
const driver: Actor = { userId: 'driver-1', role: 'driver' };
const alice: Actor = { userId: 'alice', role: 'customer' };
const bob: Actor = { userId: 'bob', role: 'customer' };
const DEPARTURE = '2030-01-02T09:00:00.000Z';

let booking: InMemoryBooking;
let route: Route;

beforeEach(async () => {
  booking = createInMemoryBooking({ holdSeconds: 300 });
  route = (
    await booking.services.routes.create(admin, {
      fromCity: 'Istanbul',
      toCity: 'Ankara',
      stations: ['Bolu'],
      departureAt: DEPARTURE,
      seatCount: 8,
      price: 30,
    })
  )._unsafeUnwrap();
});

/** Alice's ticket, confirmed by an agent (or left reserved). */
async function ticketOf(seatNumber = 1, confirmed = true): Promise<Ticket> {
  const reserved = (
    await booking.services.tickets.reserve(alice, {
      routeId: route.id,
      seatNumber,
      passengerName: 'Ada Lovelace',
      gender: 'female',
    })
  )._unsafeUnwrap();
  if (!confirmed) return reserved;
  return (await booking.services.tickets.confirm(agent, reserved.id))._unsafeUnwrap();
}

const codeOf = async (ticket: Ticket) =>
  (await booking.services.boarding.eticket(alice, ticket.id))._unsafeUnwrap().code;

const boardingDay = () => booking.clock.set('2030-01-02T08:45:00.000Z');

describe('e-tickets', () => {
  it("signs a confirmed ticket's claims for its owner and staff, never for others or drivers", async () => {
    const ticket = await ticketOf();
    const eticket = (await booking.services.boarding.eticket(alice, ticket.id))._unsafeUnwrap();
    expect(eticket.claims).toEqual({
      ticketId: ticket.id,
      pnr: ticket.pnrNumber,
      routeId: route.id,
      seatNumber: 1,
      fromStopIndex: 0,
      toStopIndex: 2,
      fromCity: 'Istanbul',
      toCity: 'Ankara',
      passengerName: 'Ada Lovelace',
      departureAt: DEPARTURE,
    });
    expect((await new FakeTicketSigner().verify(eticket.code))._unsafeUnwrap()).toEqual(eticket.claims);
    expect((await booking.services.boarding.eticket(agent, ticket.id)).isOk()).toBe(true);
    expect((await booking.services.boarding.eticket(bob, ticket.id))._unsafeUnwrapErr().kind).toBe(
      'ticket_not_found',
    );
    expect((await booking.services.boarding.eticket(driver, ticket.id))._unsafeUnwrapErr().kind).toBe(
      'forbidden',
    );
  });

  it('has none for an unpaid or cancelled ticket', async () => {
    const unpaid = await ticketOf(1, false);
    expect((await booking.services.boarding.eticket(alice, unpaid.id))._unsafeUnwrapErr()).toMatchObject({
      kind: 'not_boardable',
      reason: 'it is reserved',
    });
  });
});

describe('boarding', () => {
  it('boards a ticket once; a second scan answers the first time', async () => {
    const ticket = await ticketOf();
    const code = await codeOf(ticket);
    boardingDay();
    const boarded = (await booking.services.boarding.board(driver, code))._unsafeUnwrap();
    expect(boarded).toEqual({ ticket, boardedAt: '2030-01-02T08:45:00.000Z' });
    booking.clock.advanceSeconds(60);
    expect((await booking.services.boarding.board(agent, code))._unsafeUnwrapErr()).toMatchObject({
      kind: 'already_boarded',
      boardedAt: '2030-01-02T08:45:00.000Z',
    });
    expect(booking.ports.db.boardings.get(ticket.id)).toMatchObject({
      scannedBy: 'driver-1',
      source: 'live',
    });
  });

  it('refuses customers, codes of other keys and altered codes, and boards nothing', async () => {
    const code = await codeOf(await ticketOf());
    boardingDay();
    expect((await booking.services.boarding.board(alice, code))._unsafeUnwrapErr().kind).toBe('forbidden');
    const foreign = await new FakeTicketSigner('other-key').sign(
      (await booking.services.boarding.eticket(alice, (await ticketOf(2)).id))._unsafeUnwrap().claims,
    );
    for (const bad of [foreign, `${code}x`, 'not a code', code.replace('Ada', 'Eve')]) {
      expect((await booking.services.boarding.board(driver, bad))._unsafeUnwrapErr().kind).toBe(
        'invalid_code',
      );
    }
    expect(booking.ports.db.boardings.size).toBe(0);
  });

  it("refuses a cancelled ticket's old code, a changed seat's old code, and another day", async () => {
    const cancelled = await ticketOf(1);
    const cancelledCode = await codeOf(cancelled);
    await booking.services.tickets.cancel(agent, cancelled.id);
    const moved = await ticketOf(2);
    const movedCode = await codeOf(moved);
    (await booking.services.ticketChanges.changeSeat(agent, moved.id, 3))._unsafeUnwrap();
    const early = await codeOf(await ticketOf(4));
    booking.clock.set('2030-01-01T20:59:00.000Z');
    expect((await booking.services.boarding.board(driver, early))._unsafeUnwrapErr().kind).toBe(
      'not_boardable',
    );
    boardingDay();
    for (const code of [cancelledCode, movedCode]) {
      expect((await booking.services.boarding.board(driver, code))._unsafeUnwrapErr().kind).toBe(
        'not_boardable',
      );
    }
    expect((await booking.services.boarding.board(driver, early)).isOk()).toBe(true);
    expect(booking.ports.db.boardings.size).toBe(1);
  });
});

describe('offline batches', () => {
  it('answers each scan in order; the earliest scan of a ticket wins, also over a live one', async () => {
    const first = await ticketOf(1);
    const second = await ticketOf(2);
    const [firstCode, secondCode] = [await codeOf(first), await codeOf(second)];
    booking.clock.set('2030-01-02T08:50:00.000Z');
    (await booking.services.boarding.board(driver, secondCode))._unsafeUnwrap();
    booking.clock.set('2030-01-02T09:10:00.000Z');
    const results = (
      await booking.services.boarding.boardBatch(driver, [
        { code: firstCode, scannedAt: '2030-01-02T08:47:00.000Z' },
        { code: secondCode, scannedAt: '2030-01-02T08:40:00.000Z' },
        { code: firstCode, scannedAt: '2030-01-02T08:44:00.000Z' },
        { code: 'broken', scannedAt: '2030-01-02T08:44:00.000Z' },
      ])
    )._unsafeUnwrap();
    expect(results.map((r) => r.status)).toEqual(['already_boarded', 'ok', 'ok', 'invalid_code']);
    expect(results[0]).toMatchObject({ ticketId: first.id, boardedAt: '2030-01-02T08:44:00.000Z' });
    expect(booking.ports.db.boardings.get(second.id)?.boardedAt).toBe('2030-01-02T08:40:00.000Z');
    expect(booking.ports.db.boardings.get(first.id)).toMatchObject({
      boardedAt: '2030-01-02T08:44:00.000Z',
      source: 'offline',
    });
  });

  it('refuses an empty batch, one too large and scans from the future, recording nothing', async () => {
    const code = await codeOf(await ticketOf());
    boardingDay();
    const future = { code, scannedAt: '2030-01-02T09:30:00.000Z' };
    for (const scans of [
      [],
      new Array(501).fill({ code, scannedAt: '2030-01-02T08:40:00.000Z' }),
      [future],
    ]) {
      expect((await booking.services.boarding.boardBatch(driver, scans))._unsafeUnwrapErr().kind).toBe(
        'validation_failed',
      );
    }
    expect((await booking.services.boarding.boardBatch(bob, [future]))._unsafeUnwrapErr().kind).toBe(
      'forbidden',
    );
    expect(booking.ports.db.boardings.size).toBe(0);
  });
});
