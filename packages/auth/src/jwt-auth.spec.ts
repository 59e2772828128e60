import { describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { bearerToken, createJwtAuth } from './jwt-auth';

const secret = 'a-test-secret-that-is-long-enough-0123456789';
const auth = createJwtAuth({ secret });
const key = new TextEncoder().encode(secret);

describe('createJwtAuth', () => {
  it('verifies a token it signed, giving back the actor', async () => {
    const token = await auth.sign({ userId: 'u-1', role: 'agent' });
    expect((await auth.verify(token))._unsafeUnwrap()).toEqual({ userId: 'u-1', role: 'agent' });
  });

  it.each([
    ['garbage', async () => 'not.a.token'],
    ['another secret', () => createJwtAuth({ secret: 'x'.repeat(40) }).sign({ userId: 'u', role: 'admin' })],
    [
      'an unknown role',
      () =>
        new SignJWT({ role: 'root' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('u')
          .setExpirationTime('1h')
          .sign(key),
    ],
    [
      'no subject',
      () =>
        new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(key),
    ],
    [
      'no expiry',
      () => new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').sign(key),
    ],
    ['an expired token', () => auth.sign({ userId: 'u', role: 'admin' }, -60)],
    [
      'the none algorithm',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"u","role":"admin","exp":9999999999}').toString('base64url')}.`,
    ],
  ])('refuses %s as unauthorized', async (_name, make) => {
    const result = await auth.verify(await make());
    expect(result._unsafeUnwrapErr().kind).toBe('unauthorized');
  });

  it('refuses a short secret at construction', () => {
    expect(() => createJwtAuth({ secret: 'short' })).toThrow(/at least 32/);
  });
});

describe('bearerToken', () => {
  it('reads the token of a Bearer header only', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer xyz')).toBe('xyz');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
