import { beforeEach, describe, expect, it } from '@jest/globals';
import { REDACTED } from '../domain/history';
import type { Route } from '../domain/route';
import type { Ticket } from '../domain/ticket';
import { actors } from '../testing/fixtures';
import {
  createInMemoryBooking,
  createRouteAsAdmin,
  type InMemoryBooking,
} from '../testing/in-memory-booking';

const { admin, agent, alice } = actors;

let booking: InMemoryBooking;
let route: Route;
let ticket: Ticket;

beforeEach(async () => {
  booking = createInMemoryBooking({ holdSeconds: 300 });
  route = await createRouteAsAdmin(booking, {
    fromCity: 'Istanbul',
    toCity: 'Ankara',
    stations: [],
    departureAt: '2030-01-02T09:00:00.000Z',
    seatCount: 4,
    price: 30,
  });
  ticket = (
    await booking.services.tickets.reserve(alice, {
      routeId: route.id,
      seatNumber: 1,
      passengerName: 'Ada Lovelce',
      gender: 'female',
      phone: '+90 555 000 00 00',
    })
  )._unsafeUnwrap();
});

const changes = () => booking.services.ticketChanges;
const stored = () => booking.ports.db.tickets.get(ticket.id);
const historyOf = (id: string) => booking.ports.db.history.filter((e) => e.subjectId === id);
const eventCount = () => booking.ports.db.events.get(route.id)?.length ?? 0;

describe('correcting a ticket', () => {
  it("corrects the passenger's name and contact (trimmed), records why, and tells the owner", async () => {
    booking.clock.advanceSeconds(30);
    const corrected = (
      await changes().correct(agent, ticket.id, {
        passengerName: ' Ada Lovelace ',
        email: 'ada@example.org',
        phone: null,
        reason: 'Typo at the counter',
      })
    )._unsafeUnwrap();
    expect(corrected).toEqual({
      ...ticket,
      passengerName: 'Ada Lovelace',
      email: 'ada@example.org',
      phone: null,
      updatedAt: '2030-01-01T08:00:30.000Z',
      version: 2,
    });
    expect(stored()).toEqual(corrected);
    const [, entry] = historyOf(ticket.id);
    expect(entry).toMatchObject({
      action: 'correct',
      by: agent,
      reason: 'Typo at the counter',
      changes: {
        passengerName: { from: 'Ada Lovelce', to: 'Ada Lovelace' },
        email: { from: null, to: REDACTED },
        phone: { from: REDACTED, to: null },
      },
    });
    expect(JSON.stringify(booking.ports.db.history)).not.toContain('ada@example.org');
    // No seat changed: no seat event, but the owner hears of the ticket.
    expect(eventCount()).toBe(1);
    expect(booking.notifier.changes.at(-1)).toEqual({ events: [], tickets: [corrected] });
  });

  it('records that a phone changed to another number, without either number', async () => {
    (await changes().correct(admin, ticket.id, { phone: '+90 555 111 11 11' }))._unsafeUnwrap();
    const [, entry] = historyOf(ticket.id);
    expect(entry?.changes).toEqual({ phone: { from: REDACTED, to: REDACTED } });
  });

  it('checks a correction as at booking, and changes nothing when it is refused', async () => {
    const before = structuredClone(stored());
    for (const input of [
      {},
      { passengerName: '  ' },
      { passengerName: 'x'.repeat(101) },
      { passengerName: 'Ada\nLovelace' },
      { phone: '' },
      { email: 'not an address' },
      { passengerName: 'Ada', reason: '' },
    ]) {
      const refused = await changes().correct(admin, ticket.id, input);
      expect(refused._unsafeUnwrapErr()).toMatchObject({ kind: 'validation_failed' });
    }
    expect(stored()).toEqual(before);
    expect(historyOf(ticket.id)).toHaveLength(1);
  });

  it('is staff work: a customer is forbidden, even for their own ticket', async () => {
    const refused = await changes().correct(alice, ticket.id, { passengerName: 'Ada' });
    expect(refused._unsafeUnwrapErr().kind).toBe('forbidden');
    expect(stored()?.version).toBe(1);
  });

  it('answers ticket_not_found for an unknown ticket', async () => {
    const missing = await changes().correct(agent, 'no-such-ticket', { passengerName: 'Ada' });
    expect(missing._unsafeUnwrapErr().kind).toBe('ticket_not_found');
  });

  it('writes nothing when the correction changes nothing', async () => {
    const same = (
      await changes().correct(agent, ticket.id, { passengerName: 'Ada Lovelce', phone: '+90 555 000 00 00' })
    )._unsafeUnwrap();
    expect(same).toEqual(ticket);
    expect(historyOf(ticket.id)).toHaveLength(1);
  });
});

describe("a ticket's audit trail", () => {
  it('lists every change of the ticket, oldest first, to admins only', async () => {
    await changes().changeSeat(alice, ticket.id, 3);
    await changes().correct(agent, ticket.id, { passengerName: 'Ada Lovelace' });
    await booking.services.tickets.cancel(alice, ticket.id);
    const trail = (await changes().history(admin, ticket.id))._unsafeUnwrap();
    expect(trail.map((e) => [e.action, e.by.userId])).toEqual([
      ['book', 'alice'],
      ['change_seat', 'alice'],
      ['correct', 'agent'],
      ['cancel', 'alice'],
    ]);
    for (const actor of [agent, alice]) {
      expect((await changes().history(actor, ticket.id))._unsafeUnwrapErr().kind).toBe('forbidden');
    }
    expect((await changes().history(admin, 'no-such-ticket'))._unsafeUnwrapErr().kind).toBe(
      'ticket_not_found',
    );
  });
});
