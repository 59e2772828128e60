import { expect } from '@jest/globals';
import fc from 'fast-check';
import {
  brotliCompressSync,
  brotliDecompressSync,
  deflateSync,
  gunzipSync,
  gzipSync,
  inflateSync,
} from 'node:zlib';
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

const charOf = (min: number, max: number) =>
  fc.integer({ min, max }).map((code) => String.fromCharCode(code));

/**
 * One character as a hostile client sends it: any code point, and often a control character (C0,
 * DEL, C1) or half of a surrogate pair, which no generator of fast-check makes on its own.
 */
const hostileCharacter = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  charOf(0x00, 0x1f),
  charOf(0x7f, 0x9f),
  charOf(0xd800, 0xdfff),
);

/** Text with control characters and lone surrogates mixed in (and sometimes none). */
export const hostileText = (maxLength: number) =>
  fc.oneof(fc.string({ maxLength }), fc.string({ unit: hostileCharacter, maxLength }));

/** Strings with letters in any case: ids must mean the same thing in each. */
export const anyCase = (text: string) =>
  fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((upper) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));

export const arbitraryJson = fc.jsonValue().filter((value) => !isEmptyObject(value));
export const rawText = fc
  .oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    hostileText(200),
    fc.json().map((json) => json.slice(0, -1)),
  )
  .filter((text) => !parsesToEmptyObject(text));

const ENCODERS: Record<string, (data: Buffer) => Buffer> = {
  gzip: gzipSync,
  deflate: deflateSync,
  br: brotliCompressSync,
};
const DECODERS: Record<string, (data: Buffer) => Buffer> = {
  gzip: gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
  identity: (data) => data,
};

/** True for bytes the action endpoints would take as no body or `{}` (a few random bytes are valid brotli). */
function decodesToEmptyObject(bytes: Uint8Array, encoding: string | undefined): boolean {
  const decode = DECODERS[encoding ?? 'identity'];
  if (!decode) return false;
  try {
    return parsesToEmptyObject(new TextDecoder().decode(decode(Buffer.from(bytes))));
  } catch {
    return false;
  }
}

/**
 * Bodies as bytes, with a Content-Encoding header or none: bytes that are often not UTF-8, JSON
 * compressed with the coding it claims, plain bytes claiming a coding, and codings not supported.
 */
export const rawBodies = fc
  .oneof(
    fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ bytes, encoding: undefined as string | undefined })),
    fc.record({
      bytes: fc.uint8Array({ maxLength: 300 }),
      encoding: fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'zstd', 'gzip, br'),
    }),
    fc.tuple(arbitraryJson, fc.constantFrom(...Object.keys(ENCODERS))).map(([json, encoding]) => ({
      bytes: (ENCODERS[encoding] as (data: Buffer) => Buffer)(Buffer.from(JSON.stringify(json))),
      encoding,
    })),
  )
  .filter(({ bytes, encoding }) => !decodesToEmptyObject(bytes, encoding));

export function expectRefused(answer: Answer): void {
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(answer.status).toBeLessThan(500);
  expect(errorCode(answer)).toEqual(expect.any(String));
}

/**
 * Sends arbitrary JSON, then raw text, then raw bytes with and without a Content-Encoding, to one
 * endpoint: every answer is a 4xx with a code, and no data changes.
 */
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
  await fc.assert(
    fc.asyncProperty(rawBodies, async ({ bytes, encoding }) => {
      const headers = {
        'Content-Type': 'application/json',
        ...(encoding ? { 'Content-Encoding': encoding } : {}),
      };
      expectRefused(await api.request('POST', path, { token, rawBody: bytes, headers }));
    }),
    { numRuns: RAW_RUNS },
  );
  expect(snapshot(api.booking)).toBe(before);
}
