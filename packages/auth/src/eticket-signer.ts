import { errors, type ETicketClaims, type PublicJwk, type TicketSigner } from '@booking/core';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importJWK,
  importPKCS8,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTPayload,
} from 'jose';
import { errAsync, ResultAsync } from 'neverthrow';

/** E-ticket codes are JWTs (compact JWS) signed with Ed25519, and say what they are in `typ`. */
export const ETICKET_ALGORITHM = 'EdDSA';
export const ETICKET_TYPE = 'eticket+jwt';
/** Real codes are a few hundred characters; anything far longer is refused unread. */
const MAX_CODE_LENGTH = 2048;

export interface ETicketKeyOptions {
  /** The signing key: PKCS8 PEM (`-----BEGIN PRIVATE KEY-----`) or an Ed25519 private JWK as JSON. */
  privateKey: string;
  /**
   * Older public keys whose codes are still accepted (rotation): a JSON array of Ed25519 public JWKs,
   * or a JWKS document `{ "keys": [...] }`. A key without `kid` gets its RFC 7638 thumbprint.
   */
  publicKeys?: string;
}

/** A new Ed25519 private key as PKCS8 PEM (development keys, tests, `npm run` helpers). */
export async function generateETicketPrivateKey(): Promise<string> {
  const { privateKey } = await generateKeyPair(ETICKET_ALGORITHM, { crv: 'Ed25519', extractable: true });
  return exportPKCS8(privateKey);
}

/** The signer over these keys; throws on a key that is not an Ed25519 key (a configuration mistake). */
export async function createETicketSigner(options: ETicketKeyOptions): Promise<TicketSigner> {
  const { signingKey, publicJwk } = await readPrivateKey(options.privateKey.trim());
  const older = options.publicKeys?.trim() ? await readPublicKeys(options.publicKeys) : [];
  const keys = [publicJwk, ...older.filter((key) => key.kid !== publicJwk.kid)];
  const keySet = createLocalJWKSet({ keys: keys as JWK[] });
  const kid = publicJwk.kid;

  return {
    sign: (claims) => {
      const { ticketId, ...rest } = claims;
      return new SignJWT({ ...rest })
        .setProtectedHeader({ alg: ETICKET_ALGORITHM, kid, typ: ETICKET_TYPE })
        .setSubject(ticketId)
        .setIssuedAt()
        .sign(signingKey);
    },
    verify: (code) => {
      if (typeof code !== 'string' || code.length > MAX_CODE_LENGTH) return errAsync(errors.invalidCode());
      return ResultAsync.fromPromise(
        jwtVerify(code, keySet, { algorithms: [ETICKET_ALGORITHM], typ: ETICKET_TYPE }),
        () => errors.invalidCode(),
      ).andThen(({ payload }) => {
        const claims = claimsOf(payload);
        return claims ? ResultAsync.fromSafePromise(Promise.resolve(claims)) : errAsync(errors.invalidCode());
      });
    },
    jwks: () => ({ keys: keys.map((key) => ({ ...key })) }),
  };
}

async function readPrivateKey(text: string) {
  const jwk = text.startsWith('{') ? (JSON.parse(text) as JWK) : undefined;
  const signingKey = jwk
    ? await importJWK({ ...jwk, alg: ETICKET_ALGORITHM }, ETICKET_ALGORITHM, { extractable: true })
    : await importPKCS8(text, ETICKET_ALGORITHM, { extractable: true });
  if (signingKey instanceof Uint8Array) throw new Error('ETICKET_PRIVATE_KEY must be an Ed25519 private key');
  const exported = await exportJWK(signingKey);
  if (exported.kty !== 'OKP' || exported.crv !== 'Ed25519' || !exported.d) {
    throw new Error('ETICKET_PRIVATE_KEY must be an Ed25519 private key');
  }
  return { signingKey, publicJwk: await publicJwkOf(exported, jwk?.kid) };
}

async function readPublicKeys(text: string): Promise<PublicJwk[]> {
  const parsed = JSON.parse(text) as unknown;
  const list = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(list))
    throw new Error('ETICKET_PUBLIC_KEYS must be a JSON array of JWKs or { "keys": [...] }');
  return Promise.all(
    list.map((key: JWK) => {
      if (key.kty !== 'OKP' || key.crv !== 'Ed25519' || typeof key.x !== 'string' || key.d !== undefined) {
        throw new Error('ETICKET_PUBLIC_KEYS lists only Ed25519 public JWKs');
      }
      return publicJwkOf(key, key.kid);
    }),
  );
}

/** The public half only, with its `kid` (given, or the key's thumbprint) and what it is for. */
async function publicJwkOf(jwk: JWK, kid: string | undefined): Promise<PublicJwk> {
  const { kty, crv, x } = jwk;
  const bare = { kty: kty as string, crv, x };
  return { ...bare, kid: kid ?? (await calculateJwkThumbprint(bare)), alg: ETICKET_ALGORITHM, use: 'sig' };
}

function claimsOf(payload: JWTPayload): ETicketClaims | undefined {
  const p = payload as Record<string, unknown>;
  const strings = ['sub', 'pnr', 'routeId', 'fromCity', 'toCity', 'passengerName', 'departureAt'];
  const integers = ['seatNumber', 'fromStopIndex', 'toStopIndex'];
  if (!strings.every((name) => typeof p[name] === 'string')) return undefined;
  if (!integers.every((name) => Number.isInteger(p[name]))) return undefined;
  return {
    ticketId: p.sub as string,
    pnr: p.pnr as string,
    routeId: p.routeId as string,
    seatNumber: p.seatNumber as number,
    fromStopIndex: p.fromStopIndex as number,
    toStopIndex: p.toStopIndex as number,
    fromCity: p.fromCity as string,
    toCity: p.toCity as string,
    passengerName: p.passengerName as string,
    departureAt: p.departureAt as string,
  };
}
