/**
 * How many seat-kilometres a bus sells when the server picks the seats: first fit (the lowest free
 * seat numbers) against `chooseSeats` (the seat whose free stretch fits the trip tightest). A pure
 * simulation on the core, no server: random trips arrive one by one and each takes seats or is refused.
 */
import { chooseSeats, segmentsOverlap, type OccupiedStretch, type Segment } from '@booking/core';
import {
  ARRIVALS,
  BUS,
  capacityPerBus,
  km,
  mulberry32,
  STOP_KM,
  tripsForBus,
  tripsPerBus,
  type Arrival,
  type Trip,
} from '../lib/seat-demand';

export interface SeatChoiceOptions {
  /** Runs with seeds 1 .. seeds, each with its own random trips. */
  seeds: number;
  /** Buses (departures) per seed, demand level and arrival order, each filled from empty. */
  departures: number;
  /** Requested seat-km over the bus's seat-km: below 1 the bus has room for everyone on average. */
  demands: number[];
  /** Booking orders to try (see `tripsForBus`). */
  arrivals: string[];
  /** Share of requests for two seats; the rest ask for one. */
  pairShare: number;
}

/**
 * The seat choices compared. `seats movable` is no seat choice but the yardstick: a trip is sold
 * whenever every leg of it has a seat left, as if seated passengers could be moved to other seats
 * (on one line of stops that always works out), so no seat is ever lost to a gap. It is not a strict
 * ceiling: like the others it sells every trip that fits, and a short trip it takes may crowd out a
 * later long one that a seat choice, having refused the short trip, still sells.
 */
export const STRATEGIES = ['first fit', 'leg-aware', 'leg-aware, pairs together', 'seats movable'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface Sales {
  seatKm: number;
  seatsSold: number;
  refused: number;
}

export interface SeatChoiceRun {
  arrival: Arrival;
  demand: number;
  seed: number;
  requests: number;
  /** What the buses could sell at most: every seat over the whole route, times departures. */
  capacitySeatKm: number;
  sales: Record<Strategy, Sales>;
}

export interface SeatChoiceReport {
  bench: 'seat-choice';
  options: SeatChoiceOptions;
  route: { stopKm: number[]; seats: number; layout: string };
  runs: SeatChoiceRun[];
}

export function runSeatChoice(options: SeatChoiceOptions): SeatChoiceReport {
  const runs: SeatChoiceRun[] = [];
  for (const arrival of options.arrivals.map(arrivalOf)) {
    for (const demand of options.demands) {
      for (let seed = 1; seed <= options.seeds; seed += 1) runs.push(runOne(options, arrival, demand, seed));
    }
  }
  return {
    bench: 'seat-choice',
    options,
    route: { stopKm: STOP_KM, seats: BUS.seatCount, layout: BUS.layout },
    runs,
  };
}

function arrivalOf(name: string): Arrival {
  if (!(ARRIVALS as readonly string[]).includes(name)) {
    throw new Error(`--arrivals takes a comma list of ${ARRIVALS.join(', ')}`);
  }
  return name as Arrival;
}

/** One seed at one demand level: the same trips, in the same order, for every strategy. */
function runOne(options: SeatChoiceOptions, arrival: Arrival, demand: number, seed: number): SeatChoiceRun {
  const random = mulberry32(seed);
  const perBus = tripsPerBus(demand, options.pairShare);
  const buses = Array.from({ length: options.departures }, () =>
    tripsForBus(random, perBus, options.pairShare, arrival),
  );
  const sales = Object.fromEntries(STRATEGIES.map((s) => [s, sellAll(buses, s)])) as Record<Strategy, Sales>;
  return {
    arrival,
    demand,
    seed,
    requests: perBus * options.departures,
    capacitySeatKm: capacityPerBus() * options.departures,
    sales,
  };
}

function sellAll(buses: Trip[][], strategy: Strategy): Sales {
  const total: Sales = { seatKm: 0, seatsSold: 0, refused: 0 };
  for (const trips of buses) {
    const sell = strategy === 'seats movable' ? movableSeller() : seatSeller(strategy);
    for (const trip of trips) {
      if (!sell(trip)) {
        total.refused += 1;
        continue;
      }
      total.seatsSold += trip.quantity;
      total.seatKm += trip.quantity * km(trip);
    }
  }
  return total;
}

/** Sells one bus's trips on real seats, the strategy choosing which; false when it refuses. */
function seatSeller(strategy: Exclude<Strategy, 'seats movable'>): (trip: Trip) => boolean {
  const occupied: OccupiedStretch[] = [];
  return (trip) => {
    const seats = strategy === 'first fit' ? firstFit(occupied, trip) : legAware(occupied, trip, strategy);
    if (seats === undefined) return false;
    for (const seatNumber of seats) {
      const stretch = { seatNumber, ...segmentOf(trip) };
      if (occupied.some((o) => o.seatNumber === seatNumber && segmentsOverlap(o, stretch))) {
        throw new Error(`${strategy} sold seat ${seatNumber} twice on ${JSON.stringify(segmentOf(trip))}`);
      }
      occupied.push(stretch);
    }
    return true;
  };
}

/** The lowest-numbered seats free for the whole trip. */
function firstFit(occupied: OccupiedStretch[], trip: Trip): number[] | undefined {
  const free: number[] = [];
  for (let seat = 1; seat <= BUS.seatCount && free.length < trip.quantity; seat += 1) {
    if (!occupied.some((o) => o.seatNumber === seat && segmentsOverlap(o, trip))) free.push(seat);
  }
  return free.length === trip.quantity ? free : undefined;
}

function legAware(occupied: OccupiedStretch[], trip: Trip, strategy: Strategy): number[] | undefined {
  const chosen = chooseSeats({
    bus: BUS,
    stopCount: STOP_KM.length,
    segment: segmentOf(trip),
    quantity: trip.quantity,
    preferences: { together: strategy === 'leg-aware, pairs together' },
    occupied,
  });
  return chosen.isOk() ? chosen.value : undefined;
}

/** The yardstick: counts passengers per leg only, as if anyone seated could move to another seat. */
function movableSeller(): (trip: Trip) => boolean {
  const onBoard = new Array<number>(STOP_KM.length - 1).fill(0);
  return (trip) => {
    const legs = onBoard.slice(trip.fromStopIndex, trip.toStopIndex);
    if (legs.some((count) => count + trip.quantity > BUS.seatCount)) return false;
    for (let leg = trip.fromStopIndex; leg < trip.toStopIndex; leg += 1) {
      onBoard[leg] = (onBoard[leg] as number) + trip.quantity;
    }
    return true;
  };
}

const segmentOf = ({ fromStopIndex, toStopIndex }: Trip): Segment => ({ fromStopIndex, toStopIndex });
