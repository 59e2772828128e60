import type {
  BookingClient,
  HoldBooking,
  HoldJson,
  HoldPassenger,
  HoldRequest,
  RestError,
} from '@booking/client';
import { clockText, countdownAnnouncement, type Messages } from './messages';
import { element } from './seat-cells';

/** What the hold needs of its element. */
export interface HoldHost {
  client(): BookingClient | undefined;
  messages(): Messages;
  say(text: string): void;
  /** Shows these seats' statuses again (they became, or stopped being, yours). */
  repaint(seats: number[]): void;
  emit(type: 'hold-change' | 'booking-complete', detail: unknown): void;
}

/**
 * The element's one seat hold and its panel: the seat, the countdown (a `timer`), "More time" and
 * "Release". A chosen seat shows as yours at once, before the server answers.
 */
export class SeatHold {
  readonly panel = element('div', 'hold');
  readonly #seat = element('span', 'hold-seat');
  readonly #timer = element('span', 'timer');
  readonly #extend = element('button', 'extend', 'button extend');
  readonly #release = element('button', 'release', 'button release');
  #hold: HoldJson | undefined;
  #pending: number | undefined;
  #stopCountdown: (() => void) | undefined;
  /** The seats of the hold that ended last: their release is this element's news, not a stranger's. */
  #ended = new Set<number>();

  constructor(private readonly host: HoldHost) {
    this.#timer.setAttribute('role', 'timer');
    this.#extend.type = this.#release.type = 'button';
    this.panel.append(this.#seat, this.#timer, this.#extend, this.#release);
    this.panel.hidden = true;
    this.#extend.addEventListener('click', () => void this.extend().catch((e) => this.refused(e)));
    this.#release.addEventListener('click', () => void this.release().catch((e) => this.refused(e)));
  }

  get current(): HoldJson | undefined {
    return this.#hold;
  }

  get busy(): boolean {
    return this.#pending !== undefined;
  }

  /** Whether the seat is this element's: being held now, or held by its hold. */
  isMine(seatNumber: number, status: string): boolean {
    return (
      this.#pending === seatNumber || (status === 'held' && !!this.#hold?.seatNumbers.includes(seatNumber))
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
    if (this.#hold) this.#seat.textContent = `${messages.seat} ${this.#hold.seatNumbers.join(', ')}`;
  }

  /**
   * Holds the seat. Moving from a seat already held: the new one is held first, so a refusal never
   * loses the old one. `stillWanted` says whether the answer still matters (same route and segment).
   */
  async take(request: HoldRequest & { seatNumbers: [number] }, stillWanted: () => boolean): Promise<void> {
    const client = this.host.client();
    const [seatNumber] = request.seatNumbers;
    if (!client || this.busy) return;
    const previous = this.#hold;
    this.#ended.clear();
    this.#pending = seatNumber;
    this.host.repaint([seatNumber]);
    try {
      const hold = await client.hold(request);
      this.#pending = undefined;
      if (!stillWanted()) return this.host.repaint([seatNumber]);
      if (previous) {
        this.#hold = undefined;
        void client.releaseHold(previous.id).catch(() => undefined);
        this.host.repaint(previous.seatNumbers);
      }
      this.#start(hold);
    } catch (error) {
      this.#pending = undefined;
      this.host.repaint([seatNumber]);
      this.refused(error, seatNumber);
    }
  }

  async release(): Promise<void> {
    const hold = this.#hold;
    const client = this.host.client();
    if (!hold || !client) return;
    await client.releaseHold(hold.id);
    this.end(this.host.messages().released(hold.seatNumbers[0] ?? 0));
  }

  async extend(): Promise<HoldJson | undefined> {
    const hold = this.#hold;
    const client = this.host.client();
    if (!hold || !client) return undefined;
    this.#extend.disabled = true;
    const extended = await client.extendHold(hold.id);
    this.#hold = extended;
    this.#runCountdown(extended);
    const messages = this.host.messages();
    this.host.say(messages.extendedUntil(messages.time(extended.expiresAt)));
    this.host.emit('hold-change', { hold: extended });
    return extended;
  }

  async book(passengers: HoldPassenger[]): Promise<HoldBooking> {
    const hold = this.#hold;
    const client = this.host.client();
    if (!hold || !client) throw new Error('No seat is held: choose a seat first.');
    const booking = await client.bookHold(hold.id, passengers);
    this.end(this.host.messages().booked(hold.seatNumbers.join(', '), booking.pnrNumber));
    this.host.emit('booking-complete', booking);
    return booking;
  }

  /** The server let this hold's seats go (`seat_released` with its id): it ran out or was released. */
  released(holdId: string, reason: string | undefined): void {
    const hold = this.#hold;
    if (hold?.id !== holdId) return;
    const messages = this.host.messages();
    const seat = hold.seatNumbers[0] ?? 0;
    this.end(reason === 'hold_expired' ? messages.expired(seat) : messages.released(seat));
  }

  /** Runs the countdown again (the element came back to the page). */
  resume(): void {
    if (this.#hold) this.#runCountdown(this.#hold);
  }

  pause(): void {
    this.#stopCountdown?.();
  }

  /** The hold ended (released, ran out, booked or left behind): forget it. */
  end(message: string): void {
    const hold = this.#hold;
    if (!hold) return;
    this.#stopCountdown?.();
    this.#stopCountdown = this.#hold = undefined;
    this.#ended = new Set(hold.seatNumbers);
    this.panel.hidden = true;
    this.host.repaint(hold.seatNumbers);
    if (message) this.host.say(message);
    this.host.emit('hold-change', { hold: null });
  }

  /** Why a call was refused, in the words a passenger needs. */
  refused(error: unknown, seatNumber = this.#hold?.seatNumbers[0] ?? 0): void {
    const { code, message } = error as RestError;
    const messages = this.host.messages();
    if (code === 'seat_unavailable') return this.host.say(messages.refused(seatNumber));
    if (code === 'unauthorized') return this.host.say(messages.signIn);
    if (code === 'hold_limit_reached') return this.host.say(messages.limit);
    if (code === 'route_cancelled') return this.host.say(messages.cancelled(undefined));
    this.host.say(messages.failed(seatNumber, message));
  }

  #start(hold: HoldJson): void {
    this.#hold = hold;
    this.#extend.disabled = false;
    this.panel.hidden = false;
    this.relabel();
    this.host.repaint(hold.seatNumbers);
    const seconds = this.#runCountdown(hold);
    const messages = this.host.messages();
    const duration = messages.minutes(Math.max(1, Math.round(seconds / 60)));
    this.host.say(messages.heldForYou(hold.seatNumbers[0] ?? 0, duration));
    this.host.emit('hold-change', { hold });
  }

  /** Runs the visible countdown; returns the seconds left now. */
  #runCountdown(hold: HoldJson): number {
    this.#stopCountdown?.();
    let first: number | undefined;
    this.#stopCountdown = this.host.client()?.countdown(hold, (left) => {
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
