import { errAsync, ResultAsync, type Result } from 'neverthrow';
import { errors, type PersistenceError } from '../domain/errors';
import type { Boarding } from '../domain/boarding';
import type { HistoryEntry } from '../domain/history';
import type { Hold } from '../domain/hold';
import type { LedgerEntry, PaymentAttempt } from '../domain/ledger';
import type { Route } from '../domain/route';
import type { Schedule } from '../domain/schedule';
import type { RouteEvent } from '../domain/route-event';
import type { Ticket } from '../domain/ticket';
import type { IdempotencyRecord } from '../ports/idempotency-store.port';
import type { Instant } from '../domain/time';

export interface StoredEvent {
  event: RouteEvent;
  published: boolean;
}

/** A departure a schedule made; `scheduleId` is null once its schedule was deleted. */
export interface ScheduleDepartureRow {
  lineKey: string;
  departureAt: Instant;
  routeId: string;
  scheduleId: string | null;
}

export interface InMemoryDatabaseOptions {
  /** Keep only this many events per route (at least); older ones are dropped, as a real log may do. */
  retainEventsPerRoute?: number;
}

/**
 * The state behind the in-memory adapters. One lock serialises units of work (the strongest
 * isolation), so the adapters keep exactly the guarantees of the database ones; set `available`
 * to false to simulate an outage.
 */
export class InMemoryDatabase {
  readonly routes = new Map<string, Route>();
  readonly tickets = new Map<string, Ticket>();
  readonly ticketsByRoute = new Map<string, Set<string>>();
  readonly holds = new Map<string, Hold>();
  readonly events = new Map<string, StoredEvent[]>();
  readonly sequences = new Map<string, number>();
  readonly attempts = new Map<string, PaymentAttempt>();
  readonly ledger = new Map<string, LedgerEntry>();
  readonly idempotency = new Map<string, IdempotencyRecord>();
  /** The audit trail, in the order it was recorded. */
  readonly history: HistoryEntry[] = [];
  /** Boardings by ticket id. */
  readonly boardings = new Map<string, Boarding>();
  readonly schedules = new Map<string, Schedule>();
  /** The departures schedules made, one per line and instant (keyed by both). */
  readonly scheduleDepartures = new Map<string, ScheduleDepartureRow>();
  /** Payment claims by ticket id. */
  readonly paymentLocks = new Map<string, { attemptId: string; expiresAt: Instant }>();
  available = true;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(readonly options: InMemoryDatabaseOptions = {}) {}

  /** Runs `work` alone: no other operation or unit of work interleaves with it. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Fails the operation while the database is "down". */
  check(): PersistenceError | undefined {
    return this.available
      ? undefined
      : errors.persistenceUnavailable('in-memory database marked unavailable');
  }
}

/** Plain data in, plain data out: callers never share objects with the store. */
export function copy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/**
 * How an adapter operation runs: alone under the lock when called directly, or as a step of the
 * unit of work that already holds it (recording how to undo itself on rollback).
 */
export interface Session {
  db: InMemoryDatabase;
  /** Present inside a unit of work. */
  undo?: (() => void)[];
}

export function operate<T, E>(
  session: Session,
  step: (undo: (revert: () => void) => void) => Result<T, E>,
): ResultAsync<T, E | PersistenceError> {
  const down = session.db.check();
  if (down) return errAsync(down);
  const undo = (revert: () => void) => session.undo?.push(revert);
  const run = async (): Promise<Result<T, E | PersistenceError>> => step(undo);
  // Inside a unit of work the lock is already held; a step still yields once, like real I/O.
  return new ResultAsync(session.undo ? Promise.resolve().then(run) : session.db.exclusive(run));
}
