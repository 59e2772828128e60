import { beforeEach, describe, expect, it } from '@jest/globals';
import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import { errors, type DomainError } from '../domain/errors';
import type { CommittedChange } from '../ports/seat-notifier.port';
import { sampleRoute } from '../testing/fixtures';
import { createInMemoryPorts, type InMemoryPorts } from '../testing/in-memory-booking';
import { CommandPipeline, type Command } from './command-pipeline';

/** What the pipeline did, step by step, in order. */
let steps: string[];
let ports: InMemoryPorts;
let pipeline: CommandPipeline;
let published: CommittedChange[];

beforeEach(() => {
  steps = [];
  published = [];
  ports = createInMemoryPorts();
  pipeline = new CommandPipeline(ports, {
    publish: async (change) => {
      steps.push('publish');
      published.push(change);
    },
  });
});

const key = (k: string, fingerprint = 'body') => ({ key: k, fingerprint });
const routesStored = () => ports.db.routes.size;

/**
 * A command that logs each step and writes a route in its transaction (so a rollback shows);
 * `fail` names the step that refuses.
 */
function logged(
  fail?: 'prepare' | 'claim' | 'beforeCommit' | 'transaction',
): Command<string, string, string> {
  const refuse = (step: string) => errAsync<never, DomainError>(errors.validationFailed(`${step} refused`));
  return {
    prepare: () => {
      steps.push('prepare');
      return fail === 'prepare' ? refuse('prepare') : okAsync('plan');
    },
    claim: (plan, rest) => {
      steps.push(`claim ${plan}`);
      if (fail === 'claim') return refuse('claim');
      return new ResultAsync(
        (async () => {
          try {
            return await rest(`${plan} (read again)`);
          } finally {
            steps.push('release');
          }
        })(),
      );
    },
    beforeCommit: {
      run: (plan) => {
        steps.push(`charge for ${plan}`);
        return fail === 'beforeCommit' ? refuse('beforeCommit') : okAsync('charge-1');
      },
      undo: async (charge) => {
        steps.push(`refund ${charge}`);
      },
    },
    transaction: (tx, plan, charge) => {
      steps.push(`transaction ${plan}, ${charge}`);
      return tx.routes
        .insert(sampleRoute())
        .andThen(() =>
          fail === 'transaction'
            ? refuse('transaction')
            : okAsync({ answer: `paid with ${charge}`, events: [], tickets: [] }),
        );
    },
  };
}

describe('the command pipeline', () => {
  it('prepares, claims, runs the step before the commit, commits, publishes, then releases the claim', async () => {
    expect((await pipeline.run(logged()))._unsafeUnwrap()).toBe('paid with charge-1');
    expect(steps).toEqual([
      'prepare',
      'claim plan',
      'charge for plan (read again)',
      'transaction plan (read again), charge-1',
      'publish',
      'release',
    ]);
    expect(routesStored()).toBe(1);
  });

  it('needs only a transaction', async () => {
    const answer = await pipeline.run({
      transaction: () => okAsync({ answer: 42, events: [], tickets: [] }),
    });
    expect(answer._unsafeUnwrap()).toBe(42);
    expect(published).toEqual([{ events: [], tickets: [] }]);
  });

  it.each(['prepare', 'claim', 'beforeCommit'] as const)(
    'stops at a refusal in %s: no transaction, nothing undone, nothing published',
    async (step) => {
      expect((await pipeline.run(logged(step)))._unsafeUnwrapErr().message).toBe(`${step} refused`);
      expect(
        steps.some((s) => s.startsWith('transaction') || s.startsWith('refund') || s === 'publish'),
      ).toBe(false);
      expect(routesStored()).toBe(0);
    },
  );

  it('rolls back a failed transaction, undoes the step before it, publishes nothing and still releases', async () => {
    expect((await pipeline.run(logged('transaction')))._unsafeUnwrapErr().message).toBe(
      'transaction refused',
    );
    expect(steps.slice(-2)).toEqual(['refund charge-1', 'release']);
    expect(published).toEqual([]);
    expect(routesStored()).toBe(0);
  });

  it('answers a repeated key with the stored answer and runs nothing; another request under it is a conflict', async () => {
    const first = await pipeline.run({ ...logged(), scope: 'pay:alice', idempotency: key('k1') });
    steps = [];
    const again = await pipeline.run({ ...logged(), scope: 'pay:alice', idempotency: key('k1') });
    expect(again._unsafeUnwrap()).toBe(first._unsafeUnwrap());
    expect(steps).toEqual([]);
    const other = await pipeline.run({
      ...logged(),
      scope: 'pay:alice',
      idempotency: key('k1', 'other body'),
    });
    expect(other._unsafeUnwrapErr().kind).toBe('idempotency_conflict');
    expect(steps).toEqual([]);
    // keys live in their scope
    expect((await pipeline.run({ ...logged(), scope: 'pay:bob', idempotency: key('k1') })).isOk()).toBe(true);
    expect(routesStored()).toBe(2);
  });

  it('does not remember a failure: the same key runs again', async () => {
    await pipeline.run({ ...logged('beforeCommit'), scope: 's', idempotency: key('k1') });
    expect((await pipeline.run({ ...logged(), scope: 's', idempotency: key('k1') }))._unsafeUnwrap()).toBe(
      'paid with charge-1',
    );
  });

  it("gives a concurrent twin the winner's answer, undoes the twin's step and publishes once", async () => {
    let charges = 0;
    const twin = (): Command<string, void, string> => ({
      scope: 'pay:alice',
      idempotency: key('k1'),
      beforeCommit: {
        run: () => okAsync(`charge-${(charges += 1)}`),
        undo: async (charge) => {
          steps.push(`refund ${charge}`);
        },
      },
      transaction: (_tx, _plan, charge) =>
        okAsync({ answer: `paid with ${charge}`, events: [], tickets: [] }),
    });
    const [a, b] = await Promise.all([pipeline.run(twin()), pipeline.run(twin())]);
    expect(a._unsafeUnwrap()).toBe('paid with charge-1');
    expect(b._unsafeUnwrap()).toBe('paid with charge-1');
    expect([...steps].sort()).toEqual(['publish', 'refund charge-2']);
  });

  it('answers what a twin stored after this attempt failed, if it succeeded meanwhile', async () => {
    const answer = await pipeline.run({
      scope: 'reserve:alice',
      idempotency: key('k1'),
      // The twin commits while this attempt prepares; then this one fails (say, its seat is taken).
      prepare: () =>
        ResultAsync.fromSafePromise(
          pipeline.run({
            scope: 'reserve:alice',
            idempotency: key('k1'),
            transaction: () => okAsync({ answer: 'the twin', events: [], tickets: [] }),
          }),
        ).andThen(() => errAsync(errors.seatUnavailable([3]))),
      transaction: () => okAsync({ answer: 'never', events: [], tickets: [] }),
    });
    expect(answer._unsafeUnwrap()).toBe('the twin');
  });

  it('runs every request of an idempotent command that came without a key', async () => {
    const once = () => pipeline.run({ ...logged(), scope: 'pay:alice', idempotency: undefined });
    expect((await once())._unsafeUnwrap()).toBe('paid with charge-1');
    expect((await once())._unsafeUnwrap()).toBe('paid with charge-1');
    expect(routesStored()).toBe(2);
    expect(ports.db.idempotency.size).toBe(0);
  });

  it('answers idempotency_conflict when, after a failure, the key turns out taken by another request', async () => {
    const answer = await pipeline.run({
      scope: 'reserve:alice',
      idempotency: key('k1'),
      prepare: () =>
        ResultAsync.fromSafePromise(
          pipeline.run({
            scope: 'reserve:alice',
            idempotency: key('k1', 'another body'),
            transaction: () => okAsync({ answer: 'the other request', events: [], tickets: [] }),
          }),
        ).andThen(() => errAsync(errors.seatUnavailable([3]))),
      transaction: () => okAsync({ answer: 'never', events: [], tickets: [] }),
    });
    expect(answer._unsafeUnwrapErr().kind).toBe('idempotency_conflict');
  });

  it('answers persistence_unavailable when the key is taken but its record cannot be read back, undoing the step', async () => {
    (await pipeline.run({ ...logged(), scope: 's', idempotency: key('k1') }))._unsafeUnwrap();
    // The record is there for the transaction's insert, but gone for every read (purged meanwhile).
    const forgetful = new CommandPipeline(
      { ...ports, idempotency: { ...ports.idempotency, find: () => okAsync(undefined) } },
      { publish: async () => void steps.push('publish') },
    );
    steps = [];
    const answer = await forgetful.run({ ...logged(), scope: 's', idempotency: key('k1') });
    // The cause tells an operator's log what went wrong.
    expect(answer._unsafeUnwrapErr()).toMatchObject({
      kind: 'persistence_unavailable',
      cause: 'idempotency record vanished',
    });
    expect(steps.slice(-2)).toStrictEqual(['refund charge-1', 'release']);
    expect(routesStored()).toBe(1);
  });

  it('answers the failure itself when no twin succeeded, even if the store cannot be read', async () => {
    const failing = (): Command<string> => ({
      scope: 's',
      idempotency: key('k1'),
      prepare: () => {
        ports.db.available = false;
        return errAsync(errors.seatUnavailable([3]));
      },
      transaction: () => okAsync({ answer: 'never', events: [], tickets: [] }),
    });
    expect((await pipeline.run(failing()))._unsafeUnwrapErr().kind).toBe('seat_unavailable');
  });
});
