import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createJwtAuth } from '@booking/auth';
import type { Route } from '@booking/core';
import {
  chromium,
  type BrowserContext,
  type Page,
  type Response as PlaywrightResponse,
} from 'playwright-core';
import { startBookingServer, type RunningServer } from './booking-server';
import { parseConfig } from './config';
import { createLogger } from './logger';
import { DEFAULT_PAGE_DIR } from './seat-map-page';

/** Debian's chromium; the test never downloads a browser. `.ci/run` installs it with apt-get. */
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve(__dirname, '../../../artifacts');
const staff = { userId: 'browser-test-admin', role: 'admin' } as const;
/** How late the second page may show a change made on the first (the contract's live seat map). */
const LIVE_WITHIN_MS = 1000;

/** The page with Socket.IO's default transports (polling, then the upgrade), and with polling only. */
const TRANSPORTS: { name: string; query: string; websocket: boolean }[] = [
  { name: 'default transports', query: '', websocket: true },
  { name: 'long-polling only', query: '&transports=polling', websocket: false },
];
/** Records what the page's Content-Security-Policy refused (runs before the page's own script). */
const RECORD_VIOLATIONS = `window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) =>
  window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));`;

/** A seat of the page's <booking-seat-map> (locators pierce its open shadow root). */
const seat = (page: Page, seatNumber: number) => page.locator(`booking-seat-map [data-seat="${seatNumber}"]`);
/** The element's own parts: its live region, its countdown, its hold panel, its banner. */
const part = (page: Page, name: string) => page.locator(`booking-seat-map [part~="${name}"]`);

/** Resolves once the page shows the seat held by this page (at once after a click: no answer awaited). */
const heldByMe = (page: Page, seatNumber: number) =>
  page
    .locator(`booking-seat-map [data-seat="${seatNumber}"][data-status="mine"]`)
    .waitFor({ timeout: LIVE_WITHIN_MS });

/**
 * Resolves once the page shows the seat with this status. A locator, not `waitForFunction`: that
 * one evaluates its predicate with `eval`, which the page's Content-Security-Policy refuses.
 */
const statusShown = (page: Page, seatNumber: number, status: string) =>
  page
    .locator(`booking-seat-map [data-seat="${seatNumber}"][data-status="${status}"]`)
    .waitFor({ timeout: LIVE_WITHIN_MS });

/** Resolves once the element shows the text (the page updates it after an answer arrives). */
const textShown = (page: Page, selector: string, text: string) =>
  page.locator(selector, { hasText: text }).first().waitFor({ timeout: 5000 });

/** Resolves once the page has pre-filled the token field (read through the locator, no `eval`). */
async function tokenFilled(page: Page): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await page.locator('#token').inputValue()) === '') {
    if (Date.now() > deadline) throw new Error('the page did not pre-fill the token within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function describeWithChromium(title: string, body: () => void): void {
  if (existsSync(CHROMIUM)) return describe(title, body);
  if (process.env.BOOKING_REQUIRE_SERVICES === 'true') {
    return describe(title, () =>
      it('needs chromium', () => {
        throw new Error(
          `${CHROMIUM} is missing, but BOOKING_REQUIRE_SERVICES=true requires the browser test`,
        );
      }),
    );
  }
  console.log(`Skipping "${title}": ${CHROMIUM} is missing (apt-get install chromium to run it).`);
  describe.skip(title, body);
}

describeWithChromium('the seat-map page in headless Chromium', () => {
  let server: RunningServer;
  let browser: BrowserContext;
  const dirs: string[] = [];
  const pages: Page[] = [];
  const servers: RunningServer[] = [];
  /** Each server's JWT secret, for the admin's own REST calls. */
  const secrets = new Map<RunningServer, string>();

  /** A server on its own embedded database, with the page's development token; `env` adds settings. */
  async function startServer(env: Record<string, string>, tempDirs: string[]): Promise<RunningServer> {
    const dataDir = await mkdtemp(join(tmpdir(), 'booking-browser-db-'));
    tempDirs.push(dataDir);
    const config = parseConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SEED_SAMPLE_ROUTE: 'false',
      LOG_LEVEL: 'silent',
      ...env,
    })._unsafeUnwrap();
    // printTokens also serves /demo/config, which pre-fills the page's customer token.
    const jwtSecret = randomBytes(32).toString('hex');
    const started = await startBookingServer({ ...config, jwtSecret }, createLogger('silent'), {
      printTokens: true,
    });
    servers.push(started);
    secrets.set(started, jwtSecret);
    return started;
  }

  /** A REST call of an admin, as the back office makes it. */
  async function asAdmin(method: string, path: string, body: unknown, on: RunningServer = server) {
    const token = await createJwtAuth({ secret: secrets.get(on) as string }).sign(staff);
    return fetch(`${on.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  beforeAll(async () => {
    // `npm test` builds the page first; build it here too when the test runs on its own.
    if (!existsSync(join(DEFAULT_PAGE_DIR, 'main.js'))) {
      execFileSync(process.execPath, [resolve(__dirname, '../../../examples/seat-map/build.mjs')]);
    }
    const profile = await mkdtemp(join(tmpdir(), 'booking-browser-profile-'));
    dirs.push(profile);
    server = await startServer({}, dirs);
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1100, height: 820 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    await browser.addInitScript(RECORD_VIOLATIONS);
  }, 60_000);

  // Every page worked under its Content-Security-Policy: nothing it needed was refused.
  afterEach(async () => {
    for (const page of pages.splice(0)) {
      expect(await page.evaluate('window.cspViolations')).toEqual([]);
      await page.close();
    }
  });

  afterAll(async () => {
    await browser?.close();
    for (const running of servers) await running.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }, 30_000);

  /** Opens the page on a route; `websockets` collects the WebSocket connections it opens. */
  async function openPage(
    shown: Route,
    transportQuery = '',
    on: RunningServer = server,
  ): Promise<Page & { websockets: string[] }> {
    const page = await browser.newPage();
    const websockets: string[] = [];
    page.on('websocket', (socket) => websockets.push(socket.url()));
    pages.push(page);
    await page.goto(`${on.url}/?route=${shown.id}${transportQuery}`);
    // The page is ready once it pre-filled the token and drew the seats of the live map.
    await tokenFilled(page);
    await seat(page, shown.seatCount).waitFor();
    return Object.assign(page, { websockets });
  }

  it('draws a 2+1 bus on two decks: two seats, the aisle, one seat, row after row', async () => {
    const departure = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const coach = (
      await server.services.routes.create(staff, {
        fromCity: 'Izmir',
        toCity: 'Antalya',
        departureAt: departure,
        seatCount: 12,
        price: 300,
        layout: '2+1',
        decks: 2,
      })
    )._unsafeUnwrap();
    const page = await openPage(coach);
    // Where each seat sits: [deck, row, grid column]; column 3 is the aisle.
    const placeOf = async (seatNumber: number) => {
      const holding = (what: string) =>
        page.locator(`booking-seat-map ${what}:has([data-seat="${seatNumber}"])`);
      const style = (await seat(page, seatNumber).getAttribute('style')) ?? '';
      return [
        Number(await holding('[role="grid"]').getAttribute('data-deck')),
        Number(await holding('[role="row"]').getAttribute('aria-rowindex')),
        Number(/grid-column: (\d+)/.exec(style)?.[1]),
      ];
    };
    expect(await placeOf(1)).toEqual([1, 1, 1]);
    expect(await placeOf(2)).toEqual([1, 1, 2]);
    expect(await placeOf(3)).toEqual([1, 1, 4]);
    expect(await placeOf(4)).toEqual([1, 2, 1]);
    expect(await placeOf(6)).toEqual([1, 2, 4]);
    expect(await placeOf(7)).toEqual([2, 1, 1]);
    expect(await placeOf(12)).toEqual([2, 2, 4]);
    expect(await part(page, 'deck-name').count()).toBe(2);
    // The passenger picked is the element's: it shows the seats a seat rule refuses them.
    await page.locator('#gender').selectOption('female');
    expect(await page.locator('booking-seat-map').getAttribute('gender')).toBe('female');
    await textShown(page, 'booking-seat-map [part~="legend"]', 'blocked');
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'seat-map-2+1.png'), fullPage: true });
  });

  describe.each(TRANSPORTS)('with $name', ({ query, websocket }) => {
    let route: Route;
    beforeAll(async () => {
      route = await createRouteWithSales(server);
    });

    it('holds clicked seats at once, then books, pays and cancels them under one PNR; the other page shows each status within a second', async () => {
      const [booker, watcher] = [await openPage(route, query), await openPage(route, query)];
      expect(await seat(watcher, 1).getAttribute('data-status')).toBe('confirmed');
      expect(await seat(watcher, 9).getAttribute('data-status')).toBe('available');

      // A click holds seat 9: held by you on this page, held on the other.
      const holding = booker.waitForResponse(
        (r) => r.url().endsWith('/holds') && r.request().method() === 'POST',
      );
      await seat(booker, 9).click();
      await heldByMe(booker, 9);
      expect((await holding).status()).toBe(201);
      await statusShown(watcher, 9, 'held');
      await textShown(booker, 'booking-seat-map [part~="timer"]', ':');
      expect(await part(booker, 'timer').getAttribute('role')).toBe('timer');
      // Screen readers hear how long the hold runs (the visible countdown itself is not read out).
      await textShown(booker, 'booking-seat-map [part~="message"]', 'Seat 9 held for you for 5 minutes.');
      expect(await part(booker, 'message').getAttribute('aria-live')).toBe('polite');
      // A second seat for the group joins the first.
      await seat(booker, 10).click();
      await heldByMe(booker, 10);
      await statusShown(watcher, 10, 'held');
      await textShown(booker, 'booking-seat-map [part~="message"]', 'you now hold seats 9 and 10');
      await textShown(booker, '#selection', 'Seats 9, 10 held for you.');
      await mkdir(ARTIFACTS, { recursive: true });
      // README's picture of the page (docs/images/seat-map.png) is this one.
      await booker.screenshot({ path: join(ARTIFACTS, 'seat-map-hold.png'), fullPage: true });

      // The form asks for each held seat's passenger, and reserves both under one PNR.
      await booker.locator('#name-9').fill('Grace Hopper');
      await booker.locator('#gender-9').selectOption('female');
      await booker.locator('#name-10').fill('Alan Turing');
      await booker.locator('#gender-10').selectOption('male');
      const booked = booker.waitForResponse(
        (r) => r.url().endsWith('/tickets') && r.request().method() === 'POST',
      );
      await booker.click('#book-button');
      const bookAnswer = await booked;
      expect(bookAnswer.status()).toBe(201);
      const { tickets } = (await bookAnswer.json()) as {
        tickets: { seatNumber: number; pnrNumber: string }[];
      };
      expect(tickets.map((t) => t.seatNumber)).toEqual([9, 10]);
      expect(new Set(tickets.map((t) => t.pnrNumber)).size).toBe(1);
      for (const seatNumber of [9, 10]) {
        await statusShown(watcher, seatNumber, 'reserved');
        await statusShown(booker, seatNumber, 'reserved');
      }
      await textShown(booker, '#ticket-text', 'seat 9, 10 · reserved');
      await booker.screenshot({ path: join(ARTIFACTS, 'seat-map-booking.png') });

      // Pay with the test card: confirmed everywhere.
      const paid = booker.waitForResponse((r) => r.url().endsWith('/payments'));
      await booker.click('#pay button');
      expect((await paid).status()).toBe(201);
      await statusShown(watcher, 9, 'confirmed');
      await statusShown(watcher, 10, 'confirmed');
      await watcher.screenshot({ path: join(ARTIFACTS, 'seat-map-browser.png'), fullPage: true });

      // Cancel: the seat is free again on both pages.
      const cancelAnswers: PlaywrightResponse[] = [];
      booker.on('response', (r) => {
        if (r.url().endsWith('/cancel')) cancelAnswers.push(r);
      });
      await booker.click('#cancel');
      await textShown(booker, '#ticket-text', 'cancelled');
      expect(cancelAnswers.map((a) => a.status())).toEqual([200, 200]);
      // The paid tickets' refunds and the fees kept (which depend on the hours left before departure).
      const refunds = await Promise.all(
        cancelAnswers.map(
          async (a) => ((await a.json()) as { refund: { amount: number; fee: number } }).refund,
        ),
      );
      const sum = (pick: (r: { amount: number; fee: number }) => number) =>
        refunds.reduce((total, r) => total + Math.round(pick(r) * 100), 0) / 100;
      await textShown(
        booker,
        '#refund',
        `Refunded ${sum((r) => r.amount).toFixed(2)} EUR to your card${sum((r) => r.fee) > 0 ? `; cancellation fee ${sum((r) => r.fee).toFixed(2)} EUR` : ''}`,
      );
      for (const seatNumber of [9, 10]) {
        await statusShown(watcher, seatNumber, 'available');
        await statusShown(booker, seatNumber, 'available');
      }
      await textShown(booker, '#ticket-text', 'cancelled');
      await textShown(watcher, '#events li', 'seat 9 seat_available');
      // By now the default client has upgraded to a WebSocket; a polling-only one never opens one.
      for (const page of [booker, watcher]) {
        expect(page.websockets.some((url) => url.includes('/socket.io/'))).toBe(websocket);
      }
    }, 30_000);

    it('gives more time once, and frees a released seat on both pages', async () => {
      const [holder, watcher] = [await openPage(route, query), await openPage(route, query)];
      await seat(holder, 10).click();
      await heldByMe(holder, 10);
      await statusShown(watcher, 10, 'held');
      // More time, once: the button then goes.
      const extended = holder.waitForResponse((r) => r.url().endsWith('/extend'));
      await holder.getByRole('button', { name: 'More time' }).click();
      expect((await extended).status()).toBe(200);
      await textShown(holder, 'booking-seat-map [part~="message"]', 'Your hold runs until');
      expect(await holder.getByRole('button', { name: 'More time' }).isDisabled()).toBe(true);
      const released = holder.waitForResponse((r) => r.request().method() === 'DELETE');
      await holder.getByRole('button', { name: 'Release', exact: true }).click();
      expect((await released).status()).toBe(200);
      await statusShown(watcher, 10, 'available');
      await statusShown(holder, 10, 'available');
      await textShown(holder, 'booking-seat-map [part~="message"]', 'You released seat 10.');
      expect(await part(holder, 'hold').isHidden()).toBe(true);
      // With nothing held the page asks for no passenger.
      expect(await holder.locator('#book').isHidden()).toBe(true);
    });

    it('takes the click back with a clear message when someone else took the seat first', async () => {
      const page = await openPage(route, query);
      // The hold request waits while a counter sale takes seat 12 (as a slower network would).
      let letThrough: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (letThrough = resolve));
      await page.route('**/holds', async (request) => {
        await gate;
        await request.continue();
      });
      await seat(page, 12).click();
      await heldByMe(page, 12);
      await bookAtCounter(server, route, 12);
      letThrough();
      await statusShown(page, 12, 'confirmed');
      await textShown(page, 'booking-seat-map [part~="message"]', 'Seat 12 was just taken; pick another.');
      expect(await part(page, 'hold').isHidden()).toBe(true);
      expect(await page.locator('#book').isHidden()).toBe(true);
      await page.unroute('**/holds');
    });
  });

  it('shows a moved departure at its new time, then a cancellation at once: a banner, no seat takes a click', async () => {
    const route = await createRouteWithSales(server);
    const page = await openPage(route);
    await textShown(page, 'booking-seat-map [part~="route"]', 'Istanbul → Ankara');
    const later = new Date(Date.parse(route.departureAt) + 90 * 60_000).toISOString();
    expect((await asAdmin('PATCH', `/routes/${route.id}`, { departureAt: later })).status).toBe(200);
    await page
      .locator('booking-seat-map [part~="message"]', { hasText: 'The departure has moved. New departure: ' })
      .waitFor({ timeout: LIVE_WITHIN_MS });
    // The new time, with the one first announced.
    await textShown(page, 'booking-seat-map [part~="route"]', '(was ');
    await textShown(page, '#events li', 'departure moved to');

    // This page holds seat 9 when an admin cancels the departure.
    const holding = page.waitForResponse(
      (r) => r.url().endsWith('/holds') && r.request().method() === 'POST',
    );
    await seat(page, 9).click();
    expect((await holding).status()).toBe(201);
    await textShown(page, '#selection', 'Seat 9 held for you');
    const cancelled = await asAdmin('POST', `/routes/${route.id}/cancel`, { reason: 'Snow closed the pass' });
    expect(cancelled.status).toBe(200);
    const said = 'This departure is cancelled: Snow closed the pass. Seats can no longer be held or booked.';
    await page
      .locator('booking-seat-map [part~="banner"]', { hasText: said })
      .waitFor({ timeout: LIVE_WITHIN_MS });
    // Said at once in the element's live region, which also tells that the hold ended with it.
    expect(await part(page, 'message').textContent()).toBe(said);
    await textShown(page, '#events li', 'departure cancelled (Snow closed the pass)');
    await textShown(page, '#selection', 'This departure is cancelled: no seat can be held');
    expect(await page.locator('#route option:checked').textContent()).toContain('(cancelled)');
    expect(await part(page, 'hold').isHidden()).toBe(true);
    expect(await page.locator('#book').isHidden()).toBe(true);
    // Its tickets were cancelled, so the sold seats are free, yet no seat can be chosen.
    await statusShown(page, 1, 'available');
    await statusShown(page, 9, 'available');
    expect(await page.locator('booking-seat-map [data-seat][aria-disabled="false"]').count()).toBe(0);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'seat-map-cancelled.png') });
  }, 30_000);

  describe('with holds of two seconds', () => {
    let shortHolds: RunningServer;
    let route: Route;
    beforeAll(async () => {
      shortHolds = await startServer({ SEAT_HOLD_SECONDS: '2', SWEEP_INTERVAL_MS: '100' }, dirs);
      route = await createRouteWithSales(shortHolds);
    }, 60_000);

    it('frees a seat on both pages when its hold runs out', async () => {
      const [holder, watcher] = [
        await openPage(route, '', shortHolds),
        await openPage(route, '', shortHolds),
      ];
      await seat(holder, 5).click();
      await heldByMe(holder, 5);
      await statusShown(watcher, 5, 'held');
      // Two seconds of hold, then the next sweep frees it.
      const expiry = { timeout: 2000 + 100 + LIVE_WITHIN_MS };
      await holder.locator('booking-seat-map [data-seat="5"][data-status="available"]').waitFor(expiry);
      await watcher.locator('booking-seat-map [data-seat="5"][data-status="available"]').waitFor(expiry);
      await textShown(holder, 'booking-seat-map [part~="message"]', 'Your hold on seat 5 ran out');
      expect(await holder.locator('#book').isHidden()).toBe(true);
      await textShown(watcher, '#events li', 'seat 5 seat_released (hold_expired)');
    }, 30_000);
  });
});

/** A 40-seat 2+2 bus with a few seats already sold, so the map shows every status. */
async function createRouteWithSales(server: RunningServer): Promise<Route> {
  const departure = new Date(Date.now() + 86_400_000);
  departure.setUTCHours(9, 0, 0, 0);
  const route = (
    await server.services.routes.create(staff, {
      fromCity: 'Istanbul',
      toCity: 'Ankara',
      stations: ['Izmit', 'Bolu'],
      departureAt: departure.toISOString(),
      seatCount: 40,
      price: 450,
      layout: '2+2',
    })
  )._unsafeUnwrap();
  for (const seatNumber of [1, 2, 6, 15, 22, 23, 31]) await bookAtCounter(server, route, seatNumber);
  for (const seatNumber of [4, 18, 27]) {
    const held = await server.services.tickets.reserve(
      { userId: 'someone', role: 'customer' },
      { routeId: route.id, seatNumber, passengerName: 'A. Traveller', gender: 'male' },
    );
    held._unsafeUnwrap();
  }
  const suspended = await bookAtCounter(server, route, 35);
  (await server.services.tickets.suspend(staff, suspended.id))._unsafeUnwrap();
  return route;
}

async function bookAtCounter(server: RunningServer, route: Route, seatNumber: number) {
  const ticket = await server.services.tickets.reserve(staff, {
    routeId: route.id,
    seatNumber,
    passengerName: 'Counter Sale',
    gender: seatNumber % 2 === 0 ? 'female' : 'other',
  });
  return ticket._unsafeUnwrap();
}
