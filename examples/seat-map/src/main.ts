import type { CancelledTicketJson, DepartureView, TicketView } from '@booking/client';
import {
  defineBookingSeatMap,
  type BookingCompleteEvent,
  type BookingSeatMap,
  type DepartureChangeEvent,
  type HoldChangeEvent,
  type SeatUpdateEvent,
} from '@booking/seat-map';
import { refundText } from './refund-text';

/**
 * The page hosts `<booking-seat-map>`: the element draws the bus, holds the seats chosen (with their
 * countdown, more time and release) and tells a cancelled or moved departure; the page picks the
 * route, names the passengers, pays and cancels, and lists the live events, all from the element's
 * DOM events.
 */
defineBookingSeatMap();

interface RouteView {
  id: string;
  fromCity: string;
  toCity: string;
  stops: string[];
  departureAt: string;
  /** Whether it still runs (servers before departure changes leave it out). */
  status?: 'scheduled' | 'cancelled';
}
type Gender = TicketView['gender'];

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const map = $<BookingSeatMap>('map');
const routeSelect = $<HTMLSelectElement>('route');
const fromSelect = $<HTMLSelectElement>('from');
const toSelect = $<HTMLSelectElement>('to');
const genderSelect = $<HTMLSelectElement>('gender');
const tokenInput = $<HTMLInputElement>('token');
const statusLine = $<HTMLParagraphElement>('status');
const selection = $<HTMLParagraphElement>('selection');
const bookForm = $<HTMLFormElement>('book');
const passengers = $<HTMLDivElement>('passengers');
const bookButton = $<HTMLButtonElement>('book-button');
const ticketBox = $<HTMLDivElement>('ticket');
const eventsList = $<HTMLOListElement>('events');

let routes: RouteView[] = [];
let tickets: TicketView[] = [];
/** The departure as the element last told it (undefined until the map has loaded). */
let departure: DepartureView | undefined;

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
const messageOf = (error: unknown) => (error as Error).message;
const SeatList = (seats: number[]) => `Seat${seats.length > 1 ? 's' : ''} ${seats.join(', ')}`;
const PICK =
  'Pick an available seat: it is held for you at once, for a few minutes. Pick more for your group.';

/** One name and gender per held seat, each labelled with its seat; what was typed stays. */
function passengerFields(seats: number[]): HTMLFieldSetElement[] {
  return seats.map((seatNumber) => {
    const kept = document.getElementById(`passenger-${seatNumber}`);
    if (kept instanceof HTMLFieldSetElement) return kept;
    const fieldset = Object.assign(document.createElement('fieldset'), { id: `passenger-${seatNumber}` });
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
    // The passenger chosen for (whose seat rules the map shows) is the likeliest.
    if (genderSelect.value) gender.value = genderSelect.value;
    const label = (text: string, control: HTMLElement) => {
      const element = document.createElement('label');
      element.append(text, control);
      return element;
    };
    fieldset.append(legend, label('Passenger name', name), label('Gender', gender));
    return fieldset;
  });
}

/** The seats held changed: a form with a passenger per seat, or none. */
map.addEventListener('hold-change', (event) => {
  const { hold } = (event as HoldChangeEvent).detail;
  bookForm.hidden = !hold;
  bookButton.disabled = false;
  passengers.replaceChildren(...passengerFields(hold?.seatNumbers ?? []));
  if (hold)
    selection.textContent = `${SeatList(hold.seatNumbers)} held for you. Enter the passengers to reserve.`;
  else if (departure?.status !== 'cancelled') selection.textContent = PICK;
});

map.addEventListener('booking-complete', (event) => {
  const { tickets: booked } = (event as BookingCompleteEvent).detail;
  selection.textContent = `${SeatList(booked.map((t) => t.seatNumber))} reserved for you until you pay or cancel.`;
  showTickets(booked);
});

// Each seat event of the route once, in order (replays after a reconnect are not repeated).
map.addEventListener('seat-update', (event) => {
  const { update } = (event as SeatUpdateEvent).detail;
  const reason = update.metadata.reason ? ` (${update.metadata.reason})` : '';
  logEvent(`#${update.sequence} seat ${update.seatNumber} ${update.eventType}${reason}`);
});

/** The departure from its first load on: a change is logged, a cancellation closes the checkout. */
map.addEventListener('departure-change', (event) => {
  const next = (event as DepartureChangeEvent).detail.departure;
  const cancelled = next.status === 'cancelled';
  if (departure) {
    const change = cancelled
      ? `cancelled${next.reason ? ` (${next.reason})` : ''}`
      : `moved to ${when(next.departureAt)}`;
    logEvent(`departure ${change}`);
  }
  departure = next;
  const route = currentRoute();
  const option = routeSelect.selectedOptions[0];
  if (route && option) option.text = routeLabel(route, next.departureAt, cancelled);
  if (cancelled) {
    selection.textContent =
      'This departure is cancelled: no seat can be held, and its tickets are cancelled and refunded in full.';
  }
});

const currentRoute = () => routes.find((r) => r.id === routeSelect.value);
const when = (instant: string) => new Date(instant).toLocaleString();
const routeLabel = (route: RouteView, at = route.departureAt, cancelled = false) =>
  `${route.fromCity} → ${route.toCity}, ${when(at)}${cancelled ? ' (cancelled)' : ''}`;

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

/** Shows the route and segment picked; the element lets go of the seats it held on another. */
function showRoute(): void {
  const route = currentRoute();
  if (!route) return;
  eventsList.replaceChildren();
  departure = undefined;
  map.setAttribute('from', fromSelect.value);
  map.setAttribute('to', toSelect.value);
  map.setAttribute('route', route.id);
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

bookForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const seats = map.hold?.seatNumbers ?? [];
  bookButton.disabled = true;
  try {
    // One PNR for every held seat; `booking-complete` shows the tickets.
    await map.book(
      seats.map((seatNumber) => ({
        seatNumber,
        passengerName: $<HTMLInputElement>(`name-${seatNumber}`).value,
        gender: $<HTMLSelectElement>(`gender-${seatNumber}`).value as Gender,
      })),
    );
    say('');
  } catch (error) {
    say(messageOf(error));
    bookButton.disabled = false;
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
    for (const ticket of tickets) cancelled.push(await api('POST', `/tickets/${ticket.id}/cancel`, {}));
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
  showRoute();
});
fromSelect.addEventListener('change', showRoute);
toSelect.addEventListener('change', showRoute);
// The map shows the seats a seat rule refuses this passenger as blocked.
genderSelect.addEventListener('change', () => (map.gender = (genderSelect.value as Gender) || undefined));

async function start(): Promise<void> {
  // REST calls of the element use the token field as it is at each call.
  map.token = () => tokenInput.value.trim();
  // `?transports=polling` (or `websocket`) picks Socket.IO's transports; default: polling, then the upgrade.
  const transports = new URLSearchParams(location.search).get('transports');
  if (transports) map.setAttribute('transports', transports);
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
  showRoute();
}

void start().catch((error: unknown) => say((error as Error).message));
