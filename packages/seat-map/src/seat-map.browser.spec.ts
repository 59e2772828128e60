import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createJwtAuth } from '@booking/auth';
import type { Route } from '@booking/core';
import type { RunningServer } from '@booking/server';
import type { BrowserContext, Page } from 'playwright-core';
import { bookAtCounter, createRouteWithSales, staff, startTestServer } from './test-support/booking-server';
import { cspViolationsOf, describeWithChromium, launchChromium } from './test-support/chromium';
import {
  eventsOf,
  LIVE_WITHIN_MS,
  recordEvents,
  seat,
  statusShown,
  textShown,
} from './test-support/element-page';
import { startHostPage, type HostPage } from './test-support/host-page';

const IMAGES = resolve(__dirname, '../../../docs/images');
const ARTIFACTS = resolve(__dirname, '../../../artifacts');
const message = (page: Page) => page.locator('booking-seat-map [part="message"]');
/** Whether the seat has the focus inside the element's shadow root. */
const isFocused = (page: Page, seatNumber: number) =>
  seat(page, seatNumber).evaluate((cell) => (cell.getRootNode() as ShadowRoot).activeElement === cell);

describeWithChromium('<booking-seat-map> in headless Chromium', () => {
  let server: RunningServer;
  let host: HostPage;
  let browser: BrowserContext;
  let route: Route;
  let token: string;
  let bundle: string;
  let jwtSecret: string;
  const dirs: string[] = [];
  const pages: Page[] = [];
  const servers: RunningServer[] = [];
  const hosts: HostPage[] = [];

  /** A booking server on its own embedded database; `env` adds settings. */
  async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
    const started = await startTestServer(jwtSecret, dirs, env);
    servers.push(started);
    return started;
  }

  /** A host page (its own origin) for the element on `on`; axe-core may be injected into it. */
  async function startHost(on: RunningServer): Promise<HostPage> {
    const axe = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
    const started = await startHostPage(bundle, on.url, [axe]);
    hosts.push(started);
    return started;
  }

  beforeAll(async () => {
    const work = await mkdtemp(join(tmpdir(), 'booking-seat-map-'));
    dirs.push(work);
    // The bundle a page loads, built from the sources now.
    bundle = join(work, 'booking-seat-map.js');
    execFileSync(process.execPath, [resolve(__dirname, '../bundle.mjs'), bundle]);
    jwtSecret = randomBytes(32).toString('hex');
    server = await startServer();
    token = await createJwtAuth({ secret: jwtSecret }).sign({
      userId: 'seat-map-customer',
      role: 'customer',
    });
    route = await createRouteWithSales(server);
    host = await startHost(server);
    browser = await launchChromium(join(work, 'profile'));
  }, 90_000);

  // Every page worked under the host's Content-Security-Policy: nothing the element needed was refused.
  afterEach(async () => {
    for (const page of pages.splice(0)) {
      expect(await cspViolationsOf(page)).toEqual([]);
      await page.close();
    }
  });

  afterAll(async () => {
    await browser?.close();
    for (const started of hosts) await started.close();
    for (const started of servers) await started.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }, 30_000);

  /** A host page with the element on the route; `query` adds attributes (and `doc-lang`). */
  async function openPage(
    query: Record<string, string> = {},
    withToken = true,
    on: { host: HostPage; route: Route } = { host, route },
  ): Promise<Page> {
    const page = await browser.newPage();
    pages.push(page);
    const search = new URLSearchParams({ route: on.route.id, currency: 'TRY', ...query });
    await page.goto(`${on.host.url}/?${search}`);
    await seat(page, on.route.seatCount).waitFor();
    if (withToken)
      await page
        .locator('booking-seat-map')
        .evaluate((el, t) => ((el as never as { token: string }).token = t), token);
    return page;
  }

  it('has no WCAG 2.2 AA violations axe-core can find, idle and with a seat held', async () => {
    const page = await openPage();
    await page.addScriptTag({ content: await readFile(require.resolve('axe-core/axe.min.js'), 'utf8') });
    const violations = () =>
      page.evaluate(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] })
        .then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`);
    expect(await violations()).toEqual([]);
    await seat(page, 3).click();
    await statusShown(page, 3, 'mine');
    await textShown(page, 'booking-seat-map [part="timer"]', ':');
    expect(await violations()).toEqual([]);
    await page
      .locator('booking-seat-map')
      .evaluate((el) => (el as HTMLElementTagNameMap['booking-seat-map']).release());
    await statusShown(page, 3, 'available');
  });

  it('moves with the arrow keys, holds with Enter, and another page sees the seat held', async () => {
    const [page, other] = [await openPage(), await openPage({}, false)];
    await recordEvents(page);
    // One tab stop for the deck: its first seat, then the arrows move across rows and columns.
    await page.keyboard.press('Tab');
    expect(await isFocused(page, 1)).toBe(true);
    expect(await seat(page, 1).getAttribute('aria-label')).toBe('Seat 1, window, sold');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await isFocused(page, 9)).toBe(true);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await isFocused(page, 11)).toBe(true);
    expect(await seat(page, 11).getAttribute('aria-label')).toBe(
      'Seat 11, aisle, available, TRY\u00a0450.00',
    );
    await page.keyboard.press('ArrowLeft');
    expect(await isFocused(page, 10)).toBe(true);
    expect(await seat(page, 10).getAttribute('tabindex')).toBe('0');
    expect(await seat(page, 1).getAttribute('tabindex')).toBe('-1');
    await page.keyboard.press('Enter');
    await statusShown(page, 10, 'mine');
    await statusShown(other, 10, 'held');
    expect(await seat(page, 10).getAttribute('aria-label')).toBe(
      'Seat 10, aisle, held by you, TRY\u00a0450.00',
    );
    expect(await seat(page, 10).getAttribute('aria-selected')).toBe('true');
    await textShown(page, 'booking-seat-map [part="message"]', 'Seat 10 held for you for 5 minutes.');
    expect(await page.locator('booking-seat-map [part="timer"]').getAttribute('role')).toBe('timer');
    // The host books the hold with the passenger's name; the other page sees it reserved.
    const booking = await page
      .locator('booking-seat-map')
      .evaluate((el) =>
        (el as HTMLElementTagNameMap['booking-seat-map']).book([
          { seatNumber: 10, passengerName: 'Grace Hopper', gender: 'female' },
        ]),
      );
    expect(booking.tickets.map((t) => [t.seatNumber, t.status])).toEqual([[10, 'reserved']]);
    await statusShown(other, 10, 'reserved');
    await statusShown(page, 10, 'reserved');
    const events = await eventsOf(page);
    expect(events.map((e) => e.type)).toEqual([
      'seat-select',
      'hold-change',
      'hold-change',
      'booking-complete',
    ]);
    expect(events[0]?.detail).toEqual({ seatNumber: 10, price: 450 });
    expect((events[1]?.detail.hold as { seatNumbers: number[] }).seatNumbers).toEqual([10]);
    expect(events[2]?.detail).toEqual({ hold: null });
    expect(events[3]?.detail.pnrNumber).toBe(booking.pnrNumber);
  }, 30_000);

  it('announces a change to the seat in focus: a seat taken elsewhere', async () => {
    const page = await openPage();
    await textShown(page, 'booking-seat-map [part="connection"]', 'Live');
    await page.keyboard.press('Tab');
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight'])
      await page.keyboard.press(key);
    expect(await isFocused(page, 15)).toBe(true);
    await bookAtCounter(server, route, 15);
    await statusShown(page, 15, 'confirmed');
    expect(await message(page).textContent()).toBe('Seat 15 was just taken.');
    expect(await message(page).getAttribute('aria-live')).toBe('polite');
    expect(await seat(page, 15).getAttribute('aria-label')).toBe('Seat 15, aisle, sold');
    expect(await isFocused(page, 15)).toBe(true);
  });

  it('says "Reconnecting…" while the connection is lost, and "Live" again once it is back', async () => {
    const page = await openPage();
    const connection = page.locator('booking-seat-map [part="connection"]');
    await textShown(page, 'booking-seat-map [part="connection"]', 'Live');
    expect(await connection.getAttribute('role')).toBe('status');
    await page.context().setOffline(true);
    try {
      await page.locator('booking-seat-map [part="connection"][data-state="reconnecting"]').waitFor();
      expect(await connection.textContent()).toBe('Reconnecting…');
      // A seat sold meanwhile shows once the map is live again (the client replays what it missed).
      await bookAtCounter(server, route, 36);
    } finally {
      await page.context().setOffline(false);
    }
    await page
      .locator('booking-seat-map [part="connection"][data-state="live"]')
      .waitFor({ timeout: 15_000 });
    await page
      .locator('booking-seat-map [data-seat="36"][data-status="confirmed"]')
      .waitFor({ timeout: 5000 });
  }, 30_000);

  it('takes a chosen seat back with a clear message when someone else took it first', async () => {
    const page = await openPage();
    // The hold request waits while a counter sale takes seat 16 (as a slower network would).
    let letThrough: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (letThrough = resolve));
    await page.route('**/holds', async (request) => {
      await gate;
      await request.continue();
    });
    await seat(page, 16).click();
    await statusShown(page, 16, 'mine');
    await bookAtCounter(server, route, 16);
    letThrough();
    await statusShown(page, 16, 'confirmed');
    await textShown(page, 'booking-seat-map [part="message"]', 'Seat 16 was just taken; pick another.');
    expect(await page.locator('booking-seat-map [part="hold"]').isHidden()).toBe(true);
    await page.unroute('**/holds');
  });

  it('leaves the choice to the host when it cancels seat-select, and asks to sign in without a token', async () => {
    const page = await openPage({}, false);
    let holdRequests = 0;
    page.on('request', (request) => {
      if (request.url().endsWith('/holds')) holdRequests += 1;
    });
    await page
      .locator('booking-seat-map')
      .evaluate((el) =>
        el.addEventListener('seat-select', (event) => event.preventDefault(), { once: true }),
      );
    await seat(page, 7).click();
    expect(await seat(page, 7).getAttribute('data-status')).toBe('available');
    // No token: the server refuses the hold, and the passenger is told what to do.
    await seat(page, 7).click();
    await textShown(page, 'booking-seat-map [part="message"]', 'Sign in to hold a seat.');
    await statusShown(page, 7, 'available');
    expect(holdRequests).toBe(1);
  });

  it('draws two decks as two grids, the aisle between the seat columns', async () => {
    const coach = (
      await server.services.routes.create(staff, {
        fromCity: 'Izmir',
        toCity: 'Antalya',
        departureAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
        seatCount: 12,
        price: 300,
        layout: '2+1',
        decks: 2,
      })
    )._unsafeUnwrap();
    const page = await browser.newPage();
    pages.push(page);
    await page.goto(`${host.url}/?${new URLSearchParams({ route: coach.id })}`);
    await seat(page, 12).waitFor();
    const grids = page.locator('booking-seat-map [role="grid"]');
    expect(await grids.count()).toBe(2);
    expect(await page.locator('booking-seat-map [part="deck-name"]').allTextContents()).toEqual([
      'Lower deck',
      'Upper deck',
    ]);
    expect(await grids.nth(1).locator('[data-seat]').first().getAttribute('data-seat')).toBe('7');
    // Seat 3 is the window seat right of the aisle: its CSS column comes after the aisle's.
    const column = (n: number) => seat(page, n).evaluate((cell) => getComputedStyle(cell).gridColumnStart);
    expect([await column(1), await column(2), await column(3)]).toEqual(['1', '2', '4']);
    expect(await seat(page, 3).getAttribute('aria-label')).toBe('Seat 3, window, available, €300.00');
  });

  it('speaks Turkish with lang="tr", and takes the page language when it has none', async () => {
    const page = await openPage({ lang: 'tr' });
    expect(await seat(page, 12).getAttribute('aria-label')).toBe('Koltuk 12, cam kenarı, boş, ₺450,00');
    expect(await seat(page, 2).getAttribute('aria-label')).toBe('Koltuk 2, koridor, satıldı');
    await textShown(page, 'booking-seat-map [part="connection"]', 'Canlı');
    await textShown(page, 'booking-seat-map [part="route"]', 'koltuk başına ₺450,00');
    const fromPage = await openPage({ 'doc-lang': 'tr-TR' });
    expect(await seat(fromPage, 12).getAttribute('aria-label')).toBe('Koltuk 12, cam kenarı, boş, ₺450,00');
    // Changing the attribute speaks the new language at once.
    await page.locator('booking-seat-map').evaluate((el) => el.setAttribute('lang', 'en'));
    expect(await seat(page, 12).getAttribute('aria-label')).toBe(
      'Seat 12, window, available, TRY\u00a0450.00',
    );
  });

  it('fits a 360-pixel phone with 44-pixel seats; the screenshot at 360 pixels', async () => {
    await mkdir(IMAGES, { recursive: true });
    const page = await openPage();
    await seat(page, 20).click();
    await statusShown(page, 20, 'mine');
    await textShown(page, 'booking-seat-map [part="timer"]', ':');
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    for (const seatNumber of [1, 20, 40]) {
      const box = await seat(page, seatNumber).boundingBox();
      expect(box?.width).toBeGreaterThanOrEqual(44);
      expect(box?.height).toBeGreaterThanOrEqual(44);
    }
    await page.screenshot({ path: join(IMAGES, 'seat-map-component-360.png'), fullPage: true });
    // Choosing your own seat again (Enter on it) lets it go.
    await seat(page, 20).focus();
    await page.keyboard.press('Enter');
    await textShown(page, 'booking-seat-map [part="message"]', 'You released seat 20.');
    await statusShown(page, 20, 'available');
  });

  /** A REST call of an admin, as the back office makes it. */
  async function asAdmin(method: string, path: string, body: unknown) {
    const adminToken = await createJwtAuth({ secret: jwtSecret }).sign(staff);
    return fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  it('says a moved departure with its new time, and a cancelled one at once (in Turkish too); then no seat can be chosen', async () => {
    const fresh = await createRouteWithSales(server);
    const on = { host, route: fresh };
    const [page, turkish] = [await openPage({}, true, on), await openPage({ lang: 'tr' }, true, on)];
    await recordEvents(page);
    const later = new Date(Date.parse(fresh.departureAt) + 90 * 60_000).toISOString();
    expect((await asAdmin('PATCH', `/routes/${fresh.id}`, { departureAt: later })).status).toBe(200);
    await textShown(page, 'booking-seat-map [part="message"]', 'The departure has moved. New departure: ');
    await textShown(page, 'booking-seat-map [part="route"]', '(was ');
    await textShown(turkish, 'booking-seat-map [part="message"]', 'Kalkış saati değişti. Yeni kalkış: ');

    // This page holds seat 9 when an admin cancels the departure.
    await seat(page, 9).click();
    await textShown(page, 'booking-seat-map [part="message"]', 'Seat 9 held for you');
    const cancelled = await asAdmin('POST', `/routes/${fresh.id}/cancel`, { reason: 'Snow closed the pass' });
    expect(cancelled.status).toBe(200);
    const said = 'This departure is cancelled: Snow closed the pass. Seats can no longer be held or booked.';
    await page
      .locator('booking-seat-map [part="message"]', { hasText: said })
      .waitFor({ timeout: LIVE_WITHIN_MS });
    expect(await message(page).getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('booking-seat-map [part="banner"]').textContent()).toBe(said);
    await textShown(page, 'booking-seat-map [part="route"]', 'Cancelled');
    await textShown(
      turkish,
      'booking-seat-map [part="message"]',
      'Sefer iptal edildi: Snow closed the pass. Artık koltuk ayrılamaz ve satın alınamaz.',
    );
    // The hold ended with the departure; the seats its tickets held are free, yet none can be chosen.
    expect(await page.locator('booking-seat-map [part="hold"]').isHidden()).toBe(true);
    await statusShown(page, 9, 'available');
    await statusShown(page, 1, 'available');
    expect(await page.locator('booking-seat-map [data-seat][aria-disabled="false"]').count()).toBe(0);
    expect(await seat(page, 10).getAttribute('aria-label')).toBe('Seat 10, aisle, available');
    let holdRequests = 0;
    page.on('request', (request) => {
      if (request.url().endsWith('/holds')) holdRequests += 1;
    });
    // Playwright would wait for an aria-disabled seat to be enabled: the click is forced, as a user's is.
    await seat(page, 10).click({ force: true });
    await seat(page, 10).focus();
    await page.keyboard.press('Enter');
    expect(await seat(page, 10).getAttribute('data-status')).toBe('available');
    expect(await message(page).textContent()).toBe(said);
    expect(holdRequests).toBe(0);
    const events = await eventsOf(page);
    expect(events.filter((e) => e.type === 'departure-change').map((e) => e.detail.departure)).toEqual([
      { status: 'scheduled', departureAt: later },
      { status: 'cancelled', departureAt: later, reason: 'Snow closed the pass' },
    ]);
    expect(events.filter((e) => e.type === 'hold-change').at(-1)?.detail).toEqual({ hold: null });
    await mkdir(ARTIFACTS, { recursive: true });
    await page
      .locator('booking-seat-map')
      .screenshot({ path: join(ARTIFACTS, 'seat-map-component-cancelled.png') });
  }, 30_000);

  describe('with holds of two seconds', () => {
    let shortHolds: { host: HostPage; route: Route };
    beforeAll(async () => {
      const started = await startServer({ SEAT_HOLD_SECONDS: '2', SWEEP_INTERVAL_MS: '100' });
      shortHolds = { host: await startHost(started), route: await createRouteWithSales(started) };
    }, 60_000);

    it('counts down, then frees the seat and says the hold ran out', async () => {
      const page = await openPage({}, true, shortHolds);
      await recordEvents(page);
      await seat(page, 5).click();
      await statusShown(page, 5, 'mine');
      await textShown(page, 'booking-seat-map [part="timer"]', '0:0');
      // Two seconds of hold, then the server's next sweep frees it.
      await page
        .locator('booking-seat-map [data-seat="5"][data-status="available"]')
        .waitFor({ timeout: 2000 + 100 + LIVE_WITHIN_MS });
      await textShown(page, 'booking-seat-map [part="message"]', 'Your hold on seat 5 ran out');
      expect(await page.locator('booking-seat-map [part="hold"]').isHidden()).toBe(true);
      expect((await eventsOf(page)).map((e) => [e.type, e.detail.hold === null])).toEqual([
        ['seat-select', false],
        ['hold-change', false],
        ['hold-change', true],
      ]);
    }, 30_000);
  });
});
