import { afterEach, describe, expect, it } from '@jest/globals';
import { cryptoIdGenerator, PNR_LENGTH, systemClock } from './adapters';

describe('the real clock', () => {
  it('tells the time of the system', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe('cryptoIdGenerator', () => {
  const real = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  afterEach(() => {
    if (real) Object.defineProperty(globalThis, 'crypto', real);
  });

  it('draws v4 UUIDs', () => {
    const ids = Array.from({ length: 20 }, () => cryptoIdGenerator.uuid());
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('draws 10-character PNRs without the look-alikes 0, O, 1 and I, using the whole alphabet', () => {
    const pnrs = Array.from({ length: 200 }, () => cryptoIdGenerator.pnr());
    expect(PNR_LENGTH).toBe(10);
    for (const pnr of pnrs) expect(pnr).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    // 2,000 draws from 32 symbols: every symbol turns up (missing one has odds below 1e-26).
    expect(new Set(pnrs.join('')).size).toBe(32);
  });

  it('refuses to draw without Web Crypto rather than fall back to a weak source', () => {
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    expect(() => cryptoIdGenerator.uuid()).toThrow('Web Crypto (globalThis.crypto) is required');
    expect(() => cryptoIdGenerator.pnr()).toThrow('Web Crypto (globalThis.crypto) is required');
  });
});
