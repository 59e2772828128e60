import { OVERLAPPING_TICKETS_SQL } from '@booking/mikro-orm';
import { createRoutes, type BenchRoute } from '../lib/bench-routes';
import type { HttpJson } from '../lib/http-json';
import { LatencyHistogram, type LatencySummary } from '../lib/latency-histogram';
import { withBookingServer, type BookingEnvironment } from './booking-environment';

export interface BookingBenchOptions {
  /** The PostgreSQL server (a fresh database is made on it). */
  postgresUrl: string;
  cpuProfDir?: string;
  /** Uniform: concurrent clients, bookings (each a different seat) and the time bound. */
  clients: number;
  bookings: number;
  maxMs: number;
  /** Hot-seat storm: concurrent clients on one route of `stormSeats` seats, for `stormMs`. */
  stormClients: number;
  stormSeats: number;
  stormMs: number;
  /** Storm attempts in all, at most. */
  stormMaxAttempts: number;
}

export interface UniformResult {
  clients: number;
  bookings: number;
  seconds: number;
  bookingsPerSecond: number;
  statuses: Record<string, number>;
  latencyMs: LatencySummary;
  serverCpuPercent: number;
  /** Server CPU time per successful booking, in microseconds: steadier than rates on a busy machine. */
  serverCpuMicrosPerBooking: number;
  /** From pg_stat_database: transactions (each statement outside one counts) and rows updated, per booking. */
  database?: { transactionsPerBooking: number; rowsUpdatedPerBooking: number };
  /** SQL statements (BEGIN and COMMIT included) the server sent per booking: its round trips. */
  statementsPerBooking?: number;
}

export interface StormResult {
  clients: number;
  seats: number;
  seconds: number;
  attempts: number;
  attemptsPerSecond: number;
  successes: number;
  conflicts: number;
  serverErrors: number;
  /** Every status the storm's bookings got, with the error codes of the refusals. */
  statuses: Record<string, number>;
  /** The same for the cancels of half the winners (which keep seats changing hands). */
  cancelStatuses: Record<string, number>;
  latencyMs: LatencySummary;
  /** Pairs of occupying tickets of one seat with overlapping segments, from SQL (must be 0). */
  overlaps: number;
  /** Seat events of the route, and whether their sequences are exactly 1..n. */
  events: number;
  sequencesContiguous: boolean;
}

export interface BookingReport {
  bench: 'booking';
  database: string;
  uniform: UniformResult;
  storm: StormResult;
}

/** Bookings per second on uniform seats, then the hot-seat storm, on one fresh PostgreSQL database. */
export async function runBooking(options: BookingBenchOptions): Promise<BookingReport> {
  return withBookingServer(
    { postgresUrl: options.postgresUrl, cpuProfDir: options.cpuProfDir },
    async (env) => {
      const uniform = await runUniform(env, options);
      const storm = await runStorm(env, options);
      return { bench: 'booking', database: env.databaseLabel, uniform, storm };
    },
  );
}

const statusKey = (status: number, body: Record<string, unknown>) => {
  const error = body.error as { code?: string } | undefined;
  return error?.code ? `${status} ${error.code}` : String(status);
};

const tally = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** How many answers had a status (the number before the error code) that `predicate` accepts. */
const countWhere = (counts: Record<string, number>, predicate: (status: number) => boolean) =>
  Object.entries(counts)
    .filter(([key]) => predicate(Number(key.split(' ')[0])))
    .reduce((total, [, n]) => total + n, 0);

async function runUniform(env: BookingEnvironment, options: BookingBenchOptions): Promise<UniformResult> {
  const seats = 100;
  const routes = await createRoutes(env.http(8), env.adminToken, Math.ceil(options.bookings / seats), seats);
  const http = env.http(options.clients);
  const tokens = await Promise.all(Array.from({ length: 100 }, (_, i) => env.customerToken(i)));
  // Warm the connections and the server's code paths without counting.
  await Promise.all(Array.from({ length: options.clients }, () => http.call('GET', '/health')));
  const histogram = new LatencyHistogram();
  const statuses: Record<string, number> = {};
  let next = 0;
  const statsBefore = await databaseActivity(env);
  const began = performance.now();
  const usageBefore = await env.server.usage();
  const worker = async () => {
    while (next < options.bookings && performance.now() - began < options.maxMs) {
      const i = next++;
      // Consecutive bookings land on different routes: uniform load, no two on one seat.
      const route = routes[i % routes.length] as BenchRoute;
      const answer = await http.call('POST', '/tickets', {
        token: tokens[i % tokens.length],
        body: {
          routeId: route.id,
          seatNumber: 1 + Math.floor(i / routes.length),
          passengerName: 'Bench Rider',
          gender: 'other',
        },
      });
      histogram.record(answer.ms);
      tally(statuses, statusKey(answer.status, answer.body));
    }
  };
  await Promise.all(Array.from({ length: options.clients }, worker));
  const seconds = (performance.now() - began) / 1000;
  const usageAfter = await env.server.usage();
  const cpu = usageAfter.cpuMicros - usageBefore.cpuMicros;
  const bookings = statuses['201'] ?? 0;
  const statsAfter = await databaseActivity(env);
  return {
    clients: options.clients,
    bookings,
    seconds,
    bookingsPerSecond: bookings / seconds,
    statuses,
    latencyMs: histogram.summary(),
    serverCpuPercent: (cpu / (seconds * 1e6)) * 100,
    serverCpuMicrosPerBooking: bookings > 0 ? cpu / bookings : 0,
    ...(usageBefore.statements !== undefined && usageAfter.statements !== undefined && bookings > 0
      ? { statementsPerBooking: (usageAfter.statements - usageBefore.statements) / bookings }
      : {}),
    ...(statsBefore && statsAfter && bookings > 0
      ? {
          database: {
            transactionsPerBooking: (statsAfter.transactions - statsBefore.transactions) / bookings,
            rowsUpdatedPerBooking: (statsAfter.updated - statsBefore.updated) / bookings,
          },
        }
      : {}),
  };
}

async function runStorm(env: BookingEnvironment, options: BookingBenchOptions): Promise<StormResult> {
  const [route] = await createRoutes(env.http(1), env.adminToken, 1, options.stormSeats);
  if (!route) throw new Error('the storm route was not created');
  const http: HttpJson = env.http(options.stormClients);
  const tokens = await Promise.all(
    Array.from({ length: options.stormClients }, (_, i) => env.customerToken(1000 + i)),
  );
  const histogram = new LatencyHistogram();
  const statuses: Record<string, number> = {};
  const cancelStatuses: Record<string, number> = {};
  let attempts = 0;
  const pick = (n: number) => Math.floor(Math.random() * n);
  const began = performance.now();
  const worker = async (w: number) => {
    while (attempts < options.stormMaxAttempts && performance.now() - began < options.stormMs) {
      attempts += 1;
      const from = pick(route.stops.length - 1);
      const to = from + 1 + pick(route.stops.length - 1 - from);
      const answer = await http.call('POST', '/tickets', {
        token: tokens[w],
        body: {
          routeId: route.id,
          seatNumber: 1 + pick(route.seatCount),
          fromCity: route.stops[from],
          toCity: route.stops[to],
          passengerName: `Storm Rider ${w}`,
          gender: 'other',
        },
      });
      histogram.record(answer.ms);
      tally(statuses, statusKey(answer.status, answer.body));
      // Half the winners give the seat back at once, so the storm keeps finding seats to fight over.
      if (answer.status === 201 && Math.random() < 0.5) {
        const cancel = await http.call('POST', `/tickets/${String(answer.body.id)}/cancel`, {
          token: tokens[w],
        });
        tally(cancelStatuses, statusKey(cancel.status, cancel.body));
      }
    }
  };
  await Promise.all(Array.from({ length: options.stormClients }, (_, w) => worker(w)));
  const seconds = (performance.now() - began) / 1000;
  const audit = await auditRoute(env, route.id);
  const isServerError = (status: number) => status >= 500 || status === 0;
  return {
    clients: options.stormClients,
    seats: options.stormSeats,
    seconds,
    attempts,
    attemptsPerSecond: attempts / seconds,
    successes: countWhere(statuses, (s) => s === 201),
    conflicts: countWhere(statuses, (s) => s === 409),
    serverErrors: countWhere(statuses, isServerError) + countWhere(cancelStatuses, isServerError),
    statuses,
    cancelStatuses,
    latencyMs: histogram.summary(),
    ...audit,
  };
}

/** The database's transaction and update counters (PostgreSQL reports them within a second or so). */
async function databaseActivity(env: BookingEnvironment) {
  if (!env.database) return undefined;
  await new Promise((done) => setTimeout(done, 1_500));
  const [row] = await env.database.query<{ transactions: string; updated: string }>(
    `select xact_commit + xact_rollback as transactions, tup_updated as updated
       from pg_stat_database where datname = current_database()`,
  );
  return { transactions: Number(row?.transactions ?? 0), updated: Number(row?.updated ?? 0) };
}

/** Straight SQL on the benchmark's database: overlapping occupying tickets, and the event sequence. */
async function auditRoute(env: BookingEnvironment, routeId: string) {
  if (!env.database) throw new Error('the storm audit needs PostgreSQL');
  const [overlaps] = await env.database.query<{ count: string }>(OVERLAPPING_TICKETS_SQL, [routeId]);
  const [events] = await env.database.query<{ count: string; highest: string | null; distinct: string }>(
    `select count(*) as count, max(sequence) as highest, count(distinct sequence) as distinct
       from seat_events where route_id = ?`,
    [routeId],
  );
  const total = Number(events?.count ?? 0);
  return {
    overlaps: Number(overlaps?.count ?? -1),
    events: total,
    sequencesContiguous: total === Number(events?.highest ?? 0) && total === Number(events?.distinct ?? 0),
  };
}
