import type { BusShape, Segment } from '@booking/core';

/** The simulated route: six stops with their distance from the first, in km, and its bus. */
export const STOP_KM = [0, 95, 180, 310, 420, 560];
export const BUS: BusShape = { seatCount: 46, layout: '2+2' };

/** In which order the trips of one bus are booked. */
export const ARRIVALS = ['random', 'short-first'] as const;
export type Arrival = (typeof ARRIVALS)[number];

export interface Trip extends Segment {
  quantity: number;
}

export const km = (segment: Segment) =>
  (STOP_KM[segment.toStopIndex] as number) - (STOP_KM[segment.fromStopIndex] as number);

/** What one bus could sell at most: every seat over the whole route. */
export const capacityPerBus = () => BUS.seatCount * (STOP_KM[STOP_KM.length - 1] as number);

/** Every pair of stops `from < to`: each is an equally likely trip. */
const SEGMENTS: Segment[] = STOP_KM.flatMap((_, from) =>
  STOP_KM.slice(from + 1).map((__, i) => ({ fromStopIndex: from, toStopIndex: from + 1 + i })),
);

/** How many trips make `demand` times the bus's seat-km, on average. */
export function tripsPerBus(demand: number, pairShare: number): number {
  const meanKm = SEGMENTS.reduce((sum, s) => sum + km(s), 0) / SEGMENTS.length;
  return Math.round((demand * capacityPerBus()) / (meanKm * (1 + pairShare)));
}

/**
 * One bus's trips in booking order. `random`: any trip may come at any time. `short-first`: shorter
 * trips tend to book earlier (ordered by legs plus a random number in [0, 2), so orders mix a little).
 */
export function tripsForBus(
  random: () => number,
  count: number,
  pairShare: number,
  arrival: Arrival,
): Trip[] {
  const trips = Array.from({ length: count }, () => randomTrip(random, pairShare));
  if (arrival === 'random') return trips;
  return trips
    .map((trip) => ({ trip, key: trip.toStopIndex - trip.fromStopIndex + 2 * random() }))
    .sort((a, b) => a.key - b.key)
    .map(({ trip }) => trip);
}

function randomTrip(random: () => number, pairShare: number): Trip {
  const segment = SEGMENTS[Math.floor(random() * SEGMENTS.length)] as Segment;
  return { ...segment, quantity: random() < pairShare ? 2 : 1 };
}

/** A small seeded generator (mulberry32), so every run can be repeated exactly. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
