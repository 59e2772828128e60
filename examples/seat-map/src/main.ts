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
type SeatEntry = {
  seatNumber: number;
  status: string;
  gender?: string;
  /** Where the seat sits in the bus (servers with seat layouts send these). */
  deck?: number;
  row?: number;
  column?: number;
};

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

/** `?transports=polling` (or `websocket`) picks Socket.IO's transports; default: polling, then the upgrade. */
const transports = new URLSearchParams(location.search)
  .get('transports')
  ?.split(',')
  .filter((name) => name === 'polling' || name === 'websocket');
const client = createBookingClient(location.origin, transports?.length ? { socket: { transports } } : {});
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

/** Seats left of the aisle, and in a whole row, for the route's layout. */
function rowShape(layout: RouteView['layout']): { beforeAisle: number; width: number } {
  if (layout === '2+1') return { beforeAisle: 2, width: 3 };
  if (layout === '1+2') return { beforeAisle: 1, width: 3 };
  return { beforeAisle: 2, width: 4 };
}

/**
 * Draws each deck as a grid, every seat at the row and column the server gives it (the aisle is a
 * column of its own). A server without positions gets seats laid out row by row from the layout.
 */
function drawBus(route: RouteView, seats: SeatEntry[]): void {
  const { beforeAisle, width } = rowShape(route.layout);
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
    const button = document.createElement('button');
    button.className = `seat ${seat.status}${seat.seatNumber === selectedSeat ? ' selected' : ''}`;
    button.textContent = String(seat.seatNumber);
    button.dataset.seat = String(seat.seatNumber);
    button.dataset.status = seat.status;
    button.title = `Seat ${seat.seatNumber}: ${seat.status}${seat.gender ? ` (${seat.gender})` : ''}`;
    button.disabled = seat.status !== 'available';
    button.style.gridRow = String(row);
    button.style.gridColumn = String(column > beforeAisle ? column + 1 : column);
    button.addEventListener('click', () => selectSeat(seat.seatNumber));
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
