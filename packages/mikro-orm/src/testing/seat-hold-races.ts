import { expect } from '@jest/globals';
import type { Hold, Route, Segment } from '@booking/core';
import { sampleHold } from '@booking/core/testing';
import type { ResultAsync } from 'neverthrow';
import type { MikroOrmStorage } from '../open-storage';
import { Sql } from '../sql';
import { CLAIMS_OUT_OF_STEP_SQL, OVERLAPPING_OCCUPANTS_SQL } from './audit-sql';
import { bookingOnStorage, createRoute, customerOf, type BookingOnStorage } from './booking-on-storage';
import { random } from './race-scenarios';

/** What one racer got: it won, or a refusal or failure of some kind. */
type Outcome = 'won' | { kind: string; seatNumbers?: number[] };

function outcomeOf<T, E extends { kind: string }>(attempt: ResultAsync<T, E>): Promise<Outcome> {
  return attempt.match(
    (): Outcome => 'won',
    (error): Outcome => error,
  );
}

const wins = (outcomes: Outcome[]) => outcomes.filter((o) => o === 'won').length;
const refusalKinds = (outcomes: Outcome[]) => new Set(outcomes.flatMap((o) => (o === 'won' ? [] : [o.kind])));

/** A hold placed as the hold use case places it: in a unit of work of its own. */
function placeHold(storage: MikroOrmStorage, hold: Hold) {
  return storage.unitOfWork.run((tx) => tx.holds.insertIfSeatsFree(hold));
}

/** A ticket booked through the core's reserve use case. */
function reserve(
  { services }: BookingOnStorage,
  route: Route,
  n: number,
  seatNumber: number,
  segment: Segment,
) {
  return services.tickets.reserve(customerOf(route, n), {
    routeId: route.id,
    seatNumber,
    fromCity: route.stops[segment.fromStopIndex],
    toCity: route.stops[segment.toStopIndex],
    passengerName: `Passenger ${n}`,
    gender: 'other',
  });
}

/** Straight on the tables: no two occupants overlap, and every claim is in step with its occupant. */
async function audit(storage: MikroOrmStorage, route: Route): Promise<void> {
  const sql = new Sql(storage.orm.em.getConnection());
  const count = async (query: string, times: number) =>
    (await sql.rows<{ count: string }>(query, Array(times).fill(route.id)))._unsafeUnwrap()[0]?.count;
  expect(Number(await count(OVERLAPPING_OCCUPANTS_SQL, 2))).toBe(0);
  expect(Number(await count(CLAIMS_OUT_OF_STEP_SQL, 3))).toBe(0);
}

/**
 * `attempts` holds and reservations of seat 1 on segments that all share the stretch between stops
 * 1 and 2, at once (holds of two seats take another seat that nobody else asks for): exactly one
 * wins. Every refused hold names seat 1 alone, and keeps nothing of its other seat.
 */
export async function holdsAndTicketsRaceForOneSeat(
  storage: MikroOrmStorage,
  attempts: number,
): Promise<void> {
  const booking = bookingOnStorage(storage);
  const route = await createRoute(booking.services, attempts + 2);
  const holds = new Map<number, Hold>();
  const outcomes = await Promise.all(
    Array.from({ length: attempts }, (_, i) => {
      const segment = { fromStopIndex: i % 2, toStopIndex: 2 + (i % 3) };
      if (i % 2 === 1) return outcomeOf(reserve(booking, route, i, 1, segment));
      const hold = sampleHold(route, { seatNumbers: i % 4 === 0 ? [1] : [1, i + 2], ...segment });
      holds.set(i, hold);
      return outcomeOf(placeHold(storage, hold));
    }),
  );
  expect(wins(outcomes)).toBe(1);
  expect(refusalKinds(outcomes)).toEqual(new Set(['seat_unavailable']));
  for (const [i] of holds) {
    const outcome = outcomes[i];
    if (outcome !== 'won') expect(outcome).toMatchObject({ seatNumbers: [1] });
  }
  const activeHolds = (await storage.holds.findActive(route.id))._unsafeUnwrap();
  const tickets = (await storage.tickets.findOccupying(route.id))._unsafeUnwrap();
  expect(activeHolds.length + tickets.length).toBe(1);
  await audit(storage, route);
  // The seats of the refused holds are free: one hold takes every one of them.
  const others = [...holds.values()].flatMap((h) => h.seatNumbers.filter((s) => s !== 1));
  const winner = activeHolds[0];
  const free = others.filter((s) => !winner?.seatNumbers.includes(s));
  if (free.length > 0) {
    (
      await placeHold(storage, sampleHold(route, { seatNumbers: free.sort((a, b) => a - b) }))
    )._unsafeUnwrap();
  }
}

/**
 * `attempts` operations on one 10-seat, 5-stop route at once, on random seats and segments: holds
 * of one to three seats, reservations, and releases of holds placed before. The audit straight on
 * the tables finds no two occupants of one seat on overlapping segments, and every claim in step.
 */
export async function holdsAndTicketsRaceOverSegments(
  storage: MikroOrmStorage,
  attempts: number,
  seed: number,
): Promise<void> {
  const booking = bookingOnStorage(storage);
  const route = await createRoute(booking.services, 10);
  const next = random(seed);
  const segment = (): Segment => {
    const from = Math.floor(next() * 4);
    return { fromStopIndex: from, toStopIndex: from + 1 + Math.floor(next() * (4 - from)) };
  };
  const seats = (): number[] => {
    const wanted = new Set(
      Array.from({ length: 1 + Math.floor(next() * 3) }, () => 1 + Math.floor(next() * 10)),
    );
    return [...wanted].sort((a, b) => a - b);
  };
  // Holds placed before the race, to be released during it (those refused now are simply skipped).
  const placed: Hold[] = [];
  for (let i = 0; i < 8; i++) {
    const hold = sampleHold(route, { seatNumbers: seats(), ...segment() });
    if ((await placeHold(storage, hold)).isOk()) placed.push(hold);
  }
  const outcomes = await Promise.all(
    Array.from({ length: attempts }, (_, i) => {
      const release = placed[i];
      if (i % 5 === 0 && release) {
        const released: Hold = { ...release, status: 'released', version: 2 };
        return outcomeOf(storage.unitOfWork.run((tx) => tx.holds.update(released)));
      }
      if (i % 2 === 0)
        return outcomeOf(placeHold(storage, sampleHold(route, { seatNumbers: seats(), ...segment() })));
      return outcomeOf(reserve(booking, route, i, 1 + Math.floor(next() * 10), segment()));
    }),
  );
  const won = wins(outcomes);
  // The workload really contends, and every refusal is a clean `seat_unavailable` (no release fails).
  expect(won).toBeGreaterThan(0);
  expect(won).toBeLessThan(attempts);
  expect(refusalKinds(outcomes)).toEqual(new Set(['seat_unavailable']));
  await audit(storage, route);
}
