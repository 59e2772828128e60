import { isSeatEvent } from '../domain/route-event';
import { describe, expect, it } from '@jest/globals';
import { err, errAsync, ok, okAsync } from 'neverthrow';
import type { Actor } from '../domain/actor';
import { errors, type DomainError } from '../domain/errors';
import type { Route } from '../domain/route';
import type { PolicyLock, SeatPolicy } from '../policies/seat-policy';
import type { TransactionScope } from '../ports/unit-of-work.port';
import { sampleRoute } from '../testing/fixtures';
import { createInMemoryPorts, type InMemoryPorts } from '../testing/in-memory-booking';
import type { Outcome } from './command-pipeline';
import { SeatBooking, type GroupBooking, type SeatsRequest } from './seat-booking';

const alice: Actor = { userId: 'alice', role: 'customer' };
const agent: Actor = { userId: 'agent-1', role: 'agent' };

/** A deployment's seat rule that only records what the booking asked of it. */
function rule(name: string, locks: PolicyLock[], options: Partial<SeatPolicy> = {}) {
  const calls: string[] = [];
  const policy: SeatPolicy = {
    name,
    locks,
    precheck: () => {
      calls.push('precheck');
      return ok(undefined);
    },
    check: () => {
      calls.push('check');
      return okAsync(undefined);
    },
    ...options,
  };
  return { policy, calls };
}

async function setup(seatPolicies: SeatPolicy[] = [], maxHeldSeats?: number) {
  const ports = createInMemoryPorts();
  const route: Route = sampleRoute({ seatCount: 6 });
  await ports.routes.insert(route);
  const seats = new SeatBooking(ports, { holdSeconds: 300, seatPolicies, maxHeldSeats });
  const request = (...seatNumbers: number[]): SeatsRequest => ({
    routeId: route.id,
    passengers: seatNumbers.map((seatNumber, i) => ({
      seatNumber,
      passengerName: `P${i}`,
      gender: 'female' as const,
    })),
  });
  return { ports, route, seats, request };
}

/** `target` with some of its methods replaced (the others still reach the real one). */
function override<T extends object>(target: T, methods: Partial<T>): T {
  return Object.assign(Object.create(target) as T, methods);
}

/** Books through `prepare` and `write` in one unit of work, recording the locks it takes. */
async function book(ports: InMemoryPorts, seats: SeatBooking, actor: Actor, request: SeatsRequest) {
  const locks: string[] = [];
  const prepared = await seats.prepare(actor, request);
  if (prepared.isErr()) return { result: err<Outcome<GroupBooking>, DomainError>(prepared.error), locks };
  const result = await ports.unitOfWork.run((tx) => {
    const recording: TransactionScope = {
      ...tx,
      locks: {
        route: (id) => (locks.push(`route ${id}`), tx.locks.route(id)),
        routeShared: (id) => (locks.push(`shared route ${id}`), tx.locks.routeShared(id)),
        owner: (id) => (locks.push(`owner ${id}`), tx.locks.owner(id)),
      },
    };
    return seats.write(recording, prepared.value);
  });
  return { result, locks };
}

describe('SeatBooking: locks and policies', () => {
  it("takes the route lock before the owner lock when a customer's rules need both", async () => {
    const { ports, route, seats, request } = await setup([rule('everyone', ['route']).policy]);
    const { result, locks } = await book(ports, seats, alice, request(1));
    expect(result.isOk()).toBe(true);
    expect(locks).toEqual([`route ${route.id}`, 'owner alice']);
  });

  it('shares the route lock and takes the owner lock of the unpaid-seat limit when no deployment rule needs more', async () => {
    const { ports, route, seats, request } = await setup();
    expect((await book(ports, seats, alice, request(1))).locks).toEqual([
      `shared route ${route.id}`,
      'owner alice',
    ]);
  });

  it('takes only the shared route lock for a counter sale: the unpaid-seat limit does not judge staff', async () => {
    const { ports, route, seats, request } = await setup();
    const { result, locks } = await book(ports, seats, agent, request(1, 2));
    expect(result.isOk()).toBe(true);
    expect(locks).toEqual([`shared route ${route.id}`]);
  });

  it('runs a rule that applies: its precheck before the unit of work, its check inside it', async () => {
    const { policy, calls } = rule('everyone', []);
    const { ports, seats, request } = await setup([policy]);
    await book(ports, seats, agent, request(1));
    expect(calls).toEqual(['precheck', 'check']);
  });

  it('neither runs nor locks for a rule that does not apply to the actor', async () => {
    const { policy, calls } = rule('customers only', ['route'], { appliesTo: (a) => a.role === 'customer' });
    const { ports, route, seats, request } = await setup([policy]);
    const { locks } = await book(ports, seats, agent, request(1));
    expect(calls).toEqual([]);
    expect(locks).toEqual([`shared route ${route.id}`]);
  });

  it("answers a rule's precheck refusal before anything is written", async () => {
    const refusal = errors.seatRuleViolation('no_front_row', 'Not the front row.');
    const { policy, calls } = rule('no_front_row', [], { precheck: () => err(refusal) });
    const { ports, seats, request } = await setup([policy]);
    const { result } = await book(ports, seats, alice, request(1));
    expect(result._unsafeUnwrapErr()).toEqual(refusal);
    expect(calls).toEqual([]);
    expect(ports.db.tickets.size).toBe(0);
  });

  it("answers a rule's check refusal and rolls the seats back", async () => {
    const refusal = errors.seatRuleViolation('full', 'The bus is full for you.');
    const { policy } = rule('full', ['route'], { check: () => errAsync(refusal) });
    const { ports, seats, request } = await setup([policy]);
    const { result } = await book(ports, seats, alice, request(1, 2));
    expect(result._unsafeUnwrapErr()).toEqual(refusal);
    expect(ports.db.tickets.size).toBe(0);
  });

  it('limits the unpaid seats of a customer to maxHeldSeats, counting this booking', async () => {
    const { ports, seats, request } = await setup([], 2);
    expect((await book(ports, seats, alice, request(1, 2))).result.isOk()).toBe(true);
    const third = await book(ports, seats, alice, request(3));
    expect(third.result._unsafeUnwrapErr()).toMatchObject({ kind: 'hold_limit_reached', limit: 2 });
  });

  it('limits unpaid seats to DEFAULT_MAX_HELD_SEATS (10) when the deployment says nothing', async () => {
    const ports = createInMemoryPorts();
    const route = sampleRoute({ seatCount: 12 });
    await ports.routes.insert(route);
    const seats = new SeatBooking(ports, { holdSeconds: 300 });
    const passengers = (...numbers: number[]) =>
      numbers.map((seatNumber) => ({ seatNumber, passengerName: 'P', gender: 'male' as const }));
    const ten = await book(ports, seats, alice, {
      routeId: route.id,
      passengers: passengers(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
    });
    expect(ten.result.isOk()).toBe(true);
    const eleventh = await book(ports, seats, alice, { routeId: route.id, passengers: passengers(11) });
    expect(eleventh.result._unsafeUnwrapErr()).toMatchObject({ kind: 'hold_limit_reached', limit: 10 });
  });
});

describe('SeatBooking: the seats', () => {
  it('answers route_not_found for an unknown route', async () => {
    const { ports, seats, request } = await setup();
    const { result } = await book(ports, seats, alice, { ...request(1), routeId: 'nowhere' });
    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: 'route_not_found', routeId: 'nowhere' });
  });

  it('answers the tickets in the order given, writes the events by seat, all under one PNR', async () => {
    const { ports, route, seats, request } = await setup();
    const { result } = await book(ports, seats, alice, request(5, 2, 4));
    const { answer, events, tickets } = result._unsafeUnwrap();
    expect(answer.tickets.map((t) => t.seatNumber)).toEqual([5, 2, 4]);
    expect(tickets).toEqual(answer.tickets);
    expect(new Set(answer.tickets.map((t) => t.pnrNumber))).toEqual(new Set([answer.pnrNumber]));
    expect(events.filter(isSeatEvent).map((e) => [e.sequence, e.seatNumber, e.eventType])).toEqual([
      [1, 2, 'seat_reserved'],
      [2, 4, 'seat_reserved'],
      [3, 5, 'seat_reserved'],
    ]);
    expect(ports.db.events.get(route.id)).toHaveLength(3);
  });

  it('names every taken seat of the group at once and books none', async () => {
    const { ports, seats, request } = await setup();
    await book(ports, seats, agent, request(4));
    await book(ports, seats, agent, request(2));
    const { result } = await book(ports, seats, alice, request(4, 3, 2));
    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: 'seat_unavailable', seatNumbers: [2, 4] });
    expect(ports.db.tickets.size).toBe(2);
  });

  it('passes a storage failure through as it is', async () => {
    const { ports, seats, request } = await setup();
    const prepared = (await seats.prepare(alice, request(1)))._unsafeUnwrap();
    const failing: TransactionScope['tickets']['insertIfSeatFree'] = () =>
      errAsync(errors.persistenceUnavailable('disk full'));
    const result = await ports.unitOfWork.run((tx) =>
      seats.write({ ...tx, tickets: override(tx.tickets, { insertIfSeatFree: failing }) }, prepared),
    );
    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: 'persistence_unavailable', cause: 'disk full' });
  });

  it('runs the step given to write after the locks and before the seats, in the same unit of work', async () => {
    const { ports, seats, request } = await setup();
    const prepared = (await seats.prepare(alice, request(1)))._unsafeUnwrap();
    const order: string[] = [];
    const result = await ports.unitOfWork.run((tx) =>
      seats.write(
        {
          ...tx,
          locks: override(tx.locks, { owner: (id) => (order.push('lock'), tx.locks.owner(id)) }),
          tickets: override(tx.tickets, {
            insertIfSeatFree: (t) => (order.push('seat'), tx.tickets.insertIfSeatFree(t)),
          }),
        },
        prepared,
        () => (order.push('first'), okAsync(undefined)),
      ),
    );
    expect(result.isOk()).toBe(true);
    expect(order).toEqual(['lock', 'first', 'seat']);
  });
});
