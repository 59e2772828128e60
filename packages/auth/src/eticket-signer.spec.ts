import { describe, expect, it } from '@jest/globals';
import type { ETicketClaims } from '@booking/core';
import { exportJWK, exportPKCS8, generateKeyPair, SignJWT } from 'jose';
import { createETicketSigner, generateETicketPrivateKey } from './eticket-signer';

const claims: ETicketClaims = {
  ticketId: '6a1f4c0e-3b1f-4c55-9f59-2c1d3f6e8a10',
  pnr: 'PNR2345678',
  routeId: '0c6f0a5e-0c1b-4a8e-9d55-1b7c2a3e4f50',
  seatNumber: 12,
  fromStopIndex: 1,
  toStopIndex: 3,
  fromCity: 'Bolu',
  toCity: 'Ankara',
  passengerName: 'Ayşe Yılmaz',
  departureAt: '2030-06-01T11:00:00.000Z',
};

describe('the Ed25519 e-ticket signer', () => {
  it('signs and verifies with a PKCS8 PEM key, and with the same key as a private JWK (same kid)', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const jwk = await exportJWK(privateKey);
    const fromJwk = await createETicketSigner({ privateKey: JSON.stringify(jwk) });
    const code = await fromJwk.sign(claims);
    expect((await fromJwk.verify(code))._unsafeUnwrap()).toEqual(claims);
    const { kid } = fromJwk.jwks().keys[0] ?? {};
    expect(kid).toMatch(/^[\w-]{43}$/);
    expect(fromJwk.jwks().keys[0]).not.toHaveProperty('d');
    const fromPem = await createETicketSigner({ privateKey: await exportPKCS8(privateKey) });
    expect(fromPem.jwks().keys[0]?.kid).toBe(kid);
    expect((await fromPem.verify(code))._unsafeUnwrap()).toEqual(claims);
  });

  it('refuses codes of unlisted keys, other algorithms and claims of the wrong shape as invalid_code', async () => {
    const signer = await createETicketSigner({ privateKey: await generateETicketPrivateKey() });
    const stranger = await createETicketSigner({ privateKey: await generateETicketPrivateKey() });
    const hmac = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256', kid: signer.jwks().keys[0]?.kid, typ: 'eticket+jwt' })
      .sign(new TextEncoder().encode('s'.repeat(32)));
    const kinds = await Promise.all(
      [await stranger.sign(claims), hmac, 'x'.repeat(3000), '', 'a.b.c'].map(
        async (code) => (await signer.verify(code))._unsafeUnwrapErr().kind,
      ),
    );
    expect(kinds).toEqual(Array(5).fill('invalid_code'));
  });

  it('throws on a key that is not an Ed25519 private key, and on public keys that are not Ed25519', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    await expect(
      createETicketSigner({ privateKey: JSON.stringify(await exportJWK(privateKey)) }),
    ).rejects.toThrow();
    await expect(createETicketSigner({ privateKey: 'nonsense' })).rejects.toThrow();
    const pem = await generateETicketPrivateKey();
    await expect(
      createETicketSigner({ privateKey: pem, publicKeys: '{"keys":[{"kty":"oct","k":"AA"}]}' }),
    ).rejects.toThrow('Ed25519');
  });
});
