import type { BookingClient, HoldBooking, HoldJson, HoldPassenger, RestError } from '@booking/client';
import { capital, clockText, countdownAnnouncement, type Messages } from './messages';
import { element } from './seat-cells';

/** What this element holds: every seat, when the first of its holds runs out, and the holds. */
export interface HeldSeats {
  /** Every held seat, ascending. */
  seatNumbers: number[];
  /** The earliest `expiresAt` of the holds: the countdown runs to it. */
  expiresAt: string;
  /** The server's holds behind the seats: one per seat chosen, joined into one for the booking. */
  holds: HoldJson[];
}

/** Where the holds are: the route and the passenger's part of it. */
export interface HoldPlace {
  routeId: string;
  fromCity?: string;
  toCity?: string;
}

/** What the holds need of their element. */
export interface HoldHost {
  client(): BookingClient | undefined;
  messages(): Messages;
  say(text: string): void;
  /** Shows these seats' statuses again (they became, or stopped being, yours). */
  repaint(seats: number[]): void;
  emit(type: 'hold-change' | 'booking-complete', detail: unknown): void;
}

const bySeat = (a: number, b: number) => a - b;

/**
 * The element's seat holds and their panel: the seats, the countdown (a `timer`) to the first end,
 * "More time" and "Release". Each seat chosen is held on its own (`POST /holds` with that seat), so
 * a refusal never costs a seat already held; booking joins them into one hold (one PNR). A chosen
 * seat shows as yours at once, before the server answers.
 */
export class SeatHold {
  readonly panel = element('div', 'hold');
  readonly #seats = element('span', 'hold-seat');
  readonly #timer = element('span', 'timer');
  readonly #extend = element('button', 'extend', 'button extend');
  readonly #release = element('button', 'release', 'button release');
  #holds: HoldJson[] = [];
  #place: HoldPlace | undefined;
  /** Holds this element is letting go: their `seat_released` is its own doing, told when it is done. */
  #leaving = new Set<string>();
  /** Holds that got their more time already (once each). */
  #extended = new Set<string>();
  /** Seats being held now (a choice on its way, or the holds being joined): shown as yours. */
  #pending = new Set<number>();
  /** A booking on its way: no seat is added or let go meanwhile. */
  #booking = false;
  #stopCountdown: (() => void) | undefined;
  /** The seats of the hold that ended last: their release is this element's news, not a stranger's. */
  #ended = new Set<number>();

  constructor(private readonly host: HoldHost) {
    this.#timer.setAttribute('role', 'timer');
    this.#extend.type = this.#release.type = 'button';
    this.panel.append(this.#seats, this.#timer, this.#extend, this.#release);
    this.panel.hidden = true;
    this.#extend.addEventListener('click', () => void this.extend().catch((e) => this.refused(e)));
    this.#release.addEventListener('click', () => void this.release().catch((e) => this.refused(e)));
  }

  get current(): HeldSeats | undefined {
    const [first] = this.#holds;
    if (!first) return undefined;
    return {
      seatNumbers: this.#holds.flatMap((h) => h.seatNumbers).sort(bySeat),
      expiresAt: this.#holds.reduce((a, h) => (h.expiresAt < a ? h.expiresAt : a), first.expiresAt),
      holds: [...this.#holds],
    };
  }

  get busy(): boolean {
    return this.#booking || this.#pending.size > 0;
  }

  /** Whether the seat is this element's: being held now, or held by one of its holds. */
  isMine(seatNumber: number, status: string): boolean {
    return (
      this.#pending.has(seatNumber) ||
      (status === 'held' && this.#holds.some((h) => h.seatNumbers.includes(seatNumber)))
    );
  }

  /** Whether the seat was in this element's hold that ended last. */
  wasMine(seatNumber: number): boolean {
    return this.#ended.has(seatNumber);
  }

  /** The panel's words, in the element's language. */
  relabel(): void {
    const messages = this.host.messages();
    this.#extend.textContent = messages.moreTime;
    this.#release.textContent = messages.release;
    this.#timer.setAttribute('aria-label', messages.timeLeft);
    const held = this.current;
    if (held) this.#seats.textContent = capital(messages.seatsOf(held.seatNumbers));
  }

  /**
   * Holds one more seat, on its own hold. `stillWanted` says whether the answer still matters (same
   * route and segment, departure not cancelled); a hold that comes too late is let go.
   */
  async add(seatNumber: number, place: HoldPlace, stillWanted: () => boolean): Promise<void> {
    const client = this.host.client();
    if (!client || this.busy) return;
    const before = this.current?.seatNumbers ?? [];
    this.#ended.clear();
    this.#pending.add(seatNumber);
    this.host.repaint([seatNumber]);
    try {
      const hold = await client.hold({ ...place, seatNumbers: [seatNumber] });
      this.#pending.delete(seatNumber);
      if (!stillWanted()) {
        void client.releaseHold(hold.id).catch(() => undefined);
        return this.host.repaint([seatNumber]);
      }
      this.#place = place;
      this.#holds.push(hold);
      const secondsLeft = this.#show([seatNumber]);
      const messages = this.host.messages();
      const seat = messages.seatsOf([seatNumber]);
      const duration = messages.minutes(Math.max(1, Math.round(secondsLeft / 60)));
      this.host.say(
        before.length === 0
          ? messages.heldForYou(seat, duration)
          : messages.added(seat, messages.listOf([...before, seatNumber].sort(bySeat))),
      );
      this.#changed();
    } catch (error) {
      this.#pending.delete(seatNumber);
      this.host.repaint([seatNumber]);
      this.refused(error, [seatNumber]);
    }
  }

  /** Lets one held seat go (chosen again); the other seats of its hold, if any, are held again. */
  async drop(seatNumber: number): Promise<void> {
    const client = this.host.client();
    const hold = this.#holds.find((h) => h.seatNumbers.includes(seatNumber));
    if (!client || !hold || this.busy) return;
    await this.#letGo(client, hold);
    const rest = hold.seatNumbers.filter((s) => s !== seatNumber);
    if (rest.length > 0) await this.#holdEach(client, rest);
    this.#forget([hold], this.host.messages().released(this.host.messages().seatsOf([seatNumber])));
  }

  /** Lets every held seat go. A hold that ended meanwhile is over already. */
  async release(): Promise<void> {
    const held = this.current;
    const client = this.host.client();
    if (!held || !client) return;
    await Promise.all(held.holds.map((h) => this.#letGo(client, h)));
    this.end(this.host.messages().released(this.host.messages().seatsOf(held.seatNumbers)));
  }

  /** The full hold time again from now for every hold that has not had it yet (once per hold). */
  async extend(): Promise<HeldSeats | undefined> {
    const client = this.host.client();
    if (!client) return undefined;
    this.#extend.disabled = true;
    const more = async (hold: HoldJson): Promise<HoldJson> => {
      if (this.#extended.has(hold.id)) return hold;
      const extended = await client.extendHold(hold.id).catch((error: RestError) => {
        // Given its more time elsewhere (another tab): it still runs.
        if (error.code === 'hold_not_extendable') return hold;
        throw error;
      });
      this.#extended.add(hold.id);
      return extended;
    };
    try {
      this.#holds = await Promise.all(this.#holds.map(more));
    } finally {
      this.#show([]);
    }
    const held = this.current;
    const messages = this.host.messages();
    if (held) this.host.say(messages.extendedUntil(messages.time(held.expiresAt)));
    this.#changed();
    return held;
  }

  /** Books the held seats, one passenger each, under one PNR (the holds joined into one first). */
  async book(passengers: HoldPassenger[]): Promise<HoldBooking> {
    const held = this.current;
    const client = this.host.client();
    if (!held || !client || !this.#place) throw new Error('No seat is held: choose a seat first.');
    const messages = this.host.messages();
    const seats = messages.seatsOf(held.seatNumbers);
    if (
      passengers
        .map((p) => p.seatNumber)
        .sort(bySeat)
        .join() !== held.seatNumbers.join()
    )
      throw { code: 'hold_mismatch', message: messages.mismatch(seats) } satisfies RestError;
    this.#booking = true;
    try {
      const hold = await this.#joined(client, this.#place);
      const booking = await client.bookHold(hold.id, passengers);
      this.end(messages.booked(seats, booking.pnrNumber));
      this.host.emit('booking-complete', booking);
      return booking;
    } finally {
      this.#booking = false;
    }
  }

  /** The server let a hold's seats go (`seat_released` with its id): it ran out or was released. */
  released(holdId: string, reason: string | undefined): void {
    const hold = this.#holds.find((h) => h.id === holdId);
    if (!hold || this.#leaving.has(holdId)) return;
    const messages = this.host.messages();
    const seats = messages.seatsOf(hold.seatNumbers);
    this.#forget([hold], reason === 'hold_expired' ? messages.expired(seats) : messages.released(seats));
  }

  /** Runs the countdown again (the element came back to the page). */
  resume(): void {
    const held = this.current;
    if (held) this.#runCountdown(held);
  }

  pause(): void {
    this.#stopCountdown?.();
  }

  /** Every hold ended (booked, the departure cancelled): forget them. */
  end(message: string): void {
    if (this.#holds.length > 0) this.#forget(this.#holds, message);
  }

  /** The element shows another route or segment: its holds there are let go, quietly. */
  abandon(client: BookingClient): void {
    for (const hold of this.#holds) void client.releaseHold(hold.id).catch(() => undefined);
    this.end('');
  }

  /** Why a call was refused, in the words a passenger needs. */
  refused(error: unknown, seats = this.current?.seatNumbers ?? []): void {
    const { code, message, details } = error as RestError;
    const messages = this.host.messages();
    // A refusal of several seats names the taken ones.
    const taken = (details as { seatNumbers?: number[] } | undefined)?.seatNumbers ?? seats;
    if (code === 'seat_unavailable') return this.host.say(messages.refused(messages.seatsOf(taken)));
    if (code === 'unauthorized') return this.host.say(messages.signIn);
    if (code === 'hold_limit_reached') return this.host.say(messages.limit);
    if (code === 'route_cancelled') return this.host.say(messages.cancelled(undefined));
    this.host.say(messages.failed(messages.seatsOf(seats), message));
  }

  /**
   * One hold for every seat, as one booking needs: the holds are let go and their seats held again
   * together at once. For that instant the seats are free; when one goes meanwhile, the others are
   * held again one by one and the refusal is passed on.
   */
  async #joined(client: BookingClient, place: HoldPlace): Promise<HoldJson> {
    const joining = this.#holds;
    const [only] = joining;
    if (only && joining.length === 1) return only;
    const seats = joining.flatMap((h) => h.seatNumbers).sort(bySeat);
    // Forgotten first: their seat_released is this element's own doing, not an end.
    this.#holds = [];
    seats.forEach((s) => this.#pending.add(s));
    try {
      await Promise.all(joining.map((h) => client.releaseHold(h.id).catch(() => undefined)));
      const joined = await client.hold({ ...place, seatNumbers: seats });
      this.#holds = [joined];
      return joined;
    } catch (error) {
      await this.#holdEach(client, seats);
      this.refused(error, seats);
      this.#changed();
      throw error;
    } finally {
      this.#pending.clear();
      this.#show(seats);
    }
  }

  /** Releases a hold; one that ended meanwhile is over already. */
  async #letGo(client: BookingClient, hold: HoldJson): Promise<void> {
    // Its seat_released may come before the answer, or after: either way it is no news.
    this.#leaving.add(hold.id);
    await client.releaseHold(hold.id).catch((error: RestError) => {
      if (error.code === 'hold_expired') return;
      this.#leaving.delete(hold.id);
      throw error;
    });
  }

  /** Holds each seat again on its own (shown yours meanwhile), keeping those still free. */
  async #holdEach(client: BookingClient, seats: number[]): Promise<void> {
    seats.forEach((s) => this.#pending.add(s));
    const place = this.#place as HoldPlace;
    const answers = await Promise.allSettled(seats.map((s) => client.hold({ ...place, seatNumbers: [s] })));
    for (const answer of answers) if (answer.status === 'fulfilled') this.#holds.push(answer.value);
    seats.forEach((s) => this.#pending.delete(s));
  }

  /** These holds ended: forget them, say so, tell the host. */
  #forget(ended: HoldJson[], message: string): void {
    this.#holds = this.#holds.filter((h) => !ended.includes(h));
    const seats = ended.flatMap((h) => h.seatNumbers);
    this.#ended = new Set(seats);
    this.#show(seats);
    if (message) this.host.say(message);
    this.#changed();
  }

  /** The holds changed: the panel, the countdown to the first end, these seats' looks. */
  #show(repaint: number[]): number {
    const held = this.current;
    this.panel.hidden = !held;
    this.#extend.disabled = !this.#holds.some((h) => !this.#extended.has(h.id));
    this.relabel();
    this.host.repaint(repaint);
    if (held) return this.#runCountdown(held);
    this.#stopCountdown?.();
    return 0;
  }

  #changed(): void {
    this.host.emit('hold-change', { hold: this.current ?? null });
  }

  /** Runs the visible countdown; returns the seconds left now. */
  #runCountdown(held: HeldSeats): number {
    this.#stopCountdown?.();
    let first: number | undefined;
    this.#stopCountdown = this.host.client()?.countdown(held, (left) => {
      this.#timer.textContent = clockText(left);
      // The first tick is the hold's start, told by the caller; then each minute and near the end.
      const announcement =
        first === undefined ? undefined : countdownAnnouncement(this.host.messages(), left);
      first ??= left;
      if (announcement) this.host.say(announcement);
    });
    return first ?? 0;
  }
}
