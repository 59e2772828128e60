import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import {
  cspViolationsOf,
  describeWithChromium,
  launchChromium,
} from '../../../packages/seat-map/src/test-support/chromium';
import {
  startFrameworkExample,
  type FrameworkExample,
} from '../../../packages/seat-map/src/test-support/framework-example';

const seat = (page: Page, seatNumber: number, status?: string) =>
  page.locator(`booking-seat-map [data-seat="${seatNumber}"]${status ? `[data-status="${status}"]` : ''}`);

describeWithChromium('the Vue example in headless Chromium', () => {
  let example: FrameworkExample;
  let browser: BrowserContext;

  beforeAll(async () => {
    example = await startFrameworkExample(resolve(__dirname, '../build.mjs'));
    browser = await launchChromium(example.profileDir);
    // A step that never comes fails in 10 s, naming what it waited for, before jest's own timeout.
    browser.setDefaultTimeout(10_000);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await example?.close();
  }, 30_000);

  it('draws the map; a clicked seat is held, and the app shows what the element told it and books it', async () => {
    const page = await browser.newPage();
    await page.goto(example.pageUrl);
    await seat(page, example.route.seatCount).waitFor();
    await page.getByLabel('Customer token').fill(example.customerToken);

    await seat(page, 12).click();
    await seat(page, 12, 'mine').waitFor();
    // The app's own summary, from `seat-select` and `hold-change`.
    await page.getByText('You chose seat 12.').waitFor();
    await page.getByText('Seat 12 is held for you until').waitFor();

    await page.getByLabel('Passenger name').fill('Ayse Yilmaz');
    await page.getByRole('button', { name: 'Book seat 12' }).click();
    // From `booking-complete`; `hold-change` with no hold took the held line away.
    const booked = page.getByText(/^Booked: PNR /);
    await booked.waitFor();
    await page.getByText('is held for you').waitFor({ state: 'detached' });
    await seat(page, 12, 'reserved').waitFor();
    const pnr = /^Booked: PNR (\S+)\.$/.exec((await booked.textContent()) ?? '')?.[1];
    const { tickets } = (await example.server.services.tickets.list(example.customer, {}))._unsafeUnwrap();
    expect(tickets).toMatchObject([{ seatNumber: 12, pnrNumber: pnr, passengerName: 'Ayse Yilmaz' }]);

    expect(await cspViolationsOf(page)).toEqual([]);
  });
});
