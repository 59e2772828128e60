import { describe, expect, it } from '@jest/globals';
import { sampleHold, sampleRoute } from '../testing/fixtures';
import type { Actor } from './actor';
import {
  convertHold,
  expireSeatHold,
  extendHold,
  holdEvents,
  holdOccupies,
  mayAccessHold,
  placeHold,
  planHold,
  releaseHold,
  toHoldView,
  type HoldStatus,
} from './hold';

const customer: Actor = { userId: 'customer-1', role: 'customer' };
const stranger: Actor = { userId: 'customer-2', role: 'customer' };
const agent: Actor = { userId: 'agent-1', role: 'agent' };
const admin: Actor = { userId: 'admin-1', role: 'admin' };
// Stops A..E (0..4); the second leg has its own price.
const base = sampleRoute({ departureAt: '2030-01-01T09:00:00.000Z' });
const route = { ...base, segmentPrices: [{ fromStopIndex: 1, toStopIndex: 2, price: 7.5 }] };
// sampleHold runs until 08:10
const RUNNING = '2030-01-01T08:05:00.000Z';
const RAN_OUT = '2030-01-01T08:10:00.000Z';
const DEPARTED = route.departureAt;
const hold = (overrides = {}) => sampleHold(route, overrides);
const at = (now: string, actor: Actor = customer) => ({ actor, route, now });
const kindOf = (result: { isErr(): boolean; _unsafeUnwrapErr(): { kind: string } }) =>
  result.isErr() ? result._unsafeUnwrapErr().kind : 'ok';

describe('placing a hold', () => {
  const plan = planHold(customer, route, route.stops[1], route.stops[3], RUNNING)._unsafeUnwrap();

  it('holds the seats in ascending order from now, version 1, not extended, with seat_held per seat', () => {
    const asked = [4, 2];
    const { hold: placed, events, from } = placeHold(plan, asked, 'h-1', 300)._unsafeUnwrap();
    expect(placed).toEqual({
      id: 'h-1',
      routeId: route.id,
      seatNumbers: [2, 4],
      fromStopIndex: 1,
      toStopIndex: 3,
      ownerId: 'customer-1',
      status: 'active',
      expiresAt: '2030-01-01T08:10:00.000Z',
      extended: false,
      createdAt: RUNNING,
      updatedAt: RUNNING,
      version: 1,
    });
    expect(asked).toEqual([4, 2]);
    expect(from).toBe('active');
    expect(events.map((e) => [e.seatNumber, e.eventType, e.ticketId])).toEqual([
      [2, 'seat_held', 'h-1'],
      [4, 'seat_held', 'h-1'],
    ]);
  });

  it('refuses a seat the bus lacks, at either end', () => {
    expect(placeHold(plan, [1, 0], 'h-1', 300)._unsafeUnwrapErr()).toMatchObject({
      kind: 'seat_out_of_range',
      seatNumber: 0,
      seatCount: 10,
    });
    expect(placeHold(plan, [11], 'h-1', 300)._unsafeUnwrapErr()).toMatchObject({
      kind: 'seat_out_of_range',
      seatNumber: 11,
    });
    expect(kindOf(placeHold(plan, [10], 'h-1', 300))).toBe('ok');
  });

  it('plans only a real segment of a bus that has not left, for staff too', () => {
    expect(kindOf(planHold(customer, route, route.stops[3], route.stops[1], RUNNING))).toBe(
      'invalid_segment',
    );
    expect(kindOf(planHold(customer, route, undefined, 'Atlantis', RUNNING))).toBe('invalid_segment');
    expect(kindOf(planHold(agent, route, undefined, undefined, DEPARTED))).toBe('route_departed');
    const whole = planHold(customer, route, undefined, undefined, RUNNING)._unsafeUnwrap();
    expect(whole.segment).toEqual({ fromStopIndex: 0, toStopIndex: 4 });
  });
});

describe("a hold's seat events", () => {
  it("carry the hold's id, segment, cities and the segment's price; a reason only when given", () => {
    const leg = hold({ id: 'h-1', seatNumbers: [3, 5], fromStopIndex: 1, toStopIndex: 2 });
    const [first, second] = holdEvents(leg, route, 'seat_held');
    expect(first).toEqual({
      routeId: route.id,
      seatNumber: 3,
      eventType: 'seat_held',
      ticketId: 'h-1',
      fromStopIndex: 1,
      toStopIndex: 2,
      metadata: { fromCity: route.stops[1], toCity: route.stops[2], price: 7.5 },
    });
    expect(second?.seatNumber).toBe(5);
    const released = holdEvents(hold({ toStopIndex: 2 }), route, 'seat_released', 'hold_expired');
    expect(released[0]?.metadata).toEqual({
      fromCity: route.stops[0],
      toCity: route.stops[2],
      price: 25,
      reason: 'hold_expired',
    });
  });
});

describe("a hold's view", () => {
  it('has only the contract fields, and its seat list is a copy', () => {
    const held = hold({ seatNumbers: [1, 2] });
    const view = toHoldView(held);
    expect(Object.keys(view).sort()).toEqual(
      ['expiresAt', 'fromStopIndex', 'id', 'routeId', 'seatNumbers', 'status', 'toStopIndex'].sort(),
    );
    expect(view).toMatchObject({ id: held.id, seatNumbers: [1, 2], status: 'active', expiresAt: RAN_OUT });
    view.seatNumbers.push(9);
    expect(held.seatNumbers).toEqual([1, 2]);
  });
});

describe('who may act on a hold', () => {
  it('its owner, agents and admins; any other customer learns nothing', () => {
    const held = hold();
    expect([customer, agent, admin, stranger].map((a) => mayAccessHold(a, held))).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});

describe('extending a hold', () => {
  it('sets expiresAt to now + the hold time, once, with no events', () => {
    const { hold: extended, events, from } = extendHold(hold(), at(RUNNING), 300)._unsafeUnwrap();
    expect(extended).toMatchObject({
      expiresAt: '2030-01-01T08:10:00.000Z',
      extended: true,
      updatedAt: RUNNING,
      version: 2,
      status: 'active',
    });
    expect([events, from]).toEqual([[], 'active']);
    expect(extendHold(extended, at(RUNNING), 300)._unsafeUnwrapErr()).toMatchObject({
      kind: 'hold_not_extendable',
      holdId: extended.id,
    });
  });

  it('is hold_expired once the time ran out or the bus left, extended or not, and for an ended hold', () => {
    expect(kindOf(extendHold(hold(), at(RAN_OUT), 300))).toBe('hold_expired');
    expect(kindOf(extendHold(hold({ extended: true }), at(RAN_OUT), 300))).toBe('hold_expired');
    const long = hold({ expiresAt: '2030-01-02T00:00:00.000Z' });
    expect(kindOf(extendHold(long, at(DEPARTED, agent), 300))).toBe('hold_expired');
    for (const status of ['released', 'expired', 'converted'] as HoldStatus[]) {
      expect(kindOf(extendHold(hold({ status }), at(RUNNING), 300))).toBe('hold_expired');
    }
  });
});

describe('releasing a hold', () => {
  it('frees each seat with reason released, even past its time; a hold that ended is hold_expired', () => {
    const released = releaseHold(hold({ seatNumbers: [1, 2] }), at(RAN_OUT))._unsafeUnwrap();
    expect(released.hold).toMatchObject({ status: 'released', version: 2, updatedAt: RAN_OUT });
    expect(released.events.map((e) => [e.seatNumber, e.eventType, e.metadata.reason])).toEqual([
      [1, 'seat_released', 'released'],
      [2, 'seat_released', 'released'],
    ]);
    expect(releaseHold(released.hold, at(RAN_OUT))._unsafeUnwrapErr()).toMatchObject({
      kind: 'hold_expired',
      holdId: released.hold.id,
    });
    expect(releaseHold(hold({ status: 'converted' }), at(RUNNING))._unsafeUnwrapErr().message).toMatch(
      /already turned into tickets/,
    );
  });
});

describe("the sweep's rule", () => {
  it('refuses a running hold and one that already ended', () => {
    expect(kindOf(expireSeatHold(hold(), route, RUNNING))).toBe('invalid_transition');
    for (const status of ['released', 'expired', 'converted'] as HoldStatus[]) {
      expect(kindOf(expireSeatHold(hold({ status }), route, RAN_OUT))).toBe('invalid_transition');
    }
  });

  it('expires a hold at the instant its time runs out, or when its bus leaves first', () => {
    const expired = expireSeatHold(hold(), route, RAN_OUT)._unsafeUnwrap();
    expect(expired.hold.status).toBe('expired');
    expect(expired.events.map((e) => [e.eventType, e.metadata.reason])).toEqual([
      ['seat_released', 'hold_expired'],
    ]);
    const long = hold({ expiresAt: '2030-01-02T00:00:00.000Z' });
    expect(kindOf(expireSeatHold(long, route, DEPARTED))).toBe('ok');
  });
});

describe('turning a hold into tickets', () => {
  it('consumes a running hold for exactly its seats, in any order, with no seat events', () => {
    const converted = convertHold(hold({ seatNumbers: [2, 5] }), [5, 2], at(RUNNING))._unsafeUnwrap();
    expect(converted.hold).toMatchObject({ status: 'converted', version: 2, updatedAt: RUNNING });
    expect([converted.events, converted.from]).toEqual([[], 'active']);
  });

  it('refuses other seats, naming the held ones', () => {
    const held = hold({ seatNumbers: [2, 5] });
    for (const seats of [[2], [2, 5, 6], [2, 6], []]) {
      expect(convertHold(held, seats, at(RUNNING))._unsafeUnwrapErr()).toMatchObject({
        kind: 'hold_mismatch',
        holdId: held.id,
      });
    }
    expect(convertHold(held, [2], at(RUNNING))._unsafeUnwrapErr().message).toMatch(/seats 2, 5/);
  });

  it('says route_departed before anything else once the bus has left, for staff too', () => {
    expect(kindOf(convertHold(hold({ status: 'released' }), [9], at(DEPARTED, agent)))).toBe(
      'route_departed',
    );
  });

  it('is hold_expired for a hold past its time or ended, before looking at the seats', () => {
    expect(kindOf(convertHold(hold(), [9], at(RAN_OUT)))).toBe('hold_expired');
    for (const status of ['released', 'expired', 'converted'] as HoldStatus[]) {
      expect(kindOf(convertHold(hold({ status }), [1], at(RUNNING)))).toBe('hold_expired');
    }
  });
});

describe('which seats a hold keeps', () => {
  it('its own seats on overlapping segments, while active', () => {
    const leg = hold({ seatNumbers: [1, 3], fromStopIndex: 1, toStopIndex: 3 });
    expect(holdOccupies(leg, 3, { fromStopIndex: 2, toStopIndex: 4 })).toBe(true);
    expect(holdOccupies(leg, 1, { fromStopIndex: 0, toStopIndex: 2 })).toBe(true);
    expect(holdOccupies(leg, 2, { fromStopIndex: 1, toStopIndex: 3 })).toBe(false);
    // touching segments do not overlap: the seat is free before stop 1 and from stop 3 on
    expect(holdOccupies(leg, 1, { fromStopIndex: 0, toStopIndex: 1 })).toBe(false);
    expect(holdOccupies(leg, 1, { fromStopIndex: 3, toStopIndex: 4 })).toBe(false);
    for (const status of ['released', 'expired', 'converted'] as HoldStatus[]) {
      expect(holdOccupies({ ...leg, status }, 1, leg)).toBe(false);
    }
  });
});
