import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Route } from '@booking/core';
import type { SeatMapView } from '@booking/protocol';
import { createBookingClient, type BookingClient, type BookingClientOptions } from './booking-client';
import { runSnippet, testedSnippets, type DocSnippet } from './test-support/doc-snippets';
import type { Socket } from 'socket.io';
import { WatchTestServer } from './test-support/watch-test-server';

/** The server's own defaults (WS_RATE_LIMIT_PER_SECOND, WS_RATE_LIMIT_BURST): a snippet must live with them. */
const SERVER_RATE_LIMIT = { perSecond: 20, burst: 40 };

type Seats = Map<number, string>;

/**
 * The error codes the server sends to the connections opened from now on (seen on the server, so
 * whatever client library a snippet uses cannot hide them).
 */
function serverErrors(server: WatchTestServer): { codes: string[]; stop: () => void } {
  const codes: string[] = [];
  const record = (socket: Socket) =>
    socket.onAnyOutgoing((event: string, payload: { code?: string }) => {
      if (event === 'error' && payload.code) codes.push(payload.code);
    });
  server.io.of('/seats').on('connection', record);
  return { codes, stop: () => server.io.of('/seats').off('connection', record) };
}

/** A snippet running in a stand-in page: what it shows, the errors its connection got, and unmounting. */
interface Mounted {
  seats(): Seats | undefined;
  errors: string[];
  unmount(): void;
}

const statuses = (map: { seats: { seatNumber: number; status: string }[] } | undefined): Seats | undefined =>
  map && new Map(map.seats.map((seat) => [seat.seatNumber, seat.status]));

/**
 * Runs a docs snippet against the server with stand-ins for the browser and the framework: React's
 * hooks run the effect once and keep the state, Vue's `shallowRef` is a plain holder. The real
 * `@booking/client` connects, with the options the snippet gives it.
 */
async function mountSnippet(
  snippet: DocSnippet,
  server: WatchTestServer,
  route: Route,
  segment: { fromCity?: string; toCity?: string } = {},
): Promise<Mounted> {
  const { codes: errors, stop: stopRecording } = serverErrors(server);
  const clients: BookingClient[] = [];
  const client = {
    createBookingClient(url: string, options?: BookingClientOptions): BookingClient {
      const created = createBookingClient(url, options);
      clients.push(created);
      return created;
    },
  };
  const search = new URLSearchParams({ route: route.id });
  if (segment.fromCity) search.set('from', segment.fromCity);
  if (segment.toCity) search.set('to', segment.toCity);
  const location = { origin: server.url, search: `?${search}` };
  const closeClients = () => clients.forEach((created) => created.close());

  if (snippet.language === 'ts') {
    const element = { textContent: '' };
    const document = { getElementById: (id: string) => (id === 'seats' ? element : null) };
    await runSnippet(
      snippet,
      { '@booking/client': client },
      { location, document, console: { warn: () => undefined } },
    );
    const seats = () =>
      element.textContent
        ? new Map(
            element.textContent
              .split(' ')
              .map((entry) => [Number(entry.split(':')[0]), entry.split(':')[1] ?? '']),
          )
        : undefined;
    return { seats, errors, unmount: () => (closeClients(), stopRecording()) };
  }
  if (snippet.language === 'tsx') {
    let state: SeatMapView | undefined;
    let cleanup: (() => void) | undefined;
    const react = {
      useState: () => [state, (next: SeatMapView) => (state = next)],
      useEffect: (effect: () => () => void) => (cleanup = effect()),
    };
    const jsxRuntime = { jsx: () => null, jsxs: () => null };
    const exported = await runSnippet(
      snippet,
      { react, 'react/jsx-runtime': jsxRuntime, '@booking/client': client },
      { location },
    );
    (exported['useSeatMap'] as (routeId: string, fromCity?: string, toCity?: string) => unknown)(
      route.id,
      segment.fromCity,
      segment.toCity,
    );
    return { seats: () => statuses(state), errors, unmount: () => (cleanup?.(), stopRecording()) };
  }
  if (snippet.language === 'vue') {
    const refs: { value: SeatMapView | undefined }[] = [];
    const unmountHooks: (() => void)[] = [];
    const vue = {
      shallowRef: (value: SeatMapView | undefined) => refs[refs.push({ value }) - 1],
      onBeforeUnmount: (hook: () => void) => unmountHooks.push(hook),
    };
    const props = { routeId: route.id, ...segment };
    await runSnippet(snippet, { vue, '@booking/client': client }, { location, defineProps: () => props });
    return {
      seats: () => statuses(refs[0]?.value),
      errors,
      unmount: () => (unmountHooks.forEach((hook) => hook()), stopRecording()),
    };
  }
  throw new Error(`${snippet.doc}:${snippet.line}: no stand-in page for ${snippet.language}`);
}

/** Resolves once the snippet shows exactly the server's seat map of the segment; else fails saying both. */
async function showsServerSeats(
  page: Mounted,
  server: WatchTestServer,
  route: Route,
  from?: number,
  to?: number,
) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const expected = statuses(await server.seatMap(route, from, to));
    const shown = page.seats();
    if (Date.now() > deadline) expect(shown).toEqual(expected);
    if (
      shown &&
      expected &&
      [...expected].every(([seat, status]) => shown.get(seat) === status) &&
      shown.size === expected.size
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const snippets = testedSnippets('websocket.md');

describe('the seat map snippets of docs/websocket.md, run against a /seats server', () => {
  let server: WatchTestServer;
  const mounted: Mounted[] = [];
  const mount = async (...args: Parameters<typeof mountSnippet>) => {
    const page = await mountSnippet(...args);
    mounted.push(page);
    return page;
  };
  beforeAll(async () => {
    server = await WatchTestServer.start(undefined, SERVER_RATE_LIMIT);
  });
  // Unmounts even after a failure, so no client outlives its test.
  afterEach(async () => {
    mounted.splice(0).forEach((page) => page.unmount());
    await server.clientsGone();
  });
  afterAll(async () => {
    await server.close();
  });

  it('marks the plain, React and Vue snippets as tested', () => {
    expect(snippets.map((snippet) => snippet.language)).toEqual(['ts', 'tsx', 'vue']);
  });

  describe.each(snippets.map((snippet) => [`${snippet.language} (line ${snippet.line})`, snippet] as const))(
    '%s',
    (_name, snippet) => {
      it('reconnects after the server closed every connection (a restart) and shows what changed since', async () => {
        const route = await server.createRoute();
        const page = await mount(snippet, server, route);
        await showsServerSeats(page, server, route);
        server.dropAllConnections(); // reason "io server disconnect" on the client
        await server.book(route, 3);
        await showsServerSeats(page, server, route);
        expect(page.seats()?.get(3)).toBe('reserved');
      });

      it('shows the seats of a segment right when tickets cover only part of the route', async () => {
        const route = await server.createRoute();
        const [a, b, c, d] = [0, 1, 2, 3];
        await server.book(route, 1, { from: a, to: b }); // before the segment
        const across = await server.book(route, 2, { from: a, to: c }); // overlaps it
        const page = await mount(snippet, server, route, {
          fromCity: route.stops[b],
          toCity: route.stops[d],
        });
        await showsServerSeats(page, server, route, b, d);
        await server.book(route, 5, { from: a, to: b }); // not on the segment: stays free
        const first = await server.book(route, 6, { from: b, to: c });
        await server.book(route, 6, { from: c, to: d }); // the same seat, the other half
        await server.cancel(first!); // one half freed: still taken on the segment
        await server.cancel(across!);
        await showsServerSeats(page, server, route, b, d);
        expect([1, 2, 5, 6].map((seat) => page.seats()?.get(seat))).toEqual([
          'available',
          'available',
          'available',
          'reserved',
        ]);
      });

      it('follows a burst of 100 events within the rate limit', async () => {
        const route = await server.createRoute(12);
        const page = await mount(snippet, server, route);
        await showsServerSeats(page, server, route);
        // Each sale is one event, each cancel two (seat_cancelled, seat_available).
        while ((await server.currentSequence(route)) < 100) {
          const tickets = await Promise.all([1, 2, 3, 4, 5, 6].map((seat) => server.book(route, seat)));
          for (const ticket of tickets) await server.cancel(ticket!);
        }
        await server.book(route, 7);
        await showsServerSeats(page, server, route);
        expect(page.errors).toEqual([]);
      });
    },
  );
});
