import type { Logger } from '../ports/logger.port';
import { silentLogger } from '../ports/logger.port';
import type { BookingServices } from './booking-services';

// The core is built without Node's types; every runtime it targets has these two timer globals.
declare function setTimeout(run: () => void, ms: number): unknown;
declare function clearTimeout(timer: unknown): void;

export interface BackgroundJobs {
  /** Runs one round now (used at start, so the outbox is relayed before clients connect). */
  runOnce(): Promise<void>;
  /** Schedules no further round and waits for the one running, if any. */
  stop(): Promise<void>;
}

export interface BackgroundJobsOptions {
  /** Time between the end of one round and the start of the next. Default `DEFAULT_SWEEP_INTERVAL_MS`. */
  intervalMs?: number;
  logger?: Logger;
}

/** How often the jobs run when a deployment does not say: expired holds are released within a second. */
export const DEFAULT_SWEEP_INTERVAL_MS = 1000;

/**
 * The jobs every deployment runs beside its requests: the hold sweepers (unpaid reservations and
 * seat holds past their time free their seats), payment reconciliation (attempts and refunds a crash
 * or a lost answer left open) and the outbox relay (seat events a crash left unpublished), one round
 * every `intervalMs`, never two rounds at once. All are safe with several processes: a ticket's or a
 * hold's version lets one process expire it, a payment is settled under its tickets' payment lock,
 * and a relayed event that another process also published is dropped by sequence downstream. The
 * timer does not keep the process alive.
 */
export function startBackgroundJobs(
  services: Pick<BookingServices, 'tickets' | 'holds' | 'payments' | 'publisher'>,
  options: BackgroundJobsOptions = {},
): BackgroundJobs {
  const logger = options.logger ?? silentLogger;
  const intervalMs = options.intervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
  let timer: unknown;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const jobs: [name: string, run: () => Promise<void>][] = [
    [
      'hold sweep',
      async () => {
        const expired = await services.tickets.expireHolds();
        if (expired.isErr()) logger.warn({ error: expired.error }, 'hold sweep failed');
        else if (expired.value.length > 0) logger.info({ count: expired.value.length }, 'holds expired');
      },
    ],
    [
      'seat hold sweep',
      async () => {
        const released = await services.holds.expireDue();
        if (released.isErr()) logger.warn({ error: released.error }, 'seat hold sweep failed');
        else if (released.value.length > 0)
          logger.info({ count: released.value.length }, 'seat holds expired');
      },
    ],
    [
      'payment reconciliation',
      async () => {
        const reconciled = await services.payments.reconcile();
        if (reconciled.isErr()) logger.warn({ error: reconciled.error }, 'payment reconciliation failed');
        else if (Object.values(reconciled.value).some((n) => n > 0))
          logger.info(reconciled.value, 'payments reconciled');
      },
    ],
    [
      'outbox relay',
      async () => {
        const relayed = await services.publisher.relayUnpublished();
        if (relayed > 0) logger.info({ count: relayed }, 'unpublished seat events relayed');
      },
    ],
  ];
  // Each job on its own: one that throws (a bug) is logged and the others still run.
  const round = async () => {
    for (const [job, run] of jobs) {
      try {
        await run();
      } catch (error) {
        logger.error({ err: error, job }, 'background job failed');
      }
    }
  };
  const runOnce = () => {
    running = running.then(round);
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void runOnce().then(schedule), intervalMs);
    (timer as { unref?: () => void }).unref?.();
  };
  schedule();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
