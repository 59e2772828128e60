import { describe, expect, it } from '@jest/globals';
import type { Actor } from './actor';
import { checkDeparture, departureAllows, holdEndsAt, holdIsOver, type SeatRequest } from './departure';
import type { TicketStatus } from './ticket';

const customer: Actor = { userId: 'c', role: 'customer' };
const agent: Actor = { userId: 'a', role: 'agent' };
const admin: Actor = { userId: 'x', role: 'admin' };
const route = { id: 'r1', departureAt: '2030-01-01T09:00:00.000Z' };
const wholeTrip = { fromStopIndex: 0, toStopIndex: 2 };

describe('the departure rule', () => {
  it('lets anything happen before the segment departs, and applies from the departure instant on', () => {
    const ask = (now: string) => checkDeparture(customer, 'cancel', route, wholeTrip, now, 'reserved');
    expect(ask('2030-01-01T08:59:59.999Z').isOk()).toBe(true);
    expect(ask('2030-01-01T09:00:00.000Z')._unsafeUnwrapErr()).toMatchObject({
      kind: 'route_departed',
      routeId: 'r1',
    });
  });

  it.each<[SeatRequest, TicketStatus, boolean, boolean]>([
    // request, ticket status, a customer may, staff may
    ['book', 'reserved', false, false],
    ['pay', 'reserved', false, false],
    ['cancel', 'reserved', false, true],
    ['cancel', 'confirmed', false, true],
    ['confirm', 'suspended', false, true],
    ['confirm', 'reserved', false, false],
    ['suspend', 'confirmed', false, true],
    ['suspend', 'reserved', false, false],
  ])('after departure: %s of a %s ticket (customer %s, staff %s)', (request, status, byCustomer, byStaff) => {
    expect(departureAllows(customer, request, status)).toBe(byCustomer);
    expect(departureAllows(agent, request, status)).toBe(byStaff);
    expect(departureAllows(admin, request, status)).toBe(byStaff);
  });

  it('ends an unpaid hold at whichever comes first: its hold or its departure', () => {
    const ticket = (holdExpiresAt: string) => ({ ...wholeTrip, status: 'reserved' as const, holdExpiresAt });
    expect(holdEndsAt(ticket('2030-01-01T08:50:00.000Z'), route)).toBe('2030-01-01T08:50:00.000Z');
    expect(holdEndsAt(ticket('2030-01-01T09:05:00.000Z'), route)).toBe(route.departureAt);
    expect(holdIsOver(ticket('2030-01-01T09:05:00.000Z'), route, '2030-01-01T08:59:59.999Z')).toBe(false);
    expect(holdIsOver(ticket('2030-01-01T09:05:00.000Z'), route, route.departureAt)).toBe(true);
    expect(
      holdIsOver({ ...ticket('2030-01-01T08:00:00.000Z'), status: 'confirmed' }, route, route.departureAt),
    ).toBe(false);
  });

  it('ends a hold without a deadline at the departure', () => {
    expect(holdEndsAt({ ...wholeTrip, holdExpiresAt: null }, route)).toBe(route.departureAt);
  });

  it.each<[SeatRequest, Actor, string]>([
    ['book', agent, ''],
    ['pay', agent, ' Its unpaid reservations can no longer be paid for.'],
    ['cancel', customer, ' Only an agent or admin can cancel its tickets now.'],
    ['confirm', agent, ' An unpaid reservation can no longer be confirmed; cancel it or let it expire.'],
    ['suspend', agent, ' An unpaid reservation can no longer be suspended; cancel it or let it expire.'],
  ])('after departure, a refused %s says what is still possible', (request, actor, after) => {
    const refused = checkDeparture(actor, request, route, wholeTrip, route.departureAt, 'reserved');
    expect(refused._unsafeUnwrapErr()).toStrictEqual({
      kind: 'route_departed',
      message: `Route r1 has departed; its seats are no longer sold.${after}`,
      routeId: 'r1',
    });
  });
});
