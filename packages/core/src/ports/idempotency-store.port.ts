import type { ResultAsync } from 'neverthrow';
import type { PersistenceError } from '../domain/errors';
import type { Instant } from '../domain/time';

export interface IdempotencyRecord {
  /** Whose key and for which operation, e.g. `reserve:<userId>`: keys of different users never meet. */
  scope: string;
  key: string;
  /** A digest of the request body: the same key with another body is a conflict. */
  fingerprint: string;
  /** The first answer, as JSON-compatible data, returned again on a repeat. */
  response: unknown;
  createdAt: Instant;
}

export interface IdempotencyKeyTaken {
  kind: 'idempotency_key_taken';
}

export interface IdempotencyStore {
  find(scope: string, key: string): ResultAsync<IdempotencyRecord | undefined, PersistenceError>;
  /** Fails with `idempotency_key_taken` when (scope, key) exists, also when a concurrent unit of work took it. */
  insert(record: IdempotencyRecord): ResultAsync<IdempotencyRecord, IdempotencyKeyTaken | PersistenceError>;
}
