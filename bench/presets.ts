import type { BookingBenchOptions } from './benches/booking';
import type { DepartureCancelOptions } from './benches/departure-cancel';
import type { FanoutOptions } from './benches/fanout';
import type { SeatChoiceOptions } from './benches/seat-choice';
import type { WsCapacityOptions } from './benches/ws-capacity';

type Defaults<T> = Omit<T, 'postgresUrl' | 'dataDir' | 'cpuProfDir'>;

/** The settings of a real run (each can be changed on the command line: --connections=5000 ...). */
export const FULL = {
  'ws-capacity': {
    connections: 18_000,
    routes: 200,
    clientProcesses: 3,
    addresses: 8,
    holdMs: 15_000,
    concurrency: 100,
    servers: ['booking', 'baseline'],
    timeoutMs: 20_000,
  } satisfies Defaults<WsCapacityOptions>,
  fanout: {
    // 20 x 500 sockets at 100 events/s: 50,000 deliveries/s from 67 booking requests/s.
    routes: 20,
    subscribers: 500,
    eventsPerSecond: 100,
    warmupMs: 5_000,
    durationMs: 20_000,
    clientProcesses: 2,
    addresses: 4,
    maxInFlight: 64,
    seatsPerRoute: 40,
    servers: ['booking', 'baseline'],
    timeoutMs: 20_000,
  } satisfies Defaults<FanoutOptions>,
  booking: {
    clients: 32,
    bookings: 20_000,
    maxMs: 30_000,
    stormClients: 500,
    stormSeats: 50,
    stormMs: 15_000,
    stormMaxAttempts: 200_000,
  } satisfies Defaults<BookingBenchOptions>,
  // Pure simulation, no server: 5 seeds x 3 demand levels x 2 booking orders x 40 buses, 111,000 trips.
  'seat-choice': {
    seeds: 5,
    departures: 40,
    demands: [0.6, 1, 1.5],
    arrivals: ['random', 'short-first'],
    pairShare: 0.1,
  } satisfies SeatChoiceOptions,
  // In process, on the storage: 3 cancellations of sold-out, paid departures of each size.
  'departure-cancel': {
    tickets: [20, 40, 80],
    repeats: 3,
    refundDelayMs: 0,
  } satisfies Defaults<DepartureCancelOptions>,
};

/** A few seconds each: what `npm test` runs to keep the benchmarks working (structure, not speed). */
export const SMOKE: typeof FULL = {
  'ws-capacity': {
    ...FULL['ws-capacity'],
    connections: 60,
    routes: 3,
    clientProcesses: 2,
    addresses: 2,
    holdMs: 300,
  },
  fanout: {
    ...FULL.fanout,
    routes: 2,
    subscribers: 5,
    eventsPerSecond: 30,
    warmupMs: 500,
    durationMs: 1_500,
    clientProcesses: 1,
    addresses: 2,
    seatsPerRoute: 10,
  },
  booking: {
    ...FULL.booking,
    clients: 4,
    bookings: 40,
    maxMs: 5_000,
    stormClients: 20,
    stormSeats: 5,
    stormMs: 1_500,
    stormMaxAttempts: 300,
  },
  'seat-choice': { ...FULL['seat-choice'], seeds: 1, departures: 2 },
  'departure-cancel': { ...FULL['departure-cancel'], tickets: [3], repeats: 1 },
};
