import { restCall, type HoldPassenger, type SeatMapView } from '@booking/client';

/** Why a seat rule refuses a free seat: `{ rule, message }`, as the server marks it. */
export type SeatBlock = NonNullable<SeatMapView['seats'][number]['blocked']>;

/** The genders a passenger may have (the server's own list: the type says if they drift apart). */
export const GENDERS = ['female', 'male', 'other'] as const satisfies readonly HoldPassenger['gender'][];

/** Whose seat map to ask for: a route's segment, for a passenger of `gender`. */
export interface BlockedQuery {
  server: string;
  routeId: string;
  fromCity?: string;
  toCity?: string;
  gender: (typeof GENDERS)[number];
}

/**
 * The free seats the server's seat rules refuse one passenger (`GET /routes/:id/seats?gender=`).
 * A rule's answer depends on who sits where, so it is asked again after each change of the live
 * map: one question at a time, and one more when the map changed meanwhile. It is advice for
 * drawing; the booking itself is what the server checks.
 */
export class BlockedSeats {
  #blocked = new Map<number, SeatBlock>();
  #query: BlockedQuery | undefined;
  #key = '';
  #asking = false;
  #again = false;

  /** `changed` gets the seats whose mark came or went. */
  constructor(private readonly changed: (seats: number[]) => void) {}

  get(seatNumber: number): SeatBlock | undefined {
    return this.#blocked.get(seatNumber);
  }

  /** Asks for this passenger from now on; none: no seat is blocked. */
  set(query: BlockedQuery | undefined): void {
    const key = JSON.stringify(query ?? null);
    if (key === this.#key) return;
    this.#key = key;
    this.#query = query;
    this.#take(new Map());
    this.refresh();
  }

  /** The map changed: ask again. */
  refresh(): void {
    const query = this.#query;
    if (!query) return;
    if (this.#asking) return void (this.#again = true);
    this.#asking = true;
    void this.#ask(query).finally(() => {
      this.#asking = false;
      if (this.#again) {
        this.#again = false;
        this.refresh();
      }
    });
  }

  async #ask(query: BlockedQuery): Promise<void> {
    const { server, routeId, gender, fromCity, toCity } = query;
    const search = new URLSearchParams({ gender });
    if (fromCity) search.set('fromCity', fromCity);
    if (toCity) search.set('toCity', toCity);
    const path = `/routes/${encodeURIComponent(routeId)}/seats?${search}`;
    // Unanswered (offline, a busy server): the marks stay as they were until the next change asks.
    const answer = await restCall<SeatMapView>(server, 'GET', path).catch(() => undefined);
    if (!answer || query !== this.#query) return;
    this.#take(new Map(answer.body.seats.flatMap((s) => (s.blocked ? [[s.seatNumber, s.blocked]] : []))));
  }

  #take(next: Map<number, SeatBlock>): void {
    const before = this.#blocked;
    this.#blocked = next;
    const seats = [...new Set([...before.keys(), ...next.keys()])];
    const changed = seats.filter((s) => before.get(s)?.message !== next.get(s)?.message);
    if (changed.length > 0) this.changed(changed);
  }
}
