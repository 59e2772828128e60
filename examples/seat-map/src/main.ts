import { createBookingClient, type RouteWatch } from '@booking/client';

interface RouteView {
  id: string;
  fromCity: string;
  toCity: string;
  stops: string[];
  departureAt: string;
  seatCount: number;
  price: number;
  layout?: '2+2' | '2+1' | '1+2';
}
interface TicketView {
  id: string;
  pnrNumber: string;
  seatNumber: number;
  status: string;
  price: number;
  holdExpiresAt: string | null;
}
type SeatEntry = { seatNumber: number; status: string; gender?: string };

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const routeSelect = $<HTMLSelectElement>('route');
const fromSelect = $<HTMLSelectElement>('from');
const toSelect = $<HTMLSelectElement>('to');
const tokenInput = $<HTMLInputElement>('token');
const bus = $<HTMLDivElement>('bus');
const statusLine = $<HTMLParagraphElement>('status');
const selection = $<HTMLParagraphElement>('selection');
const bookButton = $<HTMLButtonElement>('book-button');
const ticketBox = $<HTMLDivElement>('ticket');
const eventsList = $<HTMLOListElement>('events');

const client = createBookingClient(location.origin);
let routes: RouteView[] = [];
let watch: RouteWatch | undefined;
let selectedSeat: number | undefined;
let ticket: TicketView | undefined;
/** While this page's own booking is on its way, its seat turning taken is no surprise. */
let booking = false;

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

/** Seats per row and where the aisle goes, from the route's layout. */
function rowShape(layout: RouteView['layout']): number[] {
  if (layout === '2+1') return [2, 1];
  if (layout === '1+2') return [1, 2];
  return [2, 2];
}

function drawBus(route: RouteView, seats: SeatEntry[]): void {
  const shape = rowShape(route.layout);
  const perRow = shape[0]! + shape[1]!;
  bus.style.gridTemplateColumns = `repeat(${shape[0]}, auto) 1.25rem repeat(${shape[1]}, auto)`;
  bus.replaceChildren();
  seats.forEach((seat, index) => {
    if (index % perRow === shape[0])
      bus.append(Object.assign(document.createElement('span'), { className: 'aisle' }));
    const button = document.createElement('button');
    button.className = `seat ${seat.status}${seat.seatNumber === selectedSeat ? ' selected' : ''}`;
    button.textContent = String(seat.seatNumber);
    button.dataset.seat = String(seat.seatNumber);
    button.dataset.status = seat.status;
    button.title = `Seat ${seat.seatNumber}: ${seat.status}${seat.gender ? ` (${seat.gender})` : ''}`;
    button.disabled = seat.status !== 'available';
    button.addEventListener('click', () => selectSeat(seat.seatNumber));
    bus.append(button);
  });
}

/** Someone else took the selected seat: say so and let the user pick another. */
function dropTakenSelection(seats: SeatEntry[]): void {
  if (selectedSeat === undefined || booking) return;
  const chosen = seats.find((s) => s.seatNumber === selectedSeat);
  if (!chosen || chosen.status === 'available') return;
  selection.textContent = `Seat ${selectedSeat} was just taken; pick another.`;
  selectedSeat = undefined;
  bookButton.disabled = true;
}

function selectSeat(seatNumber: number): void {
  selectedSeat = seatNumber;
  selection.textContent = `Seat ${seatNumber} selected.`;
  bookButton.disabled = false;
  const route = currentRoute();
  if (route && watch) drawBus(route, watch.seats());
}

const currentRoute = () => routes.find((r) => r.id === routeSelect.value);

function fillStops(route: RouteView): void {
  const options = (stops: string[]) => stops.map((s) => new Option(s, s));
  fromSelect.replaceChildren(...options(route.stops.slice(0, -1)));
  toSelect.replaceChildren(...options(route.stops.slice(1)));
  toSelect.value = route.toCity;
}

async function watchCurrent(): Promise<void> {
  const route = currentRoute();
  if (!route) return;
  await watch?.close();
  selectedSeat = undefined;
  bookButton.disabled = true;
  eventsList.replaceChildren();
  watch = client.watchRoute(route.id, { fromCity: fromSelect.value, toCity: toSelect.value });
  watch.onChange((map) => {
    dropTakenSelection(map.seats);
    drawBus(route, map.seats);
  });
  // Each applied event once, in order (replays after a reconnect are not repeated here).
  watch.onUpdate((update) => {
    const item = document.createElement('li');
    item.textContent = `#${update.sequence} seat ${update.seatNumber} ${update.eventType}${update.metadata.reason ? ` (${update.metadata.reason})` : ''}`;
    eventsList.prepend(item);
  });
  watch.onError((error) => say(error.message));
}

function showTicket(next: TicketView | undefined): void {
  ticket = next;
  ticketBox.hidden = !next;
  if (next) {
    $('ticket-text').textContent =
      `PNR ${next.pnrNumber} · seat ${next.seatNumber} · ${next.status} · ${next.price}`;
  }
}

$('book').addEventListener('submit', async (event) => {
  event.preventDefault();
  const route = currentRoute();
  if (!route || selectedSeat === undefined) return;
  booking = true;
  bookButton.disabled = true;
  try {
    const booked = await api<TicketView>('POST', '/tickets', {
      routeId: route.id,
      seatNumber: selectedSeat,
      fromCity: fromSelect.value,
      toCity: toSelect.value,
      passengerName: $<HTMLInputElement>('name').value,
      gender: $<HTMLSelectElement>('gender').value,
    });
    showTicket(booked);
    selectedSeat = undefined;
    selection.textContent = `Seat ${booked.seatNumber} is yours until you pay or cancel.`;
    say('');
  } catch (error) {
    say((error as Error).message);
    bookButton.disabled = selectedSeat === undefined;
  } finally {
    booking = false;
    // A refused booking (the seat went meanwhile) leaves a taken seat selected: drop it now.
    if (watch) {
      dropTakenSelection(watch.seats());
      drawBus(route, watch.seats());
    }
  }
});

$('pay').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!ticket) return;
  try {
    const paid = await api<{ ticket: TicketView }>('POST', '/payments', {
      ticketId: ticket.id,
      cardNumber: $<HTMLInputElement>('card').value,
      cardHolderName: 'Demo Customer',
      expireMonth: 12,
      expireYear: new Date().getFullYear() + 2,
      cvc: '123',
    });
    showTicket(paid.ticket);
    say('');
  } catch (error) {
    say((error as Error).message);
  }
});

$('cancel').addEventListener('click', async () => {
  if (!ticket) return;
  try {
    showTicket(await api<TicketView>('POST', `/tickets/${ticket.id}/cancel`));
    say('');
  } catch (error) {
    say((error as Error).message);
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
    ...routes.map(
      (r) => new Option(`${r.fromCity} → ${r.toCity}, ${new Date(r.departureAt).toLocaleString()}`, r.id),
    ),
  );
  const requested = new URLSearchParams(location.search).get('route');
  if (requested && routes.some((r) => r.id === requested)) routeSelect.value = requested;
  fillStops(currentRoute()!);
  await watchCurrent();
}

void start().catch((error: unknown) => say((error as Error).message));
