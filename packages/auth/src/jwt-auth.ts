import { ROLES, type Actor, type Role } from '@booking/core';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { err, ok, type Result } from 'neverthrow';

export interface AuthError {
  kind: 'unauthorized';
  message: string;
}

/** Turns a bearer token into the actor behind it. */
export interface TokenVerifier {
  verify(token: string): Promise<Result<Actor, AuthError>>;
  /**
   * When (ms since the epoch) `verify` starts refusing a token that verified: its `exp` plus the
   * verifier's clock tolerance. Without it, holders of an identity end it at `exp`.
   */
  refusesAfterMs?(token: string): number | undefined;
}

export interface JwtAuth extends TokenVerifier {
  /** Issues a token for an actor (development tokens, tests, an embedding server's login). */
  sign(actor: Actor, ttlSeconds?: number): Promise<string>;
  refusesAfterMs(token: string): number | undefined;
}

export const MIN_SECRET_LENGTH = 32;
/** Seconds past `exp` a token is still accepted, for clocks of issuer and server that differ a little. */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 5;
const ALGORITHM = 'HS256';

const unauthorized = (message: string): AuthError => ({ kind: 'unauthorized', message });

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** JWT (HS256) with the contract's claims: `sub` (user id), `role`, `exp`. */
export function createJwtAuth(options: { secret: string; clockToleranceSeconds?: number }): JwtAuth {
  if (options.secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`JWT secret must have at least ${MIN_SECRET_LENGTH} characters`);
  }
  const key = new TextEncoder().encode(options.secret);
  const toleranceSeconds = options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          requiredClaims: ['sub', 'exp'],
          clockTolerance: toleranceSeconds,
        });
        if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 200) {
          return err(unauthorized('The token has no valid subject.'));
        }
        if (!isRole(payload.role))
          return err(unauthorized(`The token's role must be one of ${ROLES.join(', ')}.`));
        return ok({ userId: payload.sub, role: payload.role });
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) return err(unauthorized('The token has expired.'));
        return err(unauthorized('The token is not valid.'));
      }
    },
    refusesAfterMs(token) {
      const expiresAtMs = tokenExpiresAtMs(token);
      return expiresAtMs === undefined ? undefined : expiresAtMs + toleranceSeconds * 1000;
    },
    async sign(actor, ttlSeconds = 24 * 3600) {
      return new SignJWT({ role: actor.role })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(actor.userId)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
        .sign(key);
    },
  };
}

/**
 * The `exp` claim (ms since the epoch) of a JWT that already verified; undefined if it has none that
 * can be read. It does not verify anything: ask the verifier first.
 */
export function tokenExpiresAtMs(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** The token from an `Authorization: Bearer <token>` header, if it has that shape. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
