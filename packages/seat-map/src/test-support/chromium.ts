import { existsSync } from 'node:fs';
import { describe, it } from '@jest/globals';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium; the browser tests never download a browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** Keeps every Content-Security-Policy refusal of a page, for `cspViolationsOf`. */
const RECORD_VIOLATIONS = `window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) =>
  window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));`;

/** Skipped without Chromium, unless BOOKING_REQUIRE_SERVICES=true (CI), where that is a failure. */
export function describeWithChromium(title: string, body: () => void): void {
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
  describe.skip(title, body);
}

/** Headless Chromium with its profile in `profileDir`; its pages record CSP violations. */
export async function launchChromium(
  profileDir: string,
  viewport = { width: 1280, height: 900 },
): Promise<BrowserContext> {
  const browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  await browser.addInitScript(RECORD_VIOLATIONS);
  return browser;
}

/** What the page's Content-Security-Policy refused so far (directive and address). */
export const cspViolationsOf = (page: Page) => page.evaluate('window.cspViolations') as Promise<string[]>;
