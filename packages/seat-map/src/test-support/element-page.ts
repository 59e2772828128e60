import type { Page } from 'playwright-core';

/** How late a page may show a change made elsewhere (the live seat map's promise). */
export const LIVE_WITHIN_MS = 1000;

/** A seat of the page's <booking-seat-map> (locators pierce its open shadow root). */
export const seat = (page: Page, seatNumber: number) =>
  page.locator(`booking-seat-map [data-seat="${seatNumber}"]`);
/** One of the element's parts: `message` (its live region), `timer`, `hold`, `banner`, ... */
export const part = (page: Page, name: string) => page.locator(`booking-seat-map [part~="${name}"]`);
export const statusShown = (page: Page, seatNumber: number, status: string) =>
  page
    .locator(`booking-seat-map [data-seat="${seatNumber}"][data-status="${status}"]`)
    .waitFor({ timeout: LIVE_WITHIN_MS });
export const textShown = (page: Page, selector: string, text: string) =>
  page.locator(selector, { hasText: text }).first().waitFor({ timeout: 5000 });
/** Resolves once the element's live region says `text`. */
export const said = (page: Page, text: string) => textShown(page, 'booking-seat-map [part~="message"]', text);

/** The element on the page, as its own type (the test file has the DOM's types). */
export const mapOf = (page: Page) => page.locator('booking-seat-map');

/** Collects the element's events on the page (read back with `eventsOf`). */
export const recordEvents = (page: Page) =>
  mapOf(page).evaluate((el) => {
    const seen: { type: string; detail: unknown }[] = [];
    (window as never as { seatMapEvents: typeof seen }).seatMapEvents = seen;
    for (const type of ['seat-select', 'hold-change', 'booking-complete', 'departure-change'])
      el.addEventListener(type, (event) => seen.push({ type, detail: (event as CustomEvent).detail }));
  });
export const eventsOf = (page: Page) =>
  page.evaluate('window.seatMapEvents') as Promise<{ type: string; detail: Record<string, unknown> }[]>;
