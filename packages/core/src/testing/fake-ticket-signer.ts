import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { ETicketClaims } from '../domain/boarding';
import { errors, type ErrorOf } from '../domain/errors';
import type { PublicJwk, TicketSigner } from '../ports/ticket-signer.port';

/**
 * A stand-in for tests of the core: `kid.claims.tag`, where the tag is a checksum of the kid, the
 * claims and a secret. It has the port's behaviour (other keys' codes and altered codes are
 * `invalid_code`), not its security: deployments use the Ed25519 signer of @booking/auth.
 */
export class FakeTicketSigner implements TicketSigner {
  constructor(
    private readonly kid = 'test-key',
    private readonly secret = 'not-a-secret',
    private readonly acceptedKids: readonly string[] = [],
  ) {}

  sign(claims: ETicketClaims): Promise<string> {
    // Dots separate the parts, so the claims keep none.
    const payload = encodeURIComponent(JSON.stringify(claims)).replaceAll('.', '%2E');
    return Promise.resolve(`${this.kid}.${payload}.${this.tag(this.kid, payload)}`);
  }

  verify(code: string): ResultAsync<ETicketClaims, ErrorOf<'invalid_code'>> {
    const [kid, payload, tag, ...rest] = code.split('.');
    const known = kid === this.kid || this.acceptedKids.includes(kid ?? '');
    if (!kid || !payload || !tag || rest.length > 0 || !known || tag !== this.tag(kid, payload)) {
      return errAsync(errors.invalidCode());
    }
    return okAsync(JSON.parse(decodeURIComponent(payload)) as ETicketClaims);
  }

  jwks(): { keys: PublicJwk[] } {
    return { keys: [this.kid, ...this.acceptedKids].map((kid) => ({ kid, kty: 'oct' })) };
  }

  /** FNV-1a over the parts: enough to tell an altered code from a real one in a test. */
  private tag(kid: string, payload: string): string {
    let hash = 0x811c9dc5;
    for (const char of `${kid}|${payload}|${this.secret}`) {
      hash ^= char.charCodeAt(0);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(16);
  }
}
