import type * as JestGlobals from '@jest/globals';

/**
 * The suites run inside jest only. Reading jest's globals instead of importing `@jest/globals`
 * keeps `@booking/core/testing` loadable outside jest (the embed example runs its in-memory ports).
 */
const globals = globalThis as unknown as typeof JestGlobals;
export const describe: typeof JestGlobals.describe = globals.describe;
export const it: typeof JestGlobals.it = globals.it;
export const expect: typeof JestGlobals.expect = globals.expect;
export const beforeAll: typeof JestGlobals.beforeAll = globals.beforeAll;
export const afterAll: typeof JestGlobals.afterAll = globals.afterAll;
