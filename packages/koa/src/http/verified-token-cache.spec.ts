import { describe, expect, it } from '@jest/globals';
import { createJwtAuth, type TokenVerifier } from '@booking/auth';
import { ok } from 'neverthrow';
import { cachingVerifier } from './verified-token-cache';

const SECRET = 'a-secret-for-the-token-cache-tests-0123456789';

/** The real JWT verifier, counting how often it is asked. */
function countingVerifier(): TokenVerifier & { calls: number } {
  const real = createJwtAuth({ secret: SECRET });
  const counting = {
    calls: 0,
    verify(token: string) {
      counting.calls += 1;
      return real.verify(token);
    },
  };
  return counting;
}

const sign = (userId: string, ttlSeconds = 3600) =>
  createJwtAuth({ secret: SECRET }).sign({ userId, role: 'customer' }, ttlSeconds);

describe('cachingVerifier', () => {
  it('verifies a token once and answers the same actor from memory afterwards', async () => {
    const verifier = countingVerifier();
    const cached = cachingVerifier(verifier);
    const token = await sign('ayla');
    const first = await cached.verify(token);
    const second = await cached.verify(token);
    expect(first._unsafeUnwrap()).toEqual({ userId: 'ayla', role: 'customer' });
    expect(second._unsafeUnwrap()).toEqual(first._unsafeUnwrap());
    expect(verifier.calls).toBe(1);
  });

  it('never remembers a refused token', async () => {
    const verifier = countingVerifier();
    const cached = cachingVerifier(verifier);
    const forged = `${(await sign('ayla')).slice(0, -4)}AAAA`;
    expect((await cached.verify(forged)).isErr()).toBe(true);
    expect((await cached.verify(forged)).isErr()).toBe(true);
    expect(verifier.calls).toBe(2);
  });

  it('does not answer from memory once the token is past its exp', async () => {
    // A lenient verifier (like jose within its clock tolerance) accepts a token just past exp;
    // the cache must still send it to the verifier every time rather than answer by itself.
    const lenient = {
      calls: 0,
      verify: async () => (lenient.calls++, ok({ userId: 'cem', role: 'customer' as const })),
    };
    const cached = cachingVerifier(lenient);
    const pastExp = await sign('cem', -2);
    await cached.verify(pastExp);
    await cached.verify(pastExp);
    expect(lenient.calls).toBe(2);
    const current = await sign('cem');
    await cached.verify(current);
    await cached.verify(current);
    expect(lenient.calls).toBe(3);
  });

  it('keeps at most maxEntries tokens, forgetting the oldest first', async () => {
    const verifier = countingVerifier();
    const cached = cachingVerifier(verifier, 2);
    const [a, b, c] = await Promise.all([sign('a'), sign('b'), sign('c')]);
    for (const token of [a, b, c]) await cached.verify(token as string);
    await cached.verify(c as string);
    await cached.verify(b as string);
    expect(verifier.calls).toBe(3);
    await cached.verify(a as string);
    expect(verifier.calls).toBe(4);
  });
});
