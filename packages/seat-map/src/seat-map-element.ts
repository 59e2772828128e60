import type {
  BookingClient,
  DepartureView,
  HoldBooking,
  HoldPassenger,
  RestError,
  RouteWatch,
  SeatMapView,
  TokenSource,
} from '@booking/client';
import { BlockedSeats, GENDERS, type BlockedQuery } from './blocked-seats';
import { LiveConnection } from './connection';
import { Departure } from './departure';
import { decksOf, placeOf } from './layout';
import { languageOf, messagesFor, type Messages, type ShownStatus } from './messages';
import { loadRoute, segmentPrice, type RouteInfo } from './route';
import { element, legend, paintSeat } from './seat-cells';
import { SeatGrid } from './seat-grid';
import { SeatHold, type HeldSeats } from './seat-hold';
import { seatMapStyles } from './styles';

/** The first four say which map is shown: a hold is kept only while they stay the same. */
const ATTRIBUTES = ['server', 'route', 'from', 'to', 'transports', 'lang', 'currency', 'gender'] as const;
/** The server's default `MAX_GROUP_SIZE`: the most seats one booking takes. */
const DEFAULT_MAX_SEATS = 6;
const STATUSES: ShownStatus[] = ['available', 'held', 'mine', 'reserved', 'confirmed', 'suspended'];

/**
 * `<booking-seat-map server route from to lang currency gender max-seats transports>`: the live seat
 * map of a route's segment. Choosing a free seat (click, Enter or Space) holds it through
 * `@booking/client`, and each further one joins it; the host page books them with
 * `book(passengers)`. Set `token` (a JWT or a function giving one) before a seat is chosen.
 */
export class BookingSeatMap extends HTMLElement {
  static readonly observedAttributes = ATTRIBUTES;

  /** The customer's token for holds and bookings: a JWT, or a function asked at each call. */
  token: TokenSource | undefined;

  readonly #shadow = this.attachShadow({ mode: 'open' });
  readonly #root = element('div', 'root');
  readonly #route = element('p', 'route');
  readonly #connection = new LiveConnection(() => this.#messages);
  readonly #details = element('p', 'details');
  readonly #legend = element('div', 'legend-area');
  readonly #message = element('p', 'message');
  readonly #grid = new SeatGrid(this.#shadow, this.#details, (seat) => void this.#choose(seat));
  readonly #departure = new Departure();
  readonly #blocked = new BlockedSeats((seats) => this.#repaint(seats));

  #client: BookingClient | undefined;
  #watch: RouteWatch | undefined;
  #routeInfo: RouteInfo | undefined;
  #map: SeatMapView | undefined;
  #shown = new Map<number, ShownStatus>();
  readonly #hold = new SeatHold({
    client: () => this.#client,
    messages: () => this.#messages,
    say: (text) => this.#say(text),
    repaint: (seats) => this.#repaint(seats),
    emit: (type, detail) => this.#emit(type, detail),
  });
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
    header.append(this.#route, this.#connection.indicator);
    this.#message.setAttribute('aria-live', 'polite');
    this.#message.setAttribute('aria-atomic', 'true');
    this.#details.setAttribute('aria-hidden', 'true');
    this.#root.append(
      header,
      this.#departure.banner,
      this.#grid.decks,
      this.#details,
      this.#legend,
      this.#hold.panel,
      this.#message,
    );
    this.#shadow.append(this.#root);
  }

  /** The seats this element holds (`seatNumbers`, the first `expiresAt`, the `holds`), if any. */
  get hold(): HeldSeats | undefined {
    return this.#hold.current;
  }

  /** The departure as the live map tells it (`status`, `departureAt`, `stopTimes?`, `reason?`). */
  get departure(): DepartureView | undefined {
    return this.#departure.current;
  }

  /** The passenger's gender (the `gender` attribute): seats a seat rule refuses them show blocked. */
  get gender(): BlockedQuery['gender'] | undefined {
    const gender = this.getAttribute('gender');
    return GENDERS.find((g) => g === gender);
  }

  set gender(gender: BlockedQuery['gender'] | undefined) {
    if (gender) this.setAttribute('gender', gender);
    else this.removeAttribute('gender');
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
    if (name === 'gender') return this.#askBlocked();
    this.#queueRestart();
  }

  /** Lets every held seat go now. */
  release(): Promise<void> {
    return this.#hold.release();
  }

  /** The full hold time again from now (once per hold). */
  extend(): Promise<HeldSeats | undefined> {
    return this.#hold.extend();
  }

  /**
   * Names the passenger of each held seat: the seats become tickets under one PNR; emits
   * `booking-complete`.
   */
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
    this.#client = this.#watch = this.#map = undefined;
    this.#departure.reset();
  }

  async #start(): Promise<void> {
    const previous = this.#client;
    const routeId = this.getAttribute('route');
    const key = ATTRIBUTES.slice(0, 4)
      .map((name) => this.getAttribute(name) ?? '')
      .join('|');
    // Holds are for one route and segment: let them go when the element shows another.
    if (previous && key !== this.#shownKey) this.#hold.abandon(previous);
    this.#shownKey = key;
    this.#stop();
    const generation = this.#generation;
    this.#grid.clear();
    this.#shown.clear();
    this.#connection.show('connecting');
    this.#askBlocked();
    this.#renderAll();
    if (!routeId) return;
    const server = this.#server();
    const client = this.#connection.open(server, () => this.token, this.getAttribute('transports'));
    this.#client = client;
    // The element was moved in the page: its holds go on.
    this.#hold.resume();
    try {
      this.#routeInfo = await loadRoute(server, routeId);
    } catch (error) {
      if (generation === this.#generation) this.#say((error as RestError).message);
      return;
    }
    if (generation !== this.#generation) return;
    const watch = client.watchRoute(routeId, { fromCity: this.#from(), toCity: this.#to() });
    this.#watch = watch;
    // Before onChange: the first map is drawn knowing whether the departure is cancelled.
    watch.onDepartureChange((departure) => this.#applyDeparture(departure));
    watch.onChange((map) => this.#applyMap(map));
    watch.onUpdate((update) => {
      // The map as of this update (onChange comes next), so a released seat repaints free.
      this.#map = watch.snapshot();
      // One of this element's holds ended on the server: it ran out, or another tab released it.
      if (update.eventType === 'seat_released') this.#hold.released(update.ticketId, update.metadata.reason);
      this.#emit('seat-update', { update });
    });
    watch.onError((error) => this.#say(error.message));
    watch.ready.catch(() => undefined);
  }

  #server(): string {
    return this.getAttribute('server') || location.origin;
  }

  #from(): string | undefined {
    return this.getAttribute('from') || undefined;
  }

  #to(): string | undefined {
    return this.getAttribute('to') || undefined;
  }

  /** Asks which free seats a seat rule refuses the passenger of `gender` (none without one). */
  #askBlocked(): void {
    const routeId = this.getAttribute('route');
    const gender = this.gender;
    this.#blocked.set(
      routeId && gender
        ? { server: this.#server(), routeId, fromCity: this.#from(), toCity: this.#to(), gender }
        : undefined,
    );
    this.#legend.replaceChildren(legend(this.#messages.status, this.#statuses()));
  }

  /** The legend's statuses: `blocked` only when there is a passenger to block seats for. */
  #statuses(): ShownStatus[] {
    return this.gender ? [...STATUSES, 'blocked'] : STATUSES;
  }

  /** A cancellation ends the holds (said at once) and no seat takes a choice any more; a move is said. */
  #applyDeparture(next: DepartureView): void {
    const news = this.#departure.apply(next, this.#messages);
    if (news?.cancelled && this.#hold.current) this.#hold.end(news.text);
    else if (news) this.#say(news.text);
    this.#renderAll();
    this.#emit('departure-change', { departure: next });
  }

  #price(): number {
    const route = this.#routeInfo;
    return route ? segmentPrice(route, this.#from(), this.#to()) : 0;
  }

  #statusOf(seatNumber: number, status: SeatMapView['seats'][number]['status']): ShownStatus {
    if (this.#hold.isMine(seatNumber, status)) return 'mine';
    return status === 'available' && this.#blocked.get(seatNumber) ? 'blocked' : status;
  }

  /** Draws the seats the first time, then repaints only what changed, keeping focus where it is. */
  #applyMap(map: SeatMapView): void {
    const sameSeats =
      this.#map?.seats.length === map.seats.length && map.seats.every((s) => this.#grid.cell(s.seatNumber));
    this.#map = map;
    if (!sameSeats) return this.#renderAll();
    const focused = this.#grid.focused();
    let changed = false;
    for (const seat of map.seats) {
      const before = this.#shown.get(seat.seatNumber);
      const now = this.#statusOf(seat.seatNumber, seat.status);
      if (before === now) continue;
      changed = true;
      this.#paint(seat.seatNumber, now);
      if (seat.seatNumber !== focused) continue;
      const said = this.#messages.seatsOf([seat.seatNumber]);
      if (before === 'available') this.#say(this.#messages.taken(said));
      else if (now === 'available' && before !== 'mine' && !this.#hold.wasMine(seat.seatNumber))
        this.#say(this.#messages.freed(said));
    }
    // Who sits where changed: a seat rule may now refuse other seats.
    if (changed) this.#blocked.refresh();
  }

  #paint(seatNumber: number, status: ShownStatus): void {
    const cell = this.#grid.cell(seatNumber);
    const seat = this.#map?.seats.find((s) => s.seatNumber === seatNumber);
    if (!cell || !seat || !this.#routeInfo) return;
    this.#shown.set(seatNumber, status);
    const place = placeOf(this.#routeInfo.layout, seat.column);
    const closed = this.#departure.cancelled;
    const rule = this.#blocked.get(seatNumber)?.rule;
    const name = this.#messages.seatName(seatNumber, place, status, this.#price(), !closed, rule);
    paintSeat(cell, status, name, closed);
    if (this.#grid.focused() === seatNumber) this.#details.textContent = name;
  }

  /** Everything with words in it, in the element's language (and the seat grid, rebuilt). */
  #renderAll(): void {
    const messages = this.#messages;
    this.#root.lang = languageOf(this.getAttribute('lang') || document.documentElement.lang);
    this.#connection.show();
    this.#legend.replaceChildren(legend(messages.status, this.#statuses()));
    this.#hold.relabel();
    this.#departure.render(this.#root, messages);
    const route = this.#routeInfo;
    const map = this.#map;
    if (!route || !map) return void (this.#route.textContent = messages.loading);
    const from = this.#from() ?? route.fromCity;
    const to = this.#to() ?? route.toCity;
    const price = messages.perSeat(messages.price(this.#price()));
    this.#route.textContent = `${from} → ${to} · ${this.#departure.line(route, messages)} · ${price}`;
    this.#shown.clear();
    const decks = decksOf(map.seats);
    this.#grid.draw(
      decks,
      route.layout,
      (deck) => messages.deck(deck, decks.length),
      () => {
        for (const seat of map.seats)
          this.#paint(seat.seatNumber, this.#statusOf(seat.seatNumber, seat.status));
      },
    );
  }

  #say(text: string): void {
    this.#message.textContent = text;
  }

  #emit(type: string, detail: unknown, cancelable = false): boolean {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
  }

  /**
   * A free seat is held at once (shown yours before the server answers) and joins the seats held
   * already; your own seat lets go.
   */
  async #choose(seatNumber: number): Promise<void> {
    const status = this.#shown.get(seatNumber);
    const routeId = this.#routeInfo?.id;
    const messages = this.#messages;
    const said = messages.seatsOf([seatNumber]);
    if (!routeId || this.#hold.busy) return;
    if (this.#departure.cancelled) return this.#say(messages.cancelled(this.#departure.current?.reason));
    if (status === 'mine')
      return void this.#hold.drop(seatNumber).catch((e) => this.#hold.refused(e, [seatNumber]));
    const block = this.#blocked.get(seatNumber);
    if (status === 'blocked' && block)
      return this.#say(messages.blockedChoice(said, messages.blockedBy(block.rule)));
    if (status !== 'available') return;
    const max = Number(this.getAttribute('max-seats')) || DEFAULT_MAX_SEATS;
    if ((this.hold?.seatNumbers.length ?? 0) >= max) return this.#say(messages.groupLimit(max));
    if (!this.#emit('seat-select', { seatNumber, price: this.#price() }, true)) return;
    const generation = this.#generation;
    await this.#hold.add(
      seatNumber,
      { routeId, fromCity: this.#from(), toCity: this.#to() },
      // Cancelled meanwhile: the server let the hold go with the departure.
      () => generation === this.#generation && !this.#departure.cancelled,
    );
  }

  #repaint(seats: number[]): void {
    for (const seatNumber of seats) {
      const seat = this.#map?.seats.find((s) => s.seatNumber === seatNumber);
      if (seat) this.#paint(seatNumber, this.#statusOf(seatNumber, seat.status));
    }
  }
}
