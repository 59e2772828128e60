import type { BookingServices, Logger } from '@booking/core';

export interface BackgroundJobs {
  /** Runs one round now (used at start, so the outbox is relayed before clients connect). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/** How often the jobs run when a deployment does not say: expired holds are released within a second. */
export const DEFAULT_SWEEP_INTERVAL_MS = 1000;

/**
 * The hold sweeper and the outbox relay, one round every `intervalMs`, never two rounds at once.
 * Both are safe with several processes: a ticket's version lets one process expire it, and a
 * relayed event that another process also published is dropped by sequence downstream.
 */
export function startBackgroundJobs(
  services: BookingServices,
  options: { intervalMs: number; logger: Logger },
): BackgroundJobs {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const round = async () => {
    const expired = await services.tickets.expireHolds();
    if (expired.isErr()) options.logger.warn({ error: expired.error }, 'hold sweep failed');
    else if (expired.value.length > 0) options.logger.info({ count: expired.value.length }, 'holds expired');
    const relayed = await services.publisher.relayUnpublished();
    if (relayed > 0) options.logger.info({ count: relayed }, 'unpublished seat events relayed');
  };
  const runOnce = () => {
    running = running
      .then(round)
      .catch((error: unknown) => options.logger.error({ err: error }, 'background job failed'));
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void runOnce().then(schedule), options.intervalMs);
    timer.unref();
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
