import {
  createBookingClient,
  tokenOf,
  type BookingClient,
  type DepartureView,
  type HoldBooking,
  type HoldJson,
  type HoldPassenger,
  type RestError,
  type RouteWatch,
  type SeatMapView,
  type TokenSource,
} from '@booking/client';
import { decksOf, placeOf } from './layout';
import { languageOf, messagesFor, type Connection, type Messages, type ShownStatus } from './messages';
import { isGridKey, nextSeat, type GridPlace } from './navigation';
import { loadRoute, segmentPrice, type RouteInfo } from './route';
import { deckGrid, element, legend, paintSeat } from './seat-cells';
import { SeatHold } from './seat-hold';
import { seatMapStyles } from './styles';

/** `seat-select`: a seat was chosen; `preventDefault()` keeps the element from holding it. */
export type SeatSelectEvent = CustomEvent<{ seatNumber: number; price: number }>;
/** `hold-change`: this element's hold began, changed (more time) or ended (`hold: null`). */
export type HoldChangeEvent = CustomEvent<{ hold: HoldJson | null }>;
/** `booking-complete`: `book(passengers)` turned the hold into tickets. */
export type BookingCompleteEvent = CustomEvent<HoldBooking>;
/** `departure-change`: the departure as first loaded, then each time it is cancelled or moved. */
export type DepartureChangeEvent = CustomEvent<{ departure: DepartureView }>;

const ATTRIBUTES = ['server', 'route', 'from', 'to', 'lang', 'currency'] as const;

/**
 * `<booking-seat-map server route from to lang currency>`: the live seat map of a route's segment.
 * Choosing a free seat (click, Enter or Space) holds it through `@booking/client`; the host page
 * books it with `book(passengers)`. Set `token` (a JWT or a function giving one) before a seat is
 * chosen.
 */
export class BookingSeatMap extends HTMLElement {
  static readonly observedAttributes = ATTRIBUTES;

  /** The customer's token for holds and bookings: a JWT, or a function asked at each call. */
  token: TokenSource | undefined;

  readonly #shadow = this.attachShadow({ mode: 'open' });
  readonly #root = element('div', 'root');
  readonly #route = element('p', 'route');
  readonly #connection = element('p', 'connection');
  /** Shown once the departure is cancelled (the live region says it too). */
  readonly #banner = element('p', 'banner');
  readonly #decks = element('div', 'decks');
  readonly #details = element('p', 'details');
  readonly #legend = element('div', 'legend-area');
  readonly #message = element('p', 'message');

  #client: BookingClient | undefined;
  #watch: RouteWatch | undefined;
  #routeInfo: RouteInfo | undefined;
  #map: SeatMapView | undefined;
  #departure: DepartureView | undefined;
  #cells = new Map<number, HTMLElement>();
  #shown = new Map<number, ShownStatus>();
  readonly #hold = new SeatHold({
    client: () => this.#client,
    messages: () => this.#messages,
    say: (text) => this.#say(text),
    repaint: (seats) => this.#repaint(seats),
    emit: (type, detail) => this.#emit(type, detail),
  });
  #state: Connection = 'connecting';
  /** Bumped on each restart, so answers for an earlier route or segment are ignored. */
  #generation = 0;
  #restartQueued = false;
  /** The server, route and segment shown: a hold is kept only while they stay the same. */
  #shownKey = '';
  #words: { key: string; messages: Messages } | undefined;

  constructor() {
    super();
    this.#shadow.adoptedStyleSheets = [seatMapStyles()];
    const header = element('div', 'header');
    header.append(this.#route, this.#connection);
    this.#connection.setAttribute('role', 'status');
    this.#message.setAttribute('aria-live', 'polite');
    this.#message.setAttribute('aria-atomic', 'true');
    this.#details.setAttribute('aria-hidden', 'true');
    this.#banner.hidden = true;
    this.#root.append(
      header,
      this.#banner,
      this.#decks,
      this.#details,
      this.#legend,
      this.#hold.panel,
      this.#message,
    );
    this.#shadow.append(this.#root);
    this.#decks.addEventListener('keydown', (event) => this.#onKey(event));
    this.#decks.addEventListener('click', (event) => {
      const seat = this.#seatOf(event.target);
      if (seat !== undefined) void this.#choose(seat);
    });
    this.#decks.addEventListener('focusin', (event) => {
      const seat = this.#seatOf(event.target);
      if (seat !== undefined) this.#activate(seat);
    });
  }

  /** This element's running hold, if any. */
  get hold(): HoldJson | undefined {
    return this.#hold.current;
  }

  /** The departure as the live map tells it (`status`, `departureAt`, `stopTimes?`, `reason?`). */
  get departure(): DepartureView | undefined {
    return this.#departure;
  }

  get #cancelled(): boolean {
    return this.#departure?.status === 'cancelled';
  }

  /** The words and Intl formats of the element's language and currency (made once per change). */
  get #messages(): Messages {
    const lang = languageOf(this.getAttribute('lang') || document.documentElement.lang);
    const currency = this.getAttribute('currency') || 'EUR';
    if (this.#words?.key !== `${lang} ${currency}`)
      this.#words = { key: `${lang} ${currency}`, messages: messagesFor(lang, currency) };
    return this.#words.messages;
  }

  connectedCallback(): void {
    this.#queueRestart();
  }

  disconnectedCallback(): void {
    this.#stop();
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (old === value || !this.isConnected) return;
    if (name === 'lang' || name === 'currency') return this.#renderAll();
    this.#queueRestart();
  }

  /** Lets the held seat go now. */
  release(): Promise<void> {
    return this.#hold.release();
  }

  /** The full hold time again from now (once per hold). */
  extend(): Promise<HoldJson | undefined> {
    return this.#hold.extend();
  }

  /** Names the passenger of each held seat: the hold becomes tickets (one PNR); emits `booking-complete`. */
  book(passengers: HoldPassenger[]): Promise<HoldBooking> {
    return this.#hold.book(passengers);
  }

  /** Attribute changes come in bursts (a framework sets them one by one): start once for all of them. */
  #queueRestart(): void {
    if (this.#restartQueued) return;
    this.#restartQueued = true;
    queueMicrotask(() => {
      this.#restartQueued = false;
      if (this.isConnected) void this.#start();
    });
  }

  #stop(): void {
    this.#generation += 1;
    this.#hold.pause();
    void this.#watch?.close();
    this.#client?.close();
    this.#client = this.#watch = this.#map = this.#departure = undefined;
  }

  async #start(): Promise<void> {
    const previous = this.#client;
    const routeId = this.getAttribute('route');
    const key = ATTRIBUTES.slice(0, 4)
      .map((name) => this.getAttribute(name) ?? '')
      .join('|');
    // A hold is for one route and segment: let it go when the element shows another.
    const hold = this.#hold.current;
    if (hold && key !== this.#shownKey) {
      if (previous) void previous.releaseHold(hold.id).catch(() => undefined);
      this.#hold.end('');
    }
    this.#shownKey = key;
    this.#stop();
    const generation = this.#generation;
    this.#cells.clear();
    this.#shown.clear();
    this.#decks.replaceChildren();
    this.#setConnection('connecting');
    this.#renderAll();
    if (!routeId) return;
    const server = this.getAttribute('server') || location.origin;
    const from = this.getAttribute('from') || undefined;
    const to = this.getAttribute('to') || undefined;
    // Seat maps are public: the socket stays anonymous, so a wrong token never stops the live map.
    const client = createBookingClient(server, { token: () => tokenOf(this.token), socket: { auth: {} } });
    this.#client = client;
    client.socket.on('connect', () => this.#setConnection('live'));
    client.socket.on('disconnect', () => this.#setConnection('reconnecting'));
    // The element was moved in the page: its hold goes on.
    this.#hold.resume();
    try {
      this.#routeInfo = await loadRoute(server, routeId);
    } catch (error) {
      if (generation === this.#generation) this.#say((error as RestError).message);
      return;
    }
    if (generation !== this.#generation) return;
    const watch = client.watchRoute(routeId, { fromCity: from, toCity: to });
    this.#watch = watch;
    // Before onChange: the first map is drawn knowing whether the departure is cancelled.
    watch.onDepartureChange((departure) => this.#applyDeparture(departure));
    watch.onChange((map) => this.#applyMap(map));
    watch.onUpdate((update) => {
      // This element's hold ended on the server: it ran out, or another tab released it.
      if (update.eventType !== 'seat_released') return;
      // The map as of this update (onChange comes next), so the seat repaints free, not held.
      this.#map = watch.snapshot();
      this.#hold.released(update.ticketId, update.metadata.reason);
    });
    watch.onError((error) => this.#say(error.message));
    watch.ready.catch(() => undefined);
  }

  /**
   * A cancellation is said at once (a running hold ends with it) and shown in the banner, and no seat
   * takes a choice any more; a move is said with the new time. The route_update comes before the
   * seats it frees, so the seats repaint on a map that already knows.
   */
  #applyDeparture(next: DepartureView): void {
    const before = this.#departure;
    this.#departure = next;
    const messages = this.#messages;
    if (next.status === 'cancelled' && before?.status !== 'cancelled') {
      const text = messages.cancelled(next.reason);
      if (this.#hold.current) this.#hold.end(text);
      else this.#say(text);
    } else if (before && next.status !== 'cancelled' && before.departureAt !== next.departureAt) {
      this.#say(messages.moved(messages.departure(next.departureAt)));
    }
    this.#renderAll();
    this.#emit('departure-change', { departure: next });
  }

  #price(): number {
    const route = this.#routeInfo;
    return route ? segmentPrice(route, this.getAttribute('from') ?? '', this.getAttribute('to') ?? '') : 0;
  }

  #statusOf(seatNumber: number, status: SeatMapView['seats'][number]['status']): ShownStatus {
    return this.#hold.isMine(seatNumber, status) ? 'mine' : status;
  }

  /** Draws the seats the first time, then repaints only what changed, keeping focus where it is. */
  #applyMap(map: SeatMapView): void {
    const sameSeats =
      this.#map?.seats.length === map.seats.length && map.seats.every((s) => this.#cells.has(s.seatNumber));
    this.#map = map;
    if (!sameSeats) return this.#renderAll();
    const focused = this.#focusedSeat();
    for (const seat of map.seats) {
      const before = this.#shown.get(seat.seatNumber);
      const now = this.#statusOf(seat.seatNumber, seat.status);
      if (before === now) continue;
      this.#paint(seat.seatNumber, now);
      if (seat.seatNumber !== focused) continue;
      if (before === 'available') this.#say(this.#messages.taken(seat.seatNumber));
      else if (now === 'available' && before !== 'mine' && !this.#hold.wasMine(seat.seatNumber))
        this.#say(this.#messages.freed(seat.seatNumber));
    }
  }

  #paint(seatNumber: number, status: ShownStatus): void {
    const cell = this.#cells.get(seatNumber);
    const seat = this.#map?.seats.find((s) => s.seatNumber === seatNumber);
    if (!cell || !seat || !this.#routeInfo) return;
    this.#shown.set(seatNumber, status);
    const place = placeOf(this.#routeInfo.layout, seat.column);
    const closed = this.#cancelled;
    paintSeat(
      cell,
      status,
      this.#messages.seatName(seatNumber, place, status, this.#price(), !closed),
      closed,
    );
    if (this.#focusedSeat() === seatNumber) this.#details.textContent = cell.getAttribute('aria-label');
  }

  /** Everything with words in it, in the element's language (and the seat grid, rebuilt). */
  #renderAll(): void {
    const messages = this.#messages;
    const lang = languageOf(this.getAttribute('lang') || document.documentElement.lang);
    this.#root.lang = lang;
    this.#setConnection(this.#state);
    this.#legend.replaceChildren(legend(messages.status));
    this.#hold.relabel();
    const route = this.#routeInfo;
    const map = this.#map;
    const departure = this.#departure;
    this.#root.dataset.departure = departure?.status ?? '';
    this.#banner.hidden = departure?.status !== 'cancelled';
    this.#banner.textContent = departure?.status === 'cancelled' ? messages.cancelled(departure.reason) : '';
    if (!route || !map) return void (this.#route.textContent = messages.loading);
    const from = this.getAttribute('from') || route.fromCity;
    const to = this.getAttribute('to') || route.toCity;
    const price = messages.perSeat(messages.price(this.#price()));
    this.#route.textContent = `${from} → ${to} · ${this.#departureText(route, departure)} · ${price}`;
    const focused = this.#focusedSeat();
    const active = [...this.#cells.values()]
      .filter((c) => c.tabIndex === 0)
      .map((c) => Number(c.dataset.seat));
    this.#cells.clear();
    this.#shown.clear();
    const decks = decksOf(map.seats);
    this.#decks.replaceChildren(
      ...decks.map((deck) =>
        deckGrid(deck, route.layout, messages.deck(deck.deck, decks.length), this.#cells),
      ),
    );
    for (const seat of map.seats) this.#paint(seat.seatNumber, this.#statusOf(seat.seatNumber, seat.status));
    // One tab stop per deck (roving tabindex): the seat last active there, else the deck's first seat.
    for (const deck of decks) {
      const seats = deck.rows.flatMap((r) => r.seats.map((s) => s.seatNumber));
      const keep = seats.find((s) => active.includes(s)) ?? seats[0];
      const cell = keep === undefined ? undefined : this.#cells.get(keep);
      if (cell) cell.tabIndex = 0;
    }
    if (focused !== undefined) this.#cells.get(focused)?.focus();
  }

  /** When the bus leaves: the time as moved (with the one first announced), or cancelled. */
  #departureText(route: RouteInfo, departure: DepartureView | undefined): string {
    const messages = this.#messages;
    const first = route.scheduledDepartureAt ?? route.departureAt;
    const at = departure?.departureAt ?? route.departureAt;
    const when =
      at === first
        ? messages.departure(at)
        : `${messages.departure(at)} (${messages.was(messages.departure(first))})`;
    return departure?.status === 'cancelled' ? `${when} · ${messages.cancelledMark}` : when;
  }

  #setConnection(state: Connection): void {
    this.#state = state;
    this.#connection.dataset.state = state;
    this.#connection.textContent = this.#messages.connection[state];
  }

  #say(text: string): void {
    this.#message.textContent = text;
  }

  #emit(type: string, detail: unknown, cancelable = false): boolean {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
  }

  #seatOf(target: EventTarget | null): number | undefined {
    const cell = target instanceof HTMLElement ? target.closest<HTMLElement>('[data-seat]') : null;
    return cell?.dataset.seat ? Number(cell.dataset.seat) : undefined;
  }

  #focusedSeat(): number | undefined {
    return this.#seatOf(this.#shadow.activeElement);
  }

  /** The seat becomes its deck's tab stop (roving tabindex) and is described under the map. */
  #activate(seatNumber: number): void {
    const cell = this.#cells.get(seatNumber);
    if (!cell) return;
    cell
      .closest('[role="grid"]')
      ?.querySelectorAll<HTMLElement>('[data-seat]')
      .forEach((c) => (c.tabIndex = -1));
    cell.tabIndex = 0;
    this.#details.textContent = cell.getAttribute('aria-label');
  }

  #onKey(event: KeyboardEvent): void {
    const seatNumber = this.#seatOf(event.target);
    const seat = this.#map?.seats.find((s) => s.seatNumber === seatNumber);
    if (!seat) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      return void this.#choose(seat.seatNumber);
    }
    if (!isGridKey(event.key)) return;
    event.preventDefault();
    const places: GridPlace[] = (this.#map?.seats ?? [])
      .filter((s) => s.deck === seat.deck)
      .map(({ seatNumber, row, column }) => ({ seatNumber, row, column }));
    const next = nextSeat(places, seat, event.key, event.ctrlKey);
    this.#activate(next.seatNumber);
    this.#cells.get(next.seatNumber)?.focus();
  }

  /** Holds a free seat at once (shown held by you before the server answers); your own seat lets go. */
  async #choose(seatNumber: number): Promise<void> {
    const status = this.#shown.get(seatNumber);
    const routeId = this.#routeInfo?.id;
    if (!routeId || this.#hold.busy) return;
    if (this.#cancelled) return this.#say(this.#messages.cancelled(this.#departure?.reason));
    if (status === 'mine') return void this.release().catch((e) => this.#hold.refused(e));
    if (status !== 'available') return;
    if (!this.#emit('seat-select', { seatNumber, price: this.#price() }, true)) return;
    const generation = this.#generation;
    await this.#hold.take(
      {
        routeId,
        fromCity: this.getAttribute('from') || undefined,
        toCity: this.getAttribute('to') || undefined,
        seatNumbers: [seatNumber],
      },
      // Cancelled meanwhile: the server let the hold go with the departure.
      () => generation === this.#generation && !this.#cancelled,
    );
  }

  #repaint(seats: number[]): void {
    for (const seatNumber of seats) {
      const seat = this.#map?.seats.find((s) => s.seatNumber === seatNumber);
      if (seat) this.#paint(seatNumber, this.#statusOf(seatNumber, seat.status));
    }
  }
}
