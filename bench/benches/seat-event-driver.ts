import type { BenchRoute } from '../lib/bench-routes';
import type { HttpJson } from '../lib/http-json';
import { startPacer } from '../lib/pacer';

interface Slot {
  routeId: string;
  seatNumber: number;
  /** Set while the seat is sold: the next operation cancels it. */
  ticketId?: string;
}

export interface DriverCounts {
  /** Seat events the server committed and answered for: a sale makes one, a cancel two. */
  events: number;
  requests: number;
  statuses: Record<string, number>;
  /** Turns the pacer skipped because `maxInFlight` requests were still open. */
  skipped: number;
}

/**
 * Makes seat events through the real booking path at a fixed rate: an admin's counter sale
 * (`POST /tickets`, one `seat_confirmed`) then, on the next turn, its cancel (`seat_cancelled` +
 * `seat_available`), seat after seat, round-robin over the routes, with at most `maxInFlight`
 * requests open.
 */
export class SeatEventDriver {
  private readonly queue: Slot[] = [];
  private inFlight = 0;
  private readonly counts: DriverCounts = { events: 0, requests: 0, statuses: {}, skipped: 0 };
  private pacer: ReturnType<typeof startPacer> | undefined;
  private idle: (() => void) | undefined;

  constructor(
    private readonly http: HttpJson,
    private readonly adminToken: string,
    routes: BenchRoute[],
    seatsPerRoute: number,
    private readonly maxInFlight: number,
  ) {
    for (let seat = 1; seat <= seatsPerRoute; seat += 1) {
      for (const route of routes) this.queue.push({ routeId: route.id, seatNumber: seat });
    }
  }

  /** Starts `eventsPerSecond` worth of requests (1.5 events per request on average). */
  start(eventsPerSecond: number, maxMs: number): void {
    const requestsPerSecond = (eventsPerSecond * 2) / 3;
    this.pacer = startPacer(requestsPerSecond, () => this.next(), {
      maxCount: Math.ceil((requestsPerSecond * maxMs) / 1000),
      maxMs,
    });
  }

  snapshot(): DriverCounts {
    return { ...this.counts, statuses: { ...this.counts.statuses }, skipped: this.pacer?.skipped() ?? 0 };
  }

  /** Stops starting requests and waits for those in flight. */
  async stop(): Promise<DriverCounts> {
    this.pacer?.stop();
    if (this.inFlight > 0) await new Promise<void>((done) => (this.idle = done));
    return this.snapshot();
  }

  private next(): boolean {
    if (this.inFlight >= this.maxInFlight) return false;
    const slot = this.queue.shift();
    if (!slot) return false;
    this.inFlight += 1;
    void this.run(slot).finally(() => {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.idle?.();
    });
    return true;
  }

  private async run(slot: Slot): Promise<void> {
    const answer = slot.ticketId
      ? await this.http.call('POST', `/tickets/${slot.ticketId}/cancel`, { token: this.adminToken })
      : await this.http.call('POST', '/tickets', {
          token: this.adminToken,
          body: {
            routeId: slot.routeId,
            seatNumber: slot.seatNumber,
            passengerName: 'Bench Rider',
            gender: 'other',
          },
        });
    this.counts.requests += 1;
    const key = String(answer.status);
    this.counts.statuses[key] = (this.counts.statuses[key] ?? 0) + 1;
    if (slot.ticketId && answer.status === 200) {
      this.counts.events += 2;
      this.queue.push({ routeId: slot.routeId, seatNumber: slot.seatNumber });
    } else if (!slot.ticketId && answer.status === 201) {
      this.counts.events += 1;
      // Cancelled on the next turn: sales and cancels alternate from the start, so the mix (and the
      // event rate) is 1.5 events per request in any window, not sales only for the first cycle.
      this.queue.unshift({ ...slot, ticketId: String(answer.body.id) });
    } else {
      this.queue.push(slot); // refused or failed: try the same step again later
    }
  }
}
