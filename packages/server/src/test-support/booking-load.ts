import { request, type Answer } from './http-client';

export interface LoadOptions {
  routeId: string;
  /** The route's stops in order (segments are picked from them). */
  stops: readonly string[];
  seatCount: number;
  /** Tokens to book with, used in turn (customers get holds, agents sell confirmed tickets). */
  tokens: readonly string[];
  /** Requests running at once. */
  workers: number;
  /** Hard bounds: the load stops at whichever comes first. */
  maxRequests: number;
  maxMs: number;
  /** Pause of each worker between its requests (a steady load, not a flood). */
  pauseMs?: number;
}

export interface LoadReport {
  /** Tickets answered 201, as the server sent them. */
  accepted: Record<string, unknown>[];
  /** Every answer in the order they arrived (status 0: no answer). */
  answers: Answer[];
  /** Bookings asked for after `markOutage()` was called (and answered before `endOutage()`). */
  duringOutage: { passengerName: string; answer: Answer }[];
}

export interface RunningLoad {
  report: LoadReport;
  /** From now on, record what is asked and answered separately (the outage has fully begun). */
  markOutage(): void;
  /** Ends the outage record. */
  endOutage(): void;
  /** Resolves once `count` bookings were accepted, or the load ended. */
  acceptedAtLeast(count: number): Promise<void>;
  /** Stops the workers and waits for requests in flight. */
  stop(): Promise<LoadReport>;
}

/** A steady, bounded stream of bookings on random seats and segments of one route. */
export function startBookingLoad(base: string, options: LoadOptions): RunningLoad {
  const report: LoadReport = { accepted: [], answers: [], duringOutage: [] };
  const deadline = Date.now() + options.maxMs;
  let sent = 0;
  let stopped = false;
  let outage = false;
  const wakers = new Set<() => void>();
  const pick = (n: number) => Math.floor(Math.random() * n);

  const worker = async (index: number) => {
    while (!stopped && sent < options.maxRequests && Date.now() < deadline) {
      const turn = sent++;
      const from = pick(options.stops.length - 1);
      const to = from + 1 + pick(options.stops.length - 1 - from);
      const seatNumber = 1 + pick(options.seatCount);
      const body = {
        routeId: options.routeId,
        seatNumber,
        fromCity: options.stops[from],
        toCity: options.stops[to],
        passengerName: `Load Passenger ${index}-${turn}`,
        gender: 'other',
      };
      const inOutage = outage;
      const answer = await request(base, 'POST', '/tickets', {
        token: options.tokens[turn % options.tokens.length],
        body,
        timeoutMs: 20_000,
      });
      report.answers.push(answer);
      if (answer.status === 201) report.accepted.push(answer.body);
      if (inOutage && outage) {
        report.duringOutage.push({ passengerName: body.passengerName, answer });
      }
      for (const wake of wakers) wake();
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 10));
    }
  };
  const done = Promise.all(Array.from({ length: options.workers }, (_, i) => worker(i))).then(() => {
    for (const wake of wakers) wake();
  });
  let finished = false;
  void done.then(() => (finished = true));

  return {
    report,
    markOutage: () => (outage = true),
    endOutage: () => (outage = false),
    acceptedAtLeast: (count) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (report.accepted.length < count && !finished) return;
          wakers.delete(check);
          resolve();
        };
        wakers.add(check);
        check();
        void done.then(check);
      }),
    stop: async () => {
      stopped = true;
      await done;
      return report;
    },
  };
}
