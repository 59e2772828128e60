import { SYSTEM } from '../domain/history';
import { isSeatEvent } from '../domain/route-event';
import { describe, expect, it } from '@jest/globals';
import { transition } from '../domain/lifecycle';
import type { Ticket } from '../domain/ticket';
import { sampleRoute, sampleTicket } from '../testing/fixtures';
import { createInMemoryPorts } from '../testing/in-memory-booking';
import { ManualClock } from '../testing/manual-clock';
import { answerWithFirst, saveTransitions } from './saving';

const DECIDED_AT = '2030-01-01T08:05:00.000Z';

async function setup() {
  const clock = new ManualClock(DECIDED_AT);
  const ports = createInMemoryPorts({ clock });
  const route = sampleRoute();
  await ports.routes.insert(route);
  const stored = async (overrides: Partial<Ticket>) => {
    const ticket = sampleTicket(route, overrides);
    ports.db.tickets.set(ticket.id, ticket);
    return ticket;
  };
  return { ports, clock, route, stored };
}

describe('saveTransitions', () => {
  it('saves each ticket and appends all their events, stamped with the time of the save', async () => {
    const { ports, clock, route, stored } = await setup();
    const first = await stored({ seatNumber: 2 });
    const second = await stored({ seatNumber: 1, status: 'confirmed', holdExpiresAt: null });
    const changes = [
      transition(first, 'cancel', DECIDED_AT)._unsafeUnwrap(),
      transition(second, 'suspend', DECIDED_AT)._unsafeUnwrap(),
    ];
    clock.advanceSeconds(3); // the unit of work runs a little after the decision
    const saved = (
      await ports.unitOfWork.run((tx) => saveTransitions(tx, changes, ports, SYSTEM))
    )._unsafeUnwrap();
    expect(saved.tickets.map((t) => [t.seatNumber, t.status, t.version])).toEqual([
      [2, 'cancelled', 2],
      [1, 'suspended', 2],
    ]);
    expect(
      saved.events.filter(isSeatEvent).map((e) => [e.sequence, e.seatNumber, e.eventType, e.timestamp]),
    ).toEqual([
      [1, 2, 'seat_cancelled', '2030-01-01T08:05:03.000Z'],
      [2, 2, 'seat_available', '2030-01-01T08:05:03.000Z'],
      [3, 1, 'seat_suspended', '2030-01-01T08:05:03.000Z'],
    ]);
    expect(ports.db.tickets.get(first.id)?.status).toBe('cancelled');
    expect(ports.db.events.get(route.id)).toHaveLength(3);
    expect(answerWithFirst(saved)).toEqual({ ...saved, answer: saved.tickets[0] });
    // each change is in the audit trail: who, when, what
    expect(
      ports.db.history.map((e) => [e.subjectId, e.action, e.by.role, e.at, e.changes['status']]),
    ).toEqual([
      [first.id, 'cancel', 'system', '2030-01-01T08:05:03.000Z', { from: 'reserved', to: 'cancelled' }],
      [second.id, 'suspend', 'system', '2030-01-01T08:05:03.000Z', { from: 'confirmed', to: 'suspended' }],
    ]);
  });

  it('turns a ticket changed since it was read into invalid_transition, and saves nothing', async () => {
    const { ports, route, stored } = await setup();
    const ticket = await stored({});
    const change = transition(ticket, 'confirm', DECIDED_AT)._unsafeUnwrap();
    ports.db.tickets.set(ticket.id, { ...ticket, version: 2 }); // another process changed it meanwhile
    const saved = await ports.unitOfWork.run((tx) => saveTransitions(tx, [change], ports, SYSTEM));
    expect(saved._unsafeUnwrapErr()).toEqual({
      kind: 'invalid_transition',
      message: 'The ticket was changed at the same time; reload it and try again.',
      from: 'reserved',
      action: 'confirm',
    });
    expect(ports.db.tickets.get(ticket.id)?.version).toBe(2);
    expect(ports.db.events.get(route.id) ?? []).toEqual([]);
    expect(ports.db.history).toEqual([]);
  });

  it('passes a storage failure through as it is', async () => {
    const { ports, stored } = await setup();
    const ticket = await stored({});
    const change = transition(ticket, 'cancel', DECIDED_AT)._unsafeUnwrap();
    const saved = await ports.unitOfWork.run((tx) => {
      ports.db.available = false;
      return saveTransitions(tx, [change], ports, SYSTEM);
    });
    expect(saved._unsafeUnwrapErr().kind).toBe('persistence_unavailable');
  });
});
