import { describe, expect, it } from '@jest/globals';
import type { Actor } from './actor';
import {
  checkDeparture,
  departureAllows,
  hasDeparted,
  holdEndsAt,
  holdIsOver,
  segmentDepartsAt,
  type SeatRequest,
} from './departure';
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

describe('stop times drive each segment’s departure', () => {
  // Istanbul 09:00, Bolu 12:00, Ankara 14:00.
  const withStops = {
    id: 'r2',
    departureAt: '2030-01-01T09:00:00.000Z',
    stopTimes: ['2030-01-01T09:00:00.000Z', '2030-01-01T12:00:00.000Z', '2030-01-01T14:00:00.000Z'],
  };
  const istanbulBolu = { fromStopIndex: 0, toStopIndex: 1 };
  const boluAnkara = { fromStopIndex: 1, toStopIndex: 2 };
  const at10 = '2030-01-01T10:00:00.000Z';

  it('departs a segment at the time of its first stop, or at departureAt without stop times', () => {
    expect(segmentDepartsAt(withStops, boluAnkara)).toBe('2030-01-01T12:00:00.000Z');
    expect(segmentDepartsAt(withStops, istanbulBolu)).toBe('2030-01-01T09:00:00.000Z');
    expect(segmentDepartsAt({ ...withStops, stopTimes: null }, boluAnkara)).toBe('2030-01-01T09:00:00.000Z');
    expect(segmentDepartsAt(route, boluAnkara)).toBe('2030-01-01T09:00:00.000Z');
  });

  it('at 10:00 still sells Bolu-Ankara but no longer Istanbul-Bolu', () => {
    expect(checkDeparture(customer, 'book', withStops, boluAnkara, at10).isOk()).toBe(true);
    expect(checkDeparture(customer, 'book', withStops, istanbulBolu, at10)._unsafeUnwrapErr().kind).toBe(
      'route_departed',
    );
    expect(checkDeparture(customer, 'cancel', withStops, boluAnkara, at10, 'confirmed').isOk()).toBe(true);
    expect(hasDeparted(withStops, boluAnkara, '2030-01-01T12:00:00.000Z')).toBe(true);
  });

  it('keeps a later segment’s hold past the first stop, until its own stop', () => {
    const hold = { ...boluAnkara, status: 'reserved' as const, holdExpiresAt: null };
    expect(holdEndsAt(hold, withStops)).toBe('2030-01-01T12:00:00.000Z');
    expect(holdIsOver(hold, withStops, at10)).toBe(false);
    expect(holdIsOver({ ...hold, ...istanbulBolu }, withStops, at10)).toBe(true);
  });
});
