import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { errors, type DomainError, type PersistenceError } from '../domain/errors';
import type { Instant } from '../domain/time';
import type { IdempotencyKeyTaken, IdempotencyStore } from '../ports/idempotency-store.port';
import type { TransactionScope } from '../ports/unit-of-work.port';

/** An `Idempotency-Key` and a digest of the request it came with (the transport computes it). */
export interface IdempotencyInput {
  key: string;
  fingerprint: string;
}

/** A caller's key in its scope (`pay:<userId>`), so keys of other users and operations never meet. */
export interface ScopedKey extends IdempotencyInput {
  scope: string;
}

/**
 * The key of a request whose path names what it acts on (`POST /tickets/:id/exchange`): the target
 * is part of the request, so the same key sent for another target is another request under a used
 * key (`idempotency_conflict`), never answered with the first target's result.
 */
export function aboutTarget(
  input: IdempotencyInput | undefined,
  targetId: string,
): IdempotencyInput | undefined {
  return input && { key: input.key, fingerprint: `${targetId}:${input.fingerprint}` };
}

/** The first answer stored under the key, a conflict for another request, or nothing yet. */
export function storedAnswer<T>(
  store: IdempotencyStore,
  key: ScopedKey | undefined,
): ResultAsync<{ answer: T } | undefined, DomainError> {
  if (!key) return okAsync(undefined);
  return store.find(key.scope, key.key).andThen((record) => {
    if (!record) return okAsync(undefined);
    if (record.fingerprint !== key.fingerprint) return errAsync(errors.idempotencyConflict(key.key));
    return okAsync({ answer: record.response as T });
  });
}

/**
 * After a failure, what a concurrent twin with the same key answered, if it succeeded meanwhile
 * (its ticket or payment is what made this attempt fail); otherwise the failure itself.
 */
export function answerAfterFailure<T>(
  store: IdempotencyStore,
  key: ScopedKey | undefined,
  failure: DomainError,
): ResultAsync<T, DomainError> {
  return storedAnswer<T>(store, key)
    .orElse((error) => (error.kind === 'idempotency_conflict' ? errAsync(error) : okAsync(undefined)))
    .andThen((stored) => (stored ? okAsync(stored.answer) : errAsync(failure)));
}

/**
 * Records the answer under the key in the unit of work `tx`, so it commits with the change it
 * answers; a concurrent twin that recorded first makes this `idempotency_key_taken`.
 */
export function recordAnswer(
  tx: TransactionScope,
  key: ScopedKey,
  answer: unknown,
  now: Instant,
): ResultAsync<void, IdempotencyKeyTaken | PersistenceError> {
  const { scope, fingerprint } = key;
  return tx.idempotency
    .insert({ scope, key: key.key, fingerprint, response: answer, createdAt: now })
    .map(() => undefined);
}
