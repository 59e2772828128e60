import { errAsync, okAsync, ResultAsync, type Result } from 'neverthrow';
import { errors, type DomainError } from '../domain/errors';
import type { IdempotencyKeyTaken } from '../ports/idempotency-store.port';
import type { CommittedChange } from '../ports/seat-notifier.port';
import type { TransactionScope } from '../ports/unit-of-work.port';
import type { BookingPorts } from './booking-ports';
import {
  answerAfterFailure,
  recordAnswer,
  storedAnswer,
  type IdempotencyInput,
  type ScopedKey,
} from './idempotency';
import type { ChangePublisher } from './publisher';

/** What a transaction body gives back: the caller's answer and what it changed, to publish once committed. */
export interface Outcome<T> extends CommittedChange {
  answer: T;
}

/**
 * A step outside the transaction, just before it, that the world sees at once (a card charge),
 * and its undo, for when the command does not commit an answer of its own.
 */
export interface BeforeCommit<P, C> {
  run(prepared: P): ResultAsync<C, DomainError>;
  undo(done: C): Promise<void>;
}

/** An idempotent command names its key's scope (`pay:<userId>`); the caller's key is optional. */
type Idempotency =
  | { scope: string; idempotency: IdempotencyInput | undefined }
  | { scope?: undefined; idempotency?: undefined };

/**
 * One use case as the pipeline runs it. Only `transaction` is required; `P` is what `prepare` read
 * and decided, `C` what `beforeCommit` did.
 */
export type Command<T, P = void, C = void> = Idempotency & {
  /** Outside the transaction: loads and the pure domain rules. A refusal here changes nothing. */
  prepare?: () => Result<P, DomainError> | ResultAsync<P, DomainError>;
  /**
   * Runs the rest of the command (`beforeCommit`, the transaction, publishing) while holding
   * something outside the transaction, e.g. the payment lock; it may read again under it.
   */
  claim?: (prepared: P, rest: (prepared: P) => ResultAsync<T, DomainError>) => ResultAsync<T, DomainError>;
  beforeCommit?: BeforeCommit<P, C>;
  /** The unit of work's body: the writes, the answer and the committed events. */
  transaction: (tx: TransactionScope, prepared: P, done: C) => ResultAsync<Outcome<T>, DomainError>;
  /**
   * After this command's own commit (not a twin's), once its events are published: a step the world
   * sees that must follow the commit (a refund). It cannot fail the command; what it leaves undone
   * is for a background job to finish.
   */
  afterCommit?: (answer: T) => Promise<void>;
};

interface Committed<T> extends Outcome<T> {
  /** A concurrent twin with the same key committed first; this is its answer, and nothing changed. */
  replayed: boolean;
}

/**
 * Runs every use case the same way: answer a repeated key with its stored answer; otherwise
 * prepare, then (holding the claim) do the step before the commit, run the transaction and record
 * the answer in the same commit (undoing the step if it does not commit); publish the committed
 * events. After any failure, a concurrent twin's stored answer wins over the failure.
 */
export class CommandPipeline {
  constructor(
    private readonly ports: Pick<BookingPorts, 'unitOfWork' | 'idempotency' | 'clock'>,
    private readonly publisher: Pick<ChangePublisher, 'publish'>,
  ) {}

  run<T, P = void, C = void>(command: Command<T, P, C>): ResultAsync<T, DomainError> {
    const key: ScopedKey | undefined =
      command.idempotency && command.scope !== undefined
        ? { scope: command.scope, ...command.idempotency }
        : undefined;
    return storedAnswer<T>(this.ports.idempotency, key).andThen((stored) =>
      stored
        ? okAsync(stored.answer)
        : this.execute(command, key).orElse((failure) =>
            answerAfterFailure<T>(this.ports.idempotency, key, failure),
          ),
    );
  }

  private execute<T, P, C>(command: Command<T, P, C>, key: ScopedKey | undefined) {
    const prepared = okAsync<void, DomainError>(undefined).andThen(() =>
      command.prepare ? command.prepare() : okAsync(undefined as P),
    );
    const rest = (ready: P) => this.commit(command, ready, key);
    return prepared.andThen((ready) => (command.claim ? command.claim(ready, rest) : rest(ready)));
  }

  private commit<T, P, C>(
    command: Command<T, P, C>,
    prepared: P,
    key: ScopedKey | undefined,
  ): ResultAsync<T, DomainError> {
    const step = command.beforeCommit;
    return (step?.run(prepared) ?? okAsync(undefined as C)).andThen((done) => {
      const undo = () => ResultAsync.fromSafePromise(step ? step.undo(done) : Promise.resolve());
      return this.transact(key, (tx) => command.transaction(tx, prepared, done))
        .orElse((failure) => undo().andThen(() => errAsync(failure)))
        .andThen((committed) =>
          committed.replayed
            ? undo().map(() => committed.answer)
            : this.publish(committed)
                .andThen(() =>
                  ResultAsync.fromSafePromise(command.afterCommit?.(committed.answer) ?? Promise.resolve()),
                )
                .map(() => committed.answer),
        );
    });
  }

  /** The body and its answer's record in one unit of work: a repeat, even a concurrent one, finds one answer. */
  private transact<T>(
    key: ScopedKey | undefined,
    body: (tx: TransactionScope) => ResultAsync<Outcome<T>, DomainError>,
  ): ResultAsync<Committed<T>, DomainError> {
    return this.ports.unitOfWork
      .run<Outcome<T>, DomainError | IdempotencyKeyTaken>((tx) =>
        body(tx).andThen((outcome) =>
          key
            ? recordAnswer(tx, key, outcome.answer, this.ports.clock.now().toISOString()).map(() => outcome)
            : okAsync(outcome),
        ),
      )
      .map((outcome) => ({ ...outcome, replayed: false }))
      .orElse((error) => {
        if (error.kind !== 'idempotency_key_taken') return errAsync(error);
        // A concurrent twin committed first: answer what it answered.
        return storedAnswer<T>(this.ports.idempotency, key).andThen((stored) =>
          stored
            ? okAsync({ answer: stored.answer, events: [], tickets: [], replayed: true })
            : errAsync(errors.persistenceUnavailable('idempotency record vanished')),
        );
      });
  }

  private publish(change: CommittedChange): ResultAsync<void, never> {
    return ResultAsync.fromSafePromise(
      this.publisher.publish({ events: change.events, tickets: change.tickets }),
    );
  }
}
