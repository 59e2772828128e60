import { expect } from '@jest/globals';
import fc from 'fast-check';
import { errorCode, snapshot, type Answer, type Harness } from './harness';

export const JSON_RUNS = 500;
export const RAW_RUNS = 250;

/** Bodies that are empty objects are valid for the action endpoints (they take no body). */
const isEmptyObject = (value: unknown) =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;

const parsesToEmptyObject = (text: string) => {
  try {
    return text.trim() === '' || isEmptyObject(JSON.parse(text));
  } catch {
    return false;
  }
};

export const arbitraryJson = fc.jsonValue().filter((value) => !isEmptyObject(value));
export const rawText = fc
  .oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.json().map((json) => json.slice(0, -1)),
  )
  .filter((text) => !parsesToEmptyObject(text));

export function expectRefused(answer: Answer): void {
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(answer.status).toBeLessThan(500);
  expect(errorCode(answer)).toEqual(expect.any(String));
}

/** Sends arbitrary JSON, then raw text, to one endpoint: every answer is a 4xx with a code, and no data changes. */
export async function fuzzWriteEndpoint(api: Harness, path: string, token: string): Promise<void> {
  const before = snapshot(api.booking);
  await fc.assert(
    fc.asyncProperty(arbitraryJson, async (body) => {
      expectRefused(await api.request('POST', path, { token, body }));
    }),
    { numRuns: JSON_RUNS },
  );
  await fc.assert(
    fc.asyncProperty(rawText, async (text) => {
      const headers = { 'Content-Type': 'application/json' };
      expectRefused(await api.request('POST', path, { token, rawBody: text, headers }));
    }),
    { numRuns: RAW_RUNS },
  );
  expect(snapshot(api.booking)).toBe(before);
}
