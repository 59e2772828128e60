import type { ResultAsync } from 'neverthrow';
import type { ETicketClaims } from '../domain/boarding';
import type { ErrorOf } from '../domain/errors';

/** A public key as a JSON Web Key, with the `kid` that codes signed by it name. */
export interface PublicJwk {
  kid: string;
  kty: string;
  [member: string]: unknown;
}

/**
 * Signs e-tickets and checks their codes. The signature lets anyone holding the public keys
 * (`jwks()`) check a code offline; the boarding then checks the ticket's current state.
 */
export interface TicketSigner {
  /** A compact code naming the ticket, signed with the current key. */
  sign(claims: ETicketClaims): Promise<string>;
  /** The claims of a code signed by any accepted key; `invalid_code` for anything else. */
  verify(code: string): ResultAsync<ETicketClaims, ErrorOf<'invalid_code'>>;
  /** Every accepted public key, the current one first. */
  jwks(): { keys: PublicJwk[] };
}
