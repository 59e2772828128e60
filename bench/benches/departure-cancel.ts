/**
 * How long cancelling a departure takes on the real storage: the unit of work that holds the
 * route's exclusive lock (while it is held, no seat of the route is sold or held), the call until
 * its answer (right after the commit), and the whole cancellation including the refunds it then
 * sends in the background. In this process, on the core and the
 * MikroORM storage, for departures of a few sizes, each sold out and paid for ticket by ticket.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createBookingServices,
  cryptoIdGenerator,
  systemClock,
  type Actor,
  type BookingLocks,
  type BookingServices,
  type PaymentGateway,
  type Route,
  type TransactionScope,
  type UnitOfWork,
} from '@booking/core';
import { openStorage, type MikroOrmStorage } from '@booking/mikro-orm';
import { SandboxPaymentGateway } from '@booking/payments-sandbox';
import { ResultAsync } from 'neverthrow';
import { createBenchDatabase } from '../lib/bench-database';

export interface DepartureCancelOptions {
  /** Departures of these many seats, every seat sold and paid for (one payment per ticket). */
  tickets: number[];
  /** Cancellations measured per size, each of a fresh departure. */
  repeats: number;
  /** The payment provider answers every refund this late (0: the sandbox, at once). */
  refundDelayMs: number;
  postgresUrl?: string;
  dataDir?: string;
}

export interface DepartureCancelRun {
  tickets: number;
  /** From the exclusive route lock taken to the commit done. */
  lockHeldMs: number;
  /** From the call to its answer: the unit of work and publishing (the refunds are sent after it). */
  answerMs: number;
  /** From the call to the last refund sent: the answer and every refund. */
  totalMs: number;
  /** Route and seat events the cancellation appended. */
  events: number;
  refunds: number;
}

export interface DepartureCancelReport {
  bench: 'departure-cancel';
  options: Omit<DepartureCancelOptions, 'postgresUrl' | 'dataDir'>;
  database: 'postgres' | 'embedded';
  runs: DepartureCancelRun[];
}

const admin: Actor = { userId: 'bench-admin', role: 'admin' };
const CARD = {
  cardNumber: '4242424242424242',
  cardHolderName: 'BENCH',
  expireMonth: 12,
  expireYear: 2035,
  cvc: '123',
};

export async function runDepartureCancel(options: DepartureCancelOptions): Promise<DepartureCancelReport> {
  const database = options.postgresUrl ? await createBenchDatabase(options.postgresUrl) : undefined;
  // The embedded database in the given directory, or in a temporary one removed at the end.
  const ownDir = database || options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'bench-cancel-'));
  const dataDir = options.dataDir ?? ownDir ?? '';
  const storage = await openStorage(database ? { url: database.url } : { embedded: { dataDir } });
  try {
    const timed = new LockTimedUnitOfWork(storage.unitOfWork);
    const services = servicesOn(
      storage,
      timed,
      slowRefunds(new SandboxPaymentGateway(), options.refundDelayMs),
    );
    const runs: DepartureCancelRun[] = [];
    // One cancellation first, not counted: the JIT and the connections warm up on it.
    const warmup = await soldOut(services, options.tickets[0] ?? 1);
    (await services.departures.cancel(admin, warmup.id, { reason: 'Warm-up' }))._unsafeUnwrap();
    await services.departures.refundsSent();
    for (const tickets of options.tickets) {
      for (let repeat = 0; repeat < options.repeats; repeat++) {
        const route = await soldOut(services, tickets);
        const started = performance.now();
        (await services.departures.cancel(admin, route.id, { reason: 'Benchmark' }))._unsafeUnwrap();
        const answerMs = performance.now() - started;
        await services.departures.refundsSent();
        const totalMs = performance.now() - started;
        runs.push({
          tickets,
          lockHeldMs: timed.lastLockHeldMs,
          answerMs,
          totalMs,
          ...(await audit(storage, route, tickets)),
        });
      }
    }
    const { tickets, repeats, refundDelayMs } = options;
    return {
      bench: 'departure-cancel',
      options: { tickets, repeats, refundDelayMs },
      database: database ? 'postgres' : 'embedded',
      runs,
    };
  } finally {
    await storage.close();
    await database?.drop();
    if (ownDir) rmSync(ownDir, { recursive: true, force: true });
  }
}

/** A departure a month ahead with `seats` seats, each sold to a customer of its own and paid for. */
async function soldOut(services: BookingServices, seats: number): Promise<Route> {
  const tag = cryptoIdGenerator.uuid().slice(0, 8);
  const departureAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const route = (
    await services.routes.create(admin, {
      fromCity: `Izmir-${tag}`,
      toCity: `Ankara-${tag}`,
      stations: [`Afyon-${tag}`],
      departureAt,
      seatCount: seats,
      price: 19.99,
    })
  )._unsafeUnwrap();
  for (let seatNumber = 1; seatNumber <= seats; seatNumber++) {
    const customer: Actor = { userId: `bench-${tag}-${seatNumber}`, role: 'customer' };
    const ticket = (
      await services.tickets.reserve(customer, {
        routeId: route.id,
        seatNumber,
        passengerName: `Passenger ${seatNumber}`,
        gender: 'other',
      })
    )._unsafeUnwrap();
    (await services.payments.pay(customer, { ...CARD, ticketId: ticket.id }))._unsafeUnwrap();
  }
  return route;
}

/** What the cancellation left, checked: every ticket cancelled and its refund sent. */
async function audit(
  storage: MikroOrmStorage,
  route: Route,
  tickets: number,
): Promise<Pick<DepartureCancelRun, 'events' | 'refunds'>> {
  const sold = (await storage.tickets.list({ routeId: route.id, limit: tickets + 1 }))._unsafeUnwrap();
  if (sold.length !== tickets || sold.some((t) => t.status !== 'cancelled')) {
    throw new Error(`departure-cancel: ${route.id} left tickets uncancelled`);
  }
  let refunds = 0;
  for (const ticket of sold) {
    const entries = (await storage.payments.entriesOf(ticket.id))._unsafeUnwrap();
    refunds += entries.filter((e) => e.kind === 'refund' && e.status === 'succeeded').length;
  }
  if (refunds !== tickets) throw new Error(`departure-cancel: ${refunds} of ${tickets} refunds sent`);
  const events = (await storage.events.readAfter(route.id, 0, 100_000))._unsafeUnwrap();
  const cut = events.findIndex((e) => e.eventType === 'route_update');
  return { events: events.length - cut, refunds };
}

function servicesOn(storage: MikroOrmStorage, unitOfWork: UnitOfWork, gateway: PaymentGateway) {
  return createBookingServices(
    {
      routes: storage.routes,
      tickets: storage.tickets,
      holds: storage.holds,
      events: storage.events,
      payments: storage.payments,
      idempotency: storage.idempotency,
      history: storage.history,
      unitOfWork,
      paymentLocks: storage.paymentLocks,
      notifier: { notify: async () => undefined },
      paymentGateway: gateway,
      clock: systemClock,
      ids: cryptoIdGenerator,
    },
    { holdSeconds: 3600 },
  );
}

/** The provider, answering each refund `delayMs` late (charges at once: they are the set-up). */
function slowRefunds(gateway: PaymentGateway, delayMs: number): PaymentGateway {
  if (delayMs === 0) return gateway;
  return {
    charge: (request) => gateway.charge(request),
    findCharge: (key) => gateway.findCharge(key),
    refund: (request) => ResultAsync.fromSafePromise(sleep(delayMs)).andThen(() => gateway.refund(request)),
  };
}

/**
 * The storage's units of work, timing the last one that took a route's exclusive lock: from the
 * lock granted to the commit done (the cancellation is the only one that takes it here).
 */
class LockTimedUnitOfWork implements UnitOfWork {
  lastLockHeldMs = Number.NaN;

  constructor(private readonly inner: UnitOfWork) {}

  run<T, E>(work: (tx: TransactionScope) => ResultAsync<T, E>) {
    let lockedAt: number | undefined;
    const timed = (tx: TransactionScope): TransactionScope => {
      const locks: BookingLocks = {
        route: (id) =>
          tx.locks.route(id).map(() => {
            lockedAt ??= performance.now();
          }),
        routeShared: (id) => tx.locks.routeShared(id),
        owner: (id) => tx.locks.owner(id),
      };
      return { ...tx, locks };
    };
    return this.inner
      .run((tx) => work(timed(tx)))
      .map((value) => {
        if (lockedAt !== undefined) this.lastLockHeldMs = performance.now() - lockedAt;
        return value;
      });
  }
}
