import {
  createBookingClient,
  type CancelledTicketJson,
  type DepartureView,
  type HoldJson,
  type RestError,
  type RouteWatch,
  type SeatMapEntryView,
  type TicketView,
} from '@booking/client';
import { clockText, countdownAnnouncement } from './countdown-text';
import { refundText } from './refund-text';

interface RouteView {
  id: string;
  fromCity: string;
  toCity: string;
  stops: string[];
  departureAt: string;
  /** The departure first announced, and whether it still runs (servers before departure changes leave them out). */
  scheduledDepartureAt?: string;
  status?: 'scheduled' | 'cancelled';
  seatCount: number;
  price: number;
  layout?: '2+2' | '2+1' | '1+2';
}
/** A seat as drawn; servers without seat layouts send no deck, row or column. */
type SeatEntry = Pick<SeatMapEntryView, 'seatNumber' | 'status' | 'gender'> &
  Partial<Pick<SeatMapEntryView, 'deck' | 'row' | 'column'>>;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const routeSelect = $<HTMLSelectElement>('route');
const fromSelect = $<HTMLSelectElement>('from');
const toSelect = $<HTMLSelectElement>('to');
const tokenInput = $<HTMLInputElement>('token');
const bus = $<HTMLDivElement>('bus');
const statusLine = $<HTMLParagraphElement>('status');
const selection = $<HTMLParagraphElement>('selection');
const holdBox = $<HTMLDivElement>('hold');
const countdown = $<HTMLSpanElement>('countdown');
const announcer = $<HTMLParagraphElement>('hold-announcer');
const extendButton = $<HTMLButtonElement>('extend');
const releaseButton = $<HTMLButtonElement>('release');
const passengers = $<HTMLDivElement>('passengers');
const bookButton = $<HTMLButtonElement>('book-button');
const ticketBox = $<HTMLDivElement>('ticket');
const eventsList = $<HTMLOListElement>('events');
const departureBanner = $<HTMLParagraphElement>('departure-banner');
const departureLine = $<HTMLParagraphElement>('departure');

/** `?transports=polling` (or `websocket`) picks Socket.IO's transports; default: polling, then the upgrade. */
const transports = new URLSearchParams(location.search)
  .get('transports')
  ?.split(',')
  .filter((name) => name === 'polling' || name === 'websocket');
const client = createBookingClient(location.origin, {
  // REST calls use the token field as it is at each call.
  token: () => tokenInput.value.trim(),
  // Seat maps are public: the socket stays anonymous, so a mistyped token never stops the live map.
  socket: { auth: {}, ...(transports?.length ? { transports } : {}) },
});
let routes: RouteView[] = [];
let watch: RouteWatch | undefined;
/** The seat clicked, while its hold is on its way: shown held by you at once. */
let pendingSeat: number | undefined;
/** This page's running hold. */
let held: HoldJson | undefined;
let stopCountdown: (() => void) | undefined;
let secondsLeftShown = 0;
let tickets: TicketView[] = [];
/** The watched route's departure, as the live map last told it. */
let departure: DepartureView | undefined;
const isCancelled = () => departure?.status === 'cancelled';

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (tokenInput.value.trim()) headers.authorization = `Bearer ${tokenInput.value.trim()}`;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as T & { error?: { message: string } };
  if (!response.ok) throw new Error(json.error?.message ?? `HTTP ${response.status}`);
  return json;
}

const say = (text: string) => (statusLine.textContent = text);
const messageOf = (error: unknown) => (error as RestError | Error).message;
const seatList = (seats: number[]) => `seat${seats.length > 1 ? 's' : ''} ${seats.join(', ')}`;
const SeatList = (seats: number[]) => `S${seatList(seats).slice(1)}`;

/** The seats this page holds or is about to hold. */
function mySeats(): number[] {
  if (held) return held.seatNumbers;
  return pendingSeat === undefined ? [] : [pendingSeat];
}

/** Seats left of the aisle, and in a whole row, for the route's layout. */
function rowShape(layout: RouteView['layout']): { beforeAisle: number; width: number } {
  if (layout === '2+1') return { beforeAisle: 2, width: 3 };
  if (layout === '1+2') return { beforeAisle: 1, width: 3 };
  return { beforeAisle: 2, width: 4 };
}

/** The seat's button: its status in words for everyone, and `held by you` for this page's own. */
function seatButton(seat: SeatEntry, mine: boolean): HTMLButtonElement {
  const status = mine ? 'held' : seat.status;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = `seat ${status}${mine ? ' mine' : ''}`;
  button.textContent = String(seat.seatNumber);
  button.dataset.seat = String(seat.seatNumber);
  button.dataset.status = status;
  if (mine) button.dataset.mine = 'true';
  const described = mine ? 'held by you' : `${status}${seat.gender ? ` (${seat.gender})` : ''}`;
  button.title = `Seat ${seat.seatNumber}: ${described}`;
  button.setAttribute('aria-label', button.title);
  // A cancelled departure sells nothing: no seat takes a click any more.
  button.disabled = status !== 'available' || isCancelled();
  button.addEventListener('click', () => void holdSeat(seat.seatNumber));
  return button;
}

/**
 * Draws each deck as a grid, every seat at the row and column the server gives it (the aisle is a
 * column of its own). A server without positions gets seats laid out row by row from the layout.
 */
function drawBus(route: RouteView, seats: SeatEntry[]): void {
  const { beforeAisle, width } = rowShape(route.layout);
  const mine = new Set(mySeats());
  const decks = new Map<number, HTMLDivElement>();
  const deckOf = (deck: number) => {
    let grid = decks.get(deck);
    if (!grid) {
      grid = Object.assign(document.createElement('div'), { className: 'deck' });
      grid.dataset.deck = String(deck);
      grid.style.gridTemplateColumns = `repeat(${beforeAisle}, auto) 1.25rem repeat(${width - beforeAisle}, auto)`;
      decks.set(deck, grid);
    }
    return grid;
  };
  seats.forEach((seat, index) => {
    const row = seat.row ?? Math.floor(index / width) + 1;
    const column = seat.column ?? (index % width) + 1;
    const button = seatButton(seat, mine.has(seat.seatNumber));
    button.style.gridRow = String(row);
    button.style.gridColumn = String(column > beforeAisle ? column + 1 : column);
    deckOf(seat.deck ?? 1).append(button);
  });
  const ordered = [...decks.entries()].sort(([a], [b]) => a - b).map(([, grid]) => grid);
  if (ordered.length === 1) return bus.replaceChildren(...ordered);
  bus.replaceChildren(
    ...ordered.map((grid, i) => {
      const section = document.createElement('section');
      const name = Object.assign(document.createElement('h3'), { className: 'deck-name' });
      name.textContent = i === 0 ? 'Lower deck' : 'Upper deck';
      section.append(name, grid);
      return section;
    }),
  );
}

function redraw(): void {
  const route = currentRoute();
  if (route && watch?.snapshot().seats.length) drawBus(route, watch.seats());
}

/** Why a hold was refused, in the words a passenger needs. */
function refusal(seatNumber: number, error: RestError): string {
  if (error.code === 'seat_unavailable') return `Seat ${seatNumber} was just taken; pick another.`;
  if (error.code === 'unauthorized') return 'Sign in first: paste a customer token into the Token field.';
  return `Seat ${seatNumber} could not be held: ${error.message}`;
}

/** A click holds the seat at once: it shows held by you now, and goes back if the server refuses. */
async function holdSeat(seatNumber: number): Promise<void> {
  const route = currentRoute();
  if (!route || isCancelled()) return;
  if (held || pendingSeat !== undefined) {
    selection.textContent = `You hold ${seatList(mySeats())}: reserve or release it first.`;
    return;
  }
  pendingSeat = seatNumber;
  selection.textContent = `Holding seat ${seatNumber}…`;
  say('');
  redraw();
  try {
    const hold = await client.hold({
      routeId: route.id,
      fromCity: fromSelect.value,
      toCity: toSelect.value,
      seatNumbers: [seatNumber],
    });
    pendingSeat = undefined;
    // Cancelled while the hold was on its way: the server has let it go already.
    if (isCancelled()) selection.textContent = 'Your hold ended: this departure is cancelled.';
    else startHold(hold);
  } catch (error) {
    pendingSeat = undefined;
    selection.textContent = 'Pick an available seat.';
    say(refusal(seatNumber, error as RestError));
  }
  redraw();
}

/** One name and gender per held seat, each labelled with its seat. */
function passengerFields(seats: number[]): HTMLFieldSetElement[] {
  return seats.map((seatNumber) => {
    const fieldset = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = `Seat ${seatNumber}`;
    const name = Object.assign(document.createElement('input'), {
      id: `name-${seatNumber}`,
      required: true,
      maxLength: 100,
      autocomplete: 'name',
    });
    const gender = Object.assign(document.createElement('select'), { id: `gender-${seatNumber}` });
    gender.append(...['female', 'male', 'other'].map((g) => new Option(g, g)));
    const label = (text: string, control: HTMLElement) => {
      const element = document.createElement('label');
      element.append(text, control);
      return element;
    };
    fieldset.append(legend, label('Passenger name', name), label('Gender', gender));
    return fieldset;
  });
}

function startHold(hold: HoldJson): void {
  held = hold;
  holdBox.hidden = false;
  extendButton.disabled = false;
  bookButton.disabled = false;
  passengers.replaceChildren(...passengerFields(hold.seatNumbers));
  selection.textContent = `${SeatList(hold.seatNumbers)} held for you. Enter the passengers to reserve.`;
  // The first tick comes at once: say how long the hold runs (then each minute, and near the end).
  runCountdown(hold);
  const minutes = Math.max(1, Math.round(secondsLeftShown / 60));
  announcer.textContent = `${SeatList(hold.seatNumbers)} held for you for ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

function runCountdown(hold: HoldJson): void {
  stopCountdown?.();
  stopCountdown = client.countdown(hold, (left) => {
    secondsLeftShown = left;
    countdown.textContent = clockText(left);
    const announcement = countdownAnnouncement(left);
    if (announcement) announcer.textContent = announcement;
    // The server frees the seats within a moment (its seat_released ends the hold here).
    if (left === 0) bookButton.disabled = true;
  });
}

/** The hold ended (released, ran out or booked): the page forgets it. */
function endHold(message: string): void {
  if (!held) return;
  stopCountdown?.();
  stopCountdown = undefined;
  held = undefined;
  holdBox.hidden = true;
  passengers.replaceChildren();
  selection.textContent = message;
  redraw();
}

const currentRoute = () => routes.find((r) => r.id === routeSelect.value);
const when = (instant: string) => new Date(instant).toLocaleString();
const routeLabel = (route: RouteView, at = route.departureAt, cancelled = false) =>
  `${route.fromCity} → ${route.toCity}, ${when(at)}${cancelled ? ' (cancelled)' : ''}`;

/**
 * The departure as the live map tells it, from its first load on: a cancellation in the banner at
 * once (seats no longer take a click, a hold of this page ends), a move as the new time.
 */
function showDeparture(route: RouteView, next: DepartureView): void {
  departure = next;
  const first = route.scheduledDepartureAt ?? route.departureAt;
  const moved = next.departureAt !== first;
  departureLine.dataset.departureAt = next.departureAt;
  departureLine.classList.toggle('moved', moved);
  departureLine.textContent = moved
    ? `Departure moved: now ${when(next.departureAt)} (was ${when(first)}).`
    : `Departs ${when(next.departureAt)}.`;
  const option = routeSelect.selectedOptions[0];
  if (option) option.text = routeLabel(route, next.departureAt, next.status === 'cancelled');
  bus.classList.toggle('cancelled', next.status === 'cancelled');
  if (next.status === 'cancelled') {
    departureBanner.textContent = `This departure is cancelled${next.reason ? `: ${next.reason}` : ''}. Seats can no longer be held or booked; tickets on it are cancelled and refunded in full.`;
    // The route_update comes before the seat_released of the hold: say why it ends.
    if (held) endHold('Your hold ended: this departure is cancelled.');
    else selection.textContent = 'This departure is cancelled: no seat can be held.';
  } else departureBanner.textContent = '';
  redraw();
}

function fillStops(route: RouteView): void {
  const options = (stops: string[]) => stops.map((s) => new Option(s, s));
  fromSelect.replaceChildren(...options(route.stops.slice(0, -1)));
  toSelect.replaceChildren(...options(route.stops.slice(1)));
  toSelect.value = route.toCity;
}

function logEvent(text: string): void {
  const item = document.createElement('li');
  item.textContent = text;
  eventsList.prepend(item);
}

/** A change of the departure in the live events, at the sequence it took. */
function departureEvent(next: DepartureView): string {
  const change =
    next.status === 'cancelled'
      ? `cancelled${next.reason ? ` (${next.reason})` : ''}`
      : `moved to ${when(next.departureAt)}`;
  return `#${watch?.sequence ?? ''} departure ${change}`;
}

async function watchCurrent(): Promise<void> {
  const route = currentRoute();
  if (!route) return;
  // A hold is for one route and segment: let it go when the passenger looks at another.
  if (held) {
    void client.releaseHold(held.id).catch(() => undefined);
    endHold('Pick an available seat.');
  }
  await watch?.close();
  eventsList.replaceChildren();
  departure = undefined;
  departureBanner.textContent = '';
  departureLine.textContent = '';
  watch = client.watchRoute(route.id, { fromCity: fromSelect.value, toCity: toSelect.value });
  // Before onChange: the first map is drawn already knowing whether the departure is cancelled.
  watch.onDepartureChange((next) => {
    if (departure) logEvent(departureEvent(next));
    showDeparture(route, next);
  });
  watch.onChange((map) => drawBus(route, map.seats));
  // Each applied event once, in order (replays after a reconnect are not repeated here).
  watch.onUpdate((update) => {
    logEvent(
      `#${update.sequence} seat ${update.seatNumber} ${update.eventType}${update.metadata.reason ? ` (${update.metadata.reason})` : ''}`,
    );
    // This page's hold ended on the server: it ran out, or another tab released it.
    if (update.eventType === 'seat_released' && update.ticketId === held?.id) {
      const seats = seatList(held.seatNumbers);
      endHold(
        update.metadata.reason === 'hold_expired'
          ? `Your hold on ${seats} ran out; pick a seat again.`
          : `You released ${seats}.`,
      );
    }
  });
  watch.onError((error) => say(error.message));
}

function showTickets(next: TicketView[], refund = ''): void {
  tickets = next;
  ticketBox.hidden = next.length === 0;
  $('refund').textContent = refund;
  const first = next[0];
  if (first) {
    const seats = next.map((t) => t.seatNumber).join(', ');
    const statuses = [...new Set(next.map((t) => t.status))].join(', ');
    const total = next.reduce((sum, t) => sum + t.price, 0);
    $('ticket-text').textContent = `PNR ${first.pnrNumber} · seat ${seats} · ${statuses} · ${total}`;
  }
}

extendButton.addEventListener('click', async () => {
  if (!held) return;
  try {
    const extended = await client.extendHold(held.id);
    held = extended;
    runCountdown(extended);
    announcer.textContent = `Your hold runs until ${new Date(extended.expiresAt).toLocaleTimeString()}.`;
    say('');
  } catch (error) {
    say(messageOf(error));
  }
  // A hold is extended once.
  extendButton.disabled = true;
});

releaseButton.addEventListener('click', async () => {
  if (!held) return;
  const { id, seatNumbers } = held;
  try {
    await client.releaseHold(id);
    endHold(`You released ${seatList(seatNumbers)}.`);
    say('');
  } catch (error) {
    say(messageOf(error));
  }
});

$('book').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!held) return;
  const hold = held;
  bookButton.disabled = true;
  try {
    const booking = await client.bookHold(
      hold.id,
      hold.seatNumbers.map((seatNumber) => ({
        seatNumber,
        passengerName: $<HTMLInputElement>(`name-${seatNumber}`).value,
        gender: $<HTMLSelectElement>(`gender-${seatNumber}`).value as TicketView['gender'],
      })),
    );
    endHold(`${SeatList(hold.seatNumbers)} reserved for you until you pay or cancel.`);
    showTickets(booking.tickets);
    say('');
  } catch (error) {
    say(messageOf(error));
    bookButton.disabled = held === undefined;
  }
});

$('pay').addEventListener('submit', async (event) => {
  event.preventDefault();
  const first = tickets[0];
  if (!first) return;
  try {
    // Paying one ticket pays every reserved ticket of its PNR.
    const paid = await api<{ ticket: TicketView; tickets?: TicketView[] }>('POST', '/payments', {
      ticketId: first.id,
      cardNumber: $<HTMLInputElement>('card').value,
      cardHolderName: 'Demo Customer',
      expireMonth: 12,
      expireYear: new Date().getFullYear() + 2,
      cvc: '123',
    });
    showTickets(paid.tickets ?? [paid.ticket]);
    say('');
  } catch (error) {
    say(messageOf(error));
  }
});

$('cancel').addEventListener('click', async () => {
  try {
    const cancelled: CancelledTicketJson[] = [];
    for (const ticket of tickets) cancelled.push(await client.cancelTicket(ticket.id));
    // A paid ticket comes back with what was refunded and the fee the cancellation policy kept.
    showTickets(cancelled, refundText(cancelled));
    say('');
  } catch (error) {
    say(messageOf(error));
  }
});

routeSelect.addEventListener('change', () => {
  const route = currentRoute();
  if (route) fillStops(route);
  void watchCurrent();
});
fromSelect.addEventListener('change', () => void watchCurrent());
toSelect.addEventListener('change', () => void watchCurrent());

async function start(): Promise<void> {
  // Outside production the server shares its development customer token, so booking works at once.
  const response = await fetch('/demo/config');
  const demo = (response.ok ? await response.json() : {}) as { customerToken?: string };
  if (!tokenInput.value && demo.customerToken) tokenInput.value = demo.customerToken;
  routes = (await api<{ routes: RouteView[] }>('GET', '/routes')).routes;
  if (routes.length === 0) return void say('No routes yet: create one with POST /routes (admin).');
  routeSelect.replaceChildren(
    ...routes.map((r) => new Option(routeLabel(r, r.departureAt, r.status === 'cancelled'), r.id)),
  );
  const requested = new URLSearchParams(location.search).get('route');
  if (requested && routes.some((r) => r.id === requested)) routeSelect.value = requested;
  fillStops(currentRoute()!);
  await watchCurrent();
}

void start().catch((error: unknown) => say((error as Error).message));
