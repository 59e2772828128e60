import { describe, expect, it } from '@jest/globals';
import { sampleRoute, sampleTicket } from '../testing/fixtures';
import { canTransition, transition, TICKET_ACTIONS, type TicketAction } from './lifecycle';
import type { SeatEventType } from './seat-event';
import { TICKET_STATUSES, type TicketStatus } from './ticket';

const NOW = '2030-01-01T08:05:00.000Z';

/** The contract's table, written out by hand: status -> action -> [new status, events], or refused. */
const CONTRACT: Record<TicketStatus, Partial<Record<TicketAction, [TicketStatus, SeatEventType[]]>>> = {
  reserved: {
    confirm: ['confirmed', ['seat_confirmed']],
    suspend: ['suspended', ['seat_suspended']],
    cancel: ['cancelled', ['seat_cancelled', 'seat_available']],
    expire: ['expired', ['seat_available']],
    pay: ['confirmed', ['seat_confirmed']],
  },
  confirmed: {
    suspend: ['suspended', ['seat_suspended']],
    cancel: ['cancelled', ['seat_cancelled', 'seat_available']],
    no_show: ['no_show', ['seat_available']],
  },
  suspended: {
    confirm: ['confirmed', ['seat_confirmed']],
    cancel: ['cancelled', ['seat_cancelled', 'seat_available']],
  },
  cancelled: {},
  expired: {},
  no_show: {},
};

const route = sampleRoute({ price: 42 });
const ticketIn = (status: TicketStatus) =>
  sampleTicket(route, {
    status,
    seatNumber: 7,
    fromStopIndex: 1,
    toStopIndex: 3,
    gender: 'male',
    version: 4,
  });

const cases = TICKET_STATUSES.flatMap((status) => TICKET_ACTIONS.map((action) => [status, action] as const));

describe('the ticket life cycle, every status x action', () => {
  it('covers all 36 pairs', () => {
    expect(cases).toHaveLength(36);
  });

  it.each(cases)('%s + %s follows the contract', (status, action) => {
    const expected = CONTRACT[status][action];
    const before = ticketIn(status);
    const snapshot = structuredClone(before);
    const result = transition(before, action, NOW);
    expect(before).toEqual(snapshot); // pure: the input is never changed
    expect(canTransition(status, action)).toBe(expected !== undefined);

    if (!expected) {
      expect(result._unsafeUnwrapErr()).toMatchObject({ kind: 'invalid_transition', from: status, action });
      if (action === 'pay')
        expect(result._unsafeUnwrapErr().message).toBe(`A ${status} ticket cannot be paid for.`);
      if (action === 'no_show')
        expect(result._unsafeUnwrapErr().message).toBe(`A ${status} ticket cannot be marked a no-show.`);
      return;
    }
    const [to, eventTypes] = expected;
    const { ticket, events, from } = result._unsafeUnwrap();
    expect(from).toBe(status);
    expect(ticket).toEqual({ ...before, status: to, holdExpiresAt: null, updatedAt: NOW, version: 5 });
    expect(events.map((e) => e.eventType)).toEqual(eventTypes);
    for (const event of events) {
      expect(event).toEqual({
        routeId: route.id,
        seatNumber: 7,
        eventType: event.eventType,
        ticketId: before.id,
        fromStopIndex: 1,
        toStopIndex: 3,
        metadata: {
          fromCity: before.fromCity,
          toCity: before.toCity,
          price: 42,
          gender: 'male',
          ...(action === 'expire' ? { reason: 'hold_expired' } : {}),
          ...(action === 'no_show' ? { reason: 'no_show' } : {}),
        },
      });
    }
  });

  it('refuses any other action in the general words of invalid_transition', () => {
    expect(transition(ticketIn('cancelled'), 'confirm', NOW)._unsafeUnwrapErr().message).toBe(
      'A cancelled ticket cannot be confirmed.',
    );
  });
});
