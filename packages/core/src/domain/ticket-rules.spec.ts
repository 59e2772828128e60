import { describe, expect, it } from '@jest/globals';
import { sampleRoute, sampleTicket } from '../testing/fixtures';
import type { Actor } from './actor';
import type { TicketStatus } from './ticket';
import {
  companionsOf,
  decide,
  expireHold,
  holdRanOut,
  mayRequest,
  payTogether,
  type TicketRequest,
} from './ticket-rules';

const customer: Actor = { userId: 'customer-1', role: 'customer' };
const agent: Actor = { userId: 'agent-1', role: 'agent' };
const route = sampleRoute({ departureAt: '2030-01-01T09:00:00.000Z' });
// sampleTicket holds until 08:10
const HELD = '2030-01-01T08:05:00.000Z';
const RAN_OUT = '2030-01-01T08:10:00.000Z';
const DEPARTED = route.departureAt;
const ticket = (status: TicketStatus, overrides = {}) => sampleTicket(route, { status, ...overrides });
const at = (now: string, actor: Actor = agent) => ({ actor, route, now });
const kindOf = (result: { isErr(): boolean; _unsafeUnwrapErr(): { kind: string } }) =>
  result.isErr() ? result._unsafeUnwrapErr().kind : 'ok';

describe("the ticket's rules", () => {
  it('leaves confirming and suspending to staff, whatever the ticket', () => {
    expect(kindOf(mayRequest(customer, 'confirm'))).toBe('forbidden');
    expect(mayRequest(customer, 'suspend')._unsafeUnwrapErr().message).toBe(
      'Only an agent or admin may suspend a ticket.',
    );
    for (const request of ['cancel', 'pay'] as const)
      expect(kindOf(mayRequest(customer, request))).toBe('ok');
    for (const request of ['confirm', 'suspend'] as const)
      expect(kindOf(mayRequest(agent, request))).toBe('ok');
  });

  it('counts a hold as run out from its last instant on', () => {
    expect(holdRanOut(ticket('reserved'), '2030-01-01T08:09:59.999Z')).toBe(false);
    expect(holdRanOut(ticket('reserved'), RAN_OUT)).toBe(true);
    expect(holdRanOut(ticket('confirmed', { holdExpiresAt: null }), RAN_OUT)).toBe(false);
  });

  it.each<[TicketRequest, TicketStatus, string, string]>([
    // request, status, now, answer
    ['confirm', 'reserved', HELD, 'ok'],
    ['confirm', 'reserved', RAN_OUT, 'hold_expired'],
    ['confirm', 'expired', HELD, 'invalid_transition'],
    ['confirm', 'reserved', DEPARTED, 'route_departed'],
    ['confirm', 'suspended', DEPARTED, 'ok'],
    ['pay', 'reserved', HELD, 'ok'],
    ['pay', 'reserved', RAN_OUT, 'hold_expired'],
    ['pay', 'expired', HELD, 'hold_expired'],
    ['pay', 'confirmed', HELD, 'invalid_transition'],
    ['pay', 'reserved', DEPARTED, 'route_departed'],
    ['suspend', 'reserved', RAN_OUT, 'ok'],
    ['cancel', 'reserved', RAN_OUT, 'ok'],
    ['cancel', 'confirmed', DEPARTED, 'ok'],
  ])('decides %s of a %s ticket at %s: %s', (request, status, now, answer) => {
    const decided = decide(ticket(status), request, at(now));
    expect(kindOf(decided)).toBe(answer);
    if (decided.isOk())
      expect(decided.value).toMatchObject({ from: status, action: request, ticket: { updatedAt: now } });
  });

  it('refuses paying for a ticket that is not reserved in words that say so', () => {
    expect(decide(ticket('cancelled'), 'pay', at(HELD))._unsafeUnwrapErr().message).toBe(
      'A cancelled ticket cannot be paid for.',
    );
  });

  it('pays the held companions of a PNR with the ticket asked for, by seat', () => {
    const named = ticket('reserved', { seatNumber: 5 });
    const pnr = [
      named,
      ticket('reserved', { seatNumber: 9, pnrNumber: named.pnrNumber }),
      ticket('reserved', { seatNumber: 2, pnrNumber: named.pnrNumber }),
      ticket('reserved', { seatNumber: 3, holdExpiresAt: '2030-01-01T08:01:00.000Z' }),
      ticket('cancelled', { seatNumber: 4 }),
    ];
    expect(companionsOf(named, pnr, HELD).map((t) => t.seatNumber)).toEqual([2, 9]);
    const paid = payTogether(named, pnr, at(HELD, customer))._unsafeUnwrap();
    expect(paid.map((p) => [p.ticket.seatNumber, p.ticket.status, p.action])).toEqual([
      [5, 'confirmed', 'pay'],
      [2, 'confirmed', 'pay'],
      [9, 'confirmed', 'pay'],
    ]);
    expect(paid.flatMap((p) => p.events.map((e) => e.eventType))).toEqual([
      'seat_confirmed',
      'seat_confirmed',
      'seat_confirmed',
    ]);
    expect(kindOf(payTogether(named, pnr, at(RAN_OUT, customer)))).toBe('hold_expired');
  });

  it('lets the sweep expire a reservation whose hold is over (ran out, or the bus left), nothing else', () => {
    const lateHold = ticket('reserved', { holdExpiresAt: '2030-01-01T09:30:00.000Z' });
    const stillHeld = ticket('reserved');
    expect(expireHold(stillHeld, route, HELD)._unsafeUnwrapErr()).toMatchObject({
      kind: 'invalid_transition',
      from: 'reserved',
      action: 'expire',
      message: `The hold of ticket ${stillHeld.id} still runs.`,
    });
    expect(expireHold(ticket('reserved'), route, RAN_OUT)._unsafeUnwrap()).toMatchObject({
      ticket: { status: 'expired', holdExpiresAt: null },
      events: [{ eventType: 'seat_available', metadata: { reason: 'hold_expired' } }],
    });
    expect(kindOf(expireHold(lateHold, route, '2030-01-01T08:59:59.999Z'))).toBe('invalid_transition');
    expect(kindOf(expireHold(lateHold, route, DEPARTED))).toBe('ok');
    expect(kindOf(expireHold(ticket('confirmed'), route, RAN_OUT))).toBe('invalid_transition');
  });
});
