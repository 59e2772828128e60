import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { errors, type DomainError } from '../domain/errors';
import type { IdempotencyStore } from '../ports/idempotency-store.port';
import type { TransactionScope, UnitOfWork } from '../ports/unit-of-work.port';
import type { Clock } from '../ports/clock.port';
import type { CommittedChange } from '../ports/seat-notifier.port';

/** An `Idempotency-Key` and a digest of the request it came with (the transport computes it). */
export interface IdempotencyInput {
  key: string;
  fingerprint: string;
}

/** The first answer for (scope, key) again, a conflict for another body, or nothing yet. */
export function replayIfSeen<T>(
  store: IdempotencyStore,
  scope: string,
  input: IdempotencyInput | undefined,
): ResultAsync<T | undefined, DomainError> {
  if (!input) return okAsync(undefined);
  return store.find(scope, input.key).andThen((record) => {
    if (!record) return okAsync(undefined);
    if (record.fingerprint !== input.fingerprint) return errAsync(errors.idempotencyConflict(input.key));
    return okAsync(record.response as T);
  });
}

/**
 * After a failure, answers what a concurrent twin with the same key answered, if it succeeded
 * meanwhile (its ticket or payment is what made this attempt fail); otherwise the failure itself.
 */
export function replayAfterFailure<T>(
  store: IdempotencyStore,
  scope: string,
  input: IdempotencyInput | undefined,
  failure: DomainError,
): ResultAsync<T, DomainError> {
  if (!input) return errAsync(failure);
  return store
    .find(scope, input.key)
    .orElse(() => okAsync(undefined))
    .andThen((record) => {
      if (!record) return errAsync(failure);
      if (record.fingerprint !== input.fingerprint) return errAsync(errors.idempotencyConflict(input.key));
      return okAsync(record.response as T);
    });
}

/** What a unit of work answered, and what it changed (to publish once it has committed). */
export interface Committed<T> {
  response: T;
  change: CommittedChange;
  /** True when a concurrent twin with the same key committed first and this is its answer. */
  replayed: boolean;
}

/**
 * Runs `work` in one unit of work and records its answer under the key in the same commit, so a
 * repeat (even a concurrent one) finds exactly one answer and nothing is done twice.
 */
export function runIdempotent<T>(
  deps: { unitOfWork: UnitOfWork; idempotency: IdempotencyStore; clock: Clock },
  scope: string,
  input: IdempotencyInput | undefined,
  work: (tx: TransactionScope) => ResultAsync<Omit<Committed<T>, 'replayed'>, DomainError>,
): ResultAsync<Committed<T>, DomainError> {
  const attempt = deps.unitOfWork.run<Committed<T>, DomainError | { kind: 'idempotency_key_taken' }>((tx) =>
    work(tx).andThen((done) => {
      const committed = { ...done, replayed: false };
      if (!input) return okAsync(committed);
      const record = {
        scope,
        key: input.key,
        fingerprint: input.fingerprint,
        response: done.response,
        createdAt: deps.clock.now().toISOString(),
      };
      return tx.idempotency.insert(record).map(() => committed);
    }),
  );
  return attempt.orElse((error) => {
    if (error.kind !== 'idempotency_key_taken') return errAsync(error);
    // A concurrent twin committed first: answer what it answered.
    return replayIfSeen<T>(deps.idempotency, scope, input).andThen((value) =>
      value === undefined
        ? errAsync(errors.persistenceUnavailable('idempotency record vanished'))
        : okAsync({ response: value, change: { events: [], tickets: [] }, replayed: true }),
    );
  });
}
