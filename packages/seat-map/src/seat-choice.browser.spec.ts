import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals';
import { createJwtAuth } from '@booking/auth';
import type { Route } from '@booking/core';
import type { RunningServer } from '@booking/server';
import type { BrowserContext, Page } from 'playwright-core';
import { bookAtCounter, createRouteWithSales, startTestServer } from './test-support/booking-server';
import { cspViolationsOf, describeWithChromium, launchChromium } from './test-support/chromium';
import {
  eventsOf,
  mapOf,
  part,
  recordEvents,
  said,
  seat,
  statusShown,
  textShown,
} from './test-support/element-page';
import { startHostPage, type HostPage } from './test-support/host-page';

const IMAGES = resolve(__dirname, '../../../docs/images');
const ARTIFACTS = resolve(__dirname, '../../../artifacts');
const customer = { userId: 'seat-choice-customer', role: 'customer' } as const;
type SeatMapElement = HTMLElementTagNameMap['booking-seat-map'];

/**
 * Choosing seats with `<booking-seat-map>` on a server that separates women and men
 * (`SEAT_RULES=gender_adjacency`): several seats for one booking, and the seats a rule refuses.
 */
describeWithChromium('<booking-seat-map>: several seats, and seats a rule blocks', () => {
  let server: RunningServer;
  let host: HostPage;
  let browser: BrowserContext;
  let token: string;
  let axe: string;
  const dirs: string[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    const work = await mkdtemp(join(tmpdir(), 'booking-seat-choice-'));
    dirs.push(work);
    const bundle = join(work, 'booking-seat-map.js');
    execFileSync(process.execPath, [resolve(__dirname, '../bundle.mjs'), bundle]);
    const jwtSecret = randomBytes(32).toString('hex');
    server = await startTestServer(jwtSecret, dirs, { SEAT_RULES: 'gender_adjacency' });
    token = await createJwtAuth({ secret: jwtSecret }).sign(customer);
    axe = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
    host = await startHostPage(bundle, server.url, [axe]);
    browser = await launchChromium(join(work, 'profile'));
  }, 90_000);

  afterEach(async () => {
    for (const page of pages.splice(0)) {
      expect(await cspViolationsOf(page)).toEqual([]);
      await page.close();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await server?.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }, 30_000);

  /** A host page with the element on `route`; `attributes` adds attributes (and `doc-lang`). */
  async function openPage(route: Route, attributes: Record<string, string> = {}, withToken = true) {
    const page = await browser.newPage();
    pages.push(page);
    await page.goto(
      `${host.url}/?${new URLSearchParams({ route: route.id, currency: 'TRY', ...attributes })}`,
    );
    await seat(page, route.seatCount).waitFor();
    if (withToken) await mapOf(page).evaluate((el, t) => ((el as SeatMapElement).token = t), token);
    return page;
  }

  /** Counts the page's requests to hold seats from now on. */
  function holdRequests(page: Page): { count: number } {
    const seen = { count: 0 };
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/holds')) seen.count += 1;
    });
    return seen;
  }

  const heldSeats = (page: Page) => mapOf(page).evaluate((el) => (el as SeatMapElement).hold);

  it('holds each further seat beside those held, counts down to the first end, and books them all under one PNR', async () => {
    const route = await createRouteWithSales(server);
    const [page, other] = [await openPage(route), await openPage(route, {}, false)];
    await recordEvents(page);
    await seat(page, 9).click();
    await said(page, 'Seat 9 held for you for 5 minutes.');
    await seat(page, 10).click();
    await said(page, 'Seat 10 held for you too; you now hold seats 9 and 10.');
    await statusShown(page, 9, 'mine');
    await statusShown(page, 10, 'mine');
    await statusShown(other, 9, 'held');
    await statusShown(other, 10, 'held');
    expect(await part(page, 'hold-seat').textContent()).toBe('Seats 9 and 10');
    // Each seat on a hold of its own; the countdown runs to the one that ends first.
    const held = await heldSeats(page);
    expect(held?.seatNumbers).toEqual([9, 10]);
    expect(held?.holds.map((h) => h.seatNumbers)).toEqual([[9], [10]]);
    expect(held?.expiresAt).toBe([...(held?.holds ?? [])].map((h) => h.expiresAt).sort()[0]);
    const changes = (await eventsOf(page)).filter((e) => e.type === 'hold-change');
    expect(changes.map((e) => (e.detail.hold as { seatNumbers: number[] }).seatNumbers)).toEqual([
      [9],
      [9, 10],
    ]);

    // A passenger for each held seat, or nothing is booked.
    const mismatch = await mapOf(page).evaluate((el) =>
      (el as SeatMapElement)
        .book([{ seatNumber: 9, passengerName: 'Ayse Yilmaz', gender: 'female' }])
        .catch((error: { code: string; message: string }) => error),
    );
    expect(mismatch).toEqual({
      code: 'hold_mismatch',
      message: 'Name one passenger for each held seat: seats 9 and 10.',
    });
    expect((await heldSeats(page))?.seatNumbers).toEqual([9, 10]);

    // A woman and a man side by side: one booking (one PNR), so the seat rule lets them.
    const booking = await mapOf(page).evaluate((el) =>
      (el as SeatMapElement).book([
        { seatNumber: 10, passengerName: 'Mehmet Yilmaz', gender: 'male' },
        { seatNumber: 9, passengerName: 'Ayse Yilmaz', gender: 'female' },
      ]),
    );
    const bySeat = [...booking.tickets].sort((a, b) => a.seatNumber - b.seatNumber);
    expect(bySeat.map((t) => [t.seatNumber, t.passengerName, t.status, t.pnrNumber])).toEqual([
      [9, 'Ayse Yilmaz', 'reserved', booking.pnrNumber],
      [10, 'Mehmet Yilmaz', 'reserved', booking.pnrNumber],
    ]);
    await said(page, `Seats 9 and 10 booked, PNR ${booking.pnrNumber}.`);
    await statusShown(other, 9, 'reserved');
    await statusShown(other, 10, 'reserved');
    expect(await part(page, 'hold').isHidden()).toBe(true);
    const { tickets } = (await server.services.tickets.list(customer, {}))._unsafeUnwrap();
    expect(tickets.filter((t) => t.routeId === route.id).map((t) => t.pnrNumber)).toEqual([
      booking.pnrNumber,
      booking.pnrNumber,
    ]);
    expect((await eventsOf(page)).slice(-2).map((e) => e.type)).toEqual(['hold-change', 'booking-complete']);
  }, 30_000);

  it('keeps the seats held when another is refused, stops at max-seats, and lets one seat go', async () => {
    const route = await createRouteWithSales(server);
    const page = await openPage(route, { 'max-seats': '2' });
    await seat(page, 11).click();
    await statusShown(page, 11, 'mine');
    // The hold of seat 12 waits while a counter sale takes it (as a slower network would).
    let letThrough: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (letThrough = resolve));
    await page.route('**/holds', async (request) => {
      await gate;
      await request.continue();
    });
    await seat(page, 12).click();
    await statusShown(page, 12, 'mine');
    await bookAtCounter(server, route, 12);
    letThrough();
    await said(page, 'Seat 12 was just taken; pick another.');
    await statusShown(page, 12, 'confirmed');
    await page.unroute('**/holds');
    expect((await heldSeats(page))?.seatNumbers).toEqual([11]);
    await statusShown(page, 11, 'mine');

    await seat(page, 13).click();
    await said(page, 'you now hold seats 11 and 13');
    const requests = holdRequests(page);
    await seat(page, 14).click();
    await said(page, 'One booking takes at most 2 seats.');
    expect(await seat(page, 14).getAttribute('data-status')).toBe('available');
    expect(requests.count).toBe(0);

    // Choosing a held seat again lets that one go, and only that one.
    await seat(page, 11).click();
    await said(page, 'You released seat 11.');
    await statusShown(page, 11, 'available');
    expect((await heldSeats(page))?.seatNumbers).toEqual([13]);
    await mapOf(page).evaluate((el) => (el as SeatMapElement).release());
    await said(page, 'You released seat 13.');
  }, 30_000);

  it('books the seats left when one goes in the instant the holds are joined, and says which went', async () => {
    const route = await createRouteWithSales(server);
    const page = await openPage(route);
    await seat(page, 33).click();
    await statusShown(page, 33, 'mine');
    await seat(page, 34).click();
    await said(page, 'you now hold seats 33 and 34');
    // Between letting the two holds go and holding both seats at once, a counter sale takes 34.
    await page.route('**/holds', async (request) => {
      const body = request.request().postDataJSON() as { seatNumbers?: number[] } | null;
      if (body?.seatNumbers?.length === 2) await bookAtCounter(server, route, 34);
      await request.continue();
    });
    const refusal = await mapOf(page).evaluate((el) =>
      (el as SeatMapElement)
        .book([
          { seatNumber: 33, passengerName: 'Ayse Yilmaz', gender: 'female' },
          { seatNumber: 34, passengerName: 'Zeynep Yilmaz', gender: 'female' },
        ])
        .catch((error: { code: string }) => error.code),
    );
    expect(refusal).toBe('seat_unavailable');
    await said(page, 'Seat 34 was just taken; pick another.');
    await statusShown(page, 34, 'confirmed');
    await statusShown(page, 33, 'mine');
    expect((await heldSeats(page))?.seatNumbers).toEqual([33]);
    await page.unroute('**/holds');
  }, 30_000);

  it('shows the seats a seat rule refuses the passenger as blocked, live, named why in both languages', async () => {
    const route = await createRouteWithSales(server);
    // Men hold seats 4, 18 and 27 (reservations): their neighbours 3, 17 and 28 are blocked for a woman.
    const page = await openPage(route, { gender: 'female' });
    for (const seatNumber of [3, 17, 28]) await statusShown(page, seatNumber, 'blocked');
    expect(await seat(page, 3).getAttribute('aria-label')).toBe(
      'Seat 3, aisle, blocked: next to a passenger of another gender',
    );
    expect(await seat(page, 3).getAttribute('aria-disabled')).toBe('true');
    expect(await part(page, 'legend').textContent()).toContain('blocked');
    // Not choosable: the reason is said, and nothing is asked of the server.
    const requests = holdRequests(page);
    await seat(page, 3).click({ force: true });
    await said(page, 'Seat 3 cannot be chosen: next to a passenger of another gender.');
    expect(requests.count).toBe(0);
    expect(await seat(page, 3).getAttribute('data-status')).toBe('blocked');

    // A man buys seat 13 at the counter: its neighbour 14 is blocked at once, without a reload.
    await bookAtCounter(server, route, 13, 'male');
    await statusShown(page, 13, 'confirmed');
    await statusShown(page, 14, 'blocked');

    await page.addScriptTag({ content: axe });
    const violations =
      await page.evaluate(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] })
      .then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`);
    expect(violations).toEqual([]);

    const turkish = await openPage(route, { gender: 'female', lang: 'tr' });
    await statusShown(turkish, 14, 'blocked');
    expect(await seat(turkish, 14).getAttribute('aria-label')).toBe(
      'Koltuk 14, koridor, seçilemez: karşı cinsten bir yolcunun yanında',
    );
    await seat(turkish, 14).click({ force: true });
    await said(turkish, '14 numaralı koltuk seçilemez: karşı cinsten bir yolcunun yanında.');

    // Another passenger, another map: a man may sit there; no passenger, nothing blocked.
    await mapOf(page).evaluate((el) => ((el as SeatMapElement).gender = 'male'));
    await statusShown(page, 3, 'available');
    await statusShown(page, 14, 'available');
    await mapOf(page).evaluate((el) => ((el as SeatMapElement).gender = undefined));
    expect(await page.locator('booking-seat-map [data-status="blocked"]').count()).toBe(0);
    expect(await part(page, 'legend').textContent()).not.toContain('blocked');
  }, 30_000);

  it('shows a group held beside blocked seats: the screenshots at 1280 pixels, in colour and in greyscale', async () => {
    const route = await createRouteWithSales(server);
    const page = await openPage(route, { gender: 'female' });
    await statusShown(page, 3, 'blocked');
    await seat(page, 19).click();
    await statusShown(page, 19, 'mine');
    await seat(page, 20).click();
    await said(page, 'you now hold seats 19 and 20');
    await textShown(page, 'booking-seat-map [part~="timer"]', ':');
    await mkdir(IMAGES, { recursive: true });
    await mapOf(page).screenshot({ path: join(IMAGES, 'seat-map-component-1280.png') });
    // The same in greyscale (to look at: statuses must stay apart without colour).
    await mkdir(ARTIFACTS, { recursive: true });
    await mapOf(page).evaluate((el) => (el.style.filter = 'grayscale(1)'));
    await mapOf(page).screenshot({ path: join(ARTIFACTS, 'seat-map-component-grey.png') });
    await mapOf(page).evaluate((el) => (el as SeatMapElement).release());
    await said(page, 'You released seats 19 and 20.');
  }, 30_000);
});
