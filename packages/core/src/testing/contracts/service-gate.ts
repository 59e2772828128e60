import { describe, it } from './jest-globals';

// The core compiles without Node or DOM types; jest always has a console.
const log = (globalThis as unknown as { console: { log(message: string): void } }).console;

/**
 * Describes a suite that needs a real service (PostgreSQL, Redis) at the URL in `env[variable]`.
 * Without it the suite is skipped with the reason printed, unless `BOOKING_REQUIRE_SERVICES=true`
 * (CI sets it), where the missing service fails the run instead of silently skipping.
 */
export function describeWithService(
  variable: 'DATABASE_URL' | 'REDIS_URL',
  env: Record<string, string | undefined>,
  title: string,
  body: (url: string) => void,
): void {
  const url = env[variable];
  if (url) {
    describe(title, () => body(url));
    return;
  }
  if (env.BOOKING_REQUIRE_SERVICES === 'true') {
    describe(title, () => {
      it(`needs ${variable}`, () => {
        throw new Error(
          `${variable} is not set, but BOOKING_REQUIRE_SERVICES=true requires this suite to run`,
        );
      });
    });
    return;
  }
  log.log(`Skipping "${title}": set ${variable} to run it.`);
  describe.skip(title, () => body(''));
}
