import { describe, expect, it } from './jest-globals';
import { errAsync } from 'neverthrow';
import { cryptoIdGenerator } from '../../adapters';
import type { LedgerEntry, PaymentAttempt } from '../../domain/ledger';
import { withStorage, type StorageFactory } from './storage-harness';

const uuid = () => cryptoIdGenerator.uuid();

/** Two fresh ids, the lower first (rows created at the same time are ordered by id). */
function idsInOrder(): [string, string] {
  const [a, b] = [uuid(), uuid()];
  return a < b ? [a, b] : [b, a];
}

/** A pending attempt of two tickets, with fresh ids. */
export function sampleAttempt(overrides: Partial<PaymentAttempt> = {}): PaymentAttempt {
  return {
    id: uuid(),
    ownerId: `user-${uuid().slice(0, 8)}`,
    ticketIds: [uuid(), uuid()],
    amountCents: 3998,
    currency: 'EUR',
    status: 'pending',
    chargeId: null,
    last4: null,
    createdAt: '2030-01-01T08:00:00.000Z',
    updatedAt: '2030-01-01T08:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

/** A succeeded charge entry of one ticket, with fresh ids. */
export function sampleEntry(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    id: uuid(),
    attemptId: uuid(),
    ticketId: uuid(),
    routeId: uuid(),
    kind: 'charge',
    amountCents: 1999,
    feeCents: 0,
    currency: 'EUR',
    status: 'succeeded',
    chargeId: 'ch_1',
    last4: '4242',
    transferTicketId: null,
    createdAt: '2030-01-01T08:00:00.000Z',
    updatedAt: '2030-01-01T08:00:00.000Z',
    ...overrides,
  };
}

/** `minutes` after midnight of 1 January of `year`, UTC. */
const at = (year: number, minutes: number) => new Date(Date.UTC(year, 0, 1, 0, minutes)).toISOString();

/**
 * The payment ledger: attempts and entries. The storage is shared by the suite: the tests that
 * check a search by time write their rows in a year of their own (2001 to 2003), before every
 * other test's rows (2030), so each sees exactly its own.
 */
export function describePaymentRepositoryContract(name: string, factory: StorageFactory): void {
  describe(`PaymentRepository contract: ${name}`, () => {
    const storage = withStorage(factory);
    const payments = () => storage().payments;
    const inserted = async (attempt: PaymentAttempt) =>
      (await payments().insertAttempt(attempt))._unsafeUnwrap();
    const entered = async (...entries: LedgerEntry[]) => {
      (await payments().insertEntries(entries))._unsafeUnwrap();
      return entries;
    };

    describe('attempts', () => {
      it('stores an attempt and finds it by id, unchanged', async () => {
        const attempt = sampleAttempt({ ticketIds: [uuid(), uuid(), uuid()], amountCents: 5997 });
        expect(await inserted(attempt)).toEqual(attempt);
        expect((await payments().findAttempt(attempt.id))._unsafeUnwrap()).toEqual(attempt);
      });

      it('answers undefined for an unknown id', async () => {
        for (const id of [uuid(), 'not-an-attempt']) {
          expect((await payments().findAttempt(id))._unsafeUnwrap()).toBeUndefined();
        }
      });

      it('keeps amounts beyond 32 bits of cents, exactly', async () => {
        const attempt = sampleAttempt({ amountCents: 2 ** 40 + 1 });
        await inserted(attempt);
        expect((await payments().findAttempt(attempt.id))._unsafeUnwrap()?.amountCents).toBe(2 ** 40 + 1);
      });

      it('updates an attempt only from the version it was read at (stale_attempt otherwise)', async () => {
        const attempt = await inserted(sampleAttempt());
        const confirmed: PaymentAttempt = {
          ...attempt,
          status: 'confirmed',
          chargeId: 'ch_42',
          last4: '4242',
          updatedAt: '2030-01-01T08:01:00.000Z',
          version: 2,
        };
        expect((await payments().updateAttempt(confirmed))._unsafeUnwrap()).toEqual(confirmed);
        expect((await payments().findAttempt(attempt.id))._unsafeUnwrap()).toEqual(confirmed);
        const stale = await payments().updateAttempt({ ...attempt, status: 'failed', version: 2 });
        expect(stale._unsafeUnwrapErr()).toEqual({ kind: 'stale_attempt', attemptId: attempt.id });
        expect((await payments().findAttempt(attempt.id))._unsafeUnwrap()).toEqual(confirmed);
      });

      it('answers stale_attempt for an attempt never stored', async () => {
        for (const id of [uuid(), 'not-an-attempt']) {
          const never = sampleAttempt({ id, version: 2 });
          expect((await payments().updateAttempt(never))._unsafeUnwrapErr()).toEqual({
            kind: 'stale_attempt',
            attemptId: id,
          });
        }
      });

      it('lets one of two updates from the same version win', async () => {
        const attempt = await inserted(sampleAttempt());
        const next = (status: PaymentAttempt['status']) => ({ ...attempt, status, version: 2 });
        const results = await Promise.all([
          payments().updateAttempt(next('confirmed')),
          payments().updateAttempt(next('failed')),
        ]);
        expect(results.filter((r) => r.isOk())).toHaveLength(1);
        const won = results.find((r) => r.isOk())?._unsafeUnwrap();
        expect((await payments().findAttempt(attempt.id))._unsafeUnwrap()).toEqual(won);
      });

      it('finds pending attempts created at or before a time, the oldest first (then by id), up to a limit', async () => {
        const pending = (minutes: number, id = uuid()) =>
          sampleAttempt({ id, createdAt: at(2001, minutes), updatedAt: at(2001, minutes) });
        const [lowId, highId] = idsInOrder();
        const oldest = await inserted(pending(1));
        const tiedHigh = await inserted(pending(2, highId));
        const tiedLow = await inserted(pending(2, lowId));
        const atCutoff = await inserted(pending(3));
        await inserted(pending(4)); // after the cutoff
        for (const status of ['confirmed', 'declined', 'failed', 'refunded'] as const) {
          await inserted({ ...pending(0), status });
        }
        const found = await payments().findPendingAttempts(at(2001, 3), 10);
        expect(found._unsafeUnwrap()).toEqual([oldest, tiedLow, tiedHigh, atCutoff]);
        const limited = await payments().findPendingAttempts(at(2001, 3), 2);
        expect(limited._unsafeUnwrap()).toEqual([oldest, tiedLow]);
      });

      it('keeps no attempt written in a unit of work that fails', async () => {
        const attempt = sampleAttempt();
        const entry = sampleEntry({ attemptId: attempt.id });
        const result = await storage().unitOfWork.run((tx) =>
          tx.payments
            .insertAttempt(attempt)
            .andThen(() => tx.payments.insertEntries([entry]))
            .andThen(() => errAsync({ kind: 'changed_my_mind' as const })),
        );
        expect(result._unsafeUnwrapErr()).toEqual({ kind: 'changed_my_mind' });
        expect((await payments().findAttempt(attempt.id))._unsafeUnwrap()).toBeUndefined();
        expect((await payments().entriesOf(entry.ticketId))._unsafeUnwrap()).toEqual([]);
      });
    });

    describe('ledger entries', () => {
      it("stores entries and lists a ticket's, unchanged, the oldest first (then by id)", async () => {
        const ticketId = uuid();
        const [lowId, highId] = idsInOrder();
        const charge = sampleEntry({ ticketId, createdAt: '2030-01-01T08:00:00.000Z' });
        const refundHigh = sampleEntry({
          id: highId,
          ticketId,
          kind: 'refund',
          amountCents: 1500,
          feeCents: 499,
          status: 'pending',
          last4: null,
          createdAt: '2030-01-02T08:00:00.000Z',
          updatedAt: '2030-01-02T08:00:00.000Z',
        });
        const refundLow = { ...refundHigh, id: lowId, status: 'failed' as const };
        const movedOut = sampleEntry({
          ticketId,
          kind: 'refund',
          transferTicketId: uuid(),
          createdAt: '2030-01-03T08:00:00.000Z',
          updatedAt: '2030-01-03T08:00:00.000Z',
        });
        await entered(refundHigh, charge, movedOut, refundLow, sampleEntry());
        expect((await payments().entriesOf(ticketId))._unsafeUnwrap()).toEqual([
          charge,
          refundLow,
          refundHigh,
          movedOut,
        ]);
      });

      it("answers no entries for a ticket that has none, or an id that is not a ticket's", async () => {
        for (const ticketId of [uuid(), 'not-a-ticket']) {
          expect((await payments().entriesOf(ticketId))._unsafeUnwrap()).toEqual([]);
        }
      });

      it("updates an entry's status and time only, and answers the entry as stored", async () => {
        const [refund] = await entered(sampleEntry({ kind: 'refund', status: 'pending', feeCents: 100 }));
        if (!refund) throw new Error('no entry');
        const succeeded = { ...refund, status: 'succeeded' as const, updatedAt: '2030-01-01T09:00:00.000Z' };
        const answered = await payments().updateEntry({ ...succeeded, amountCents: 1, chargeId: 'ch_other' });
        expect(answered._unsafeUnwrap()).toEqual(succeeded);
        expect((await payments().entriesOf(refund.ticketId))._unsafeUnwrap()).toEqual([succeeded]);
      });

      it('notes a refused try of a pending refund (its time only), and never of one settled meanwhile', async () => {
        const tried = '2030-01-01T09:00:00.000Z';
        const [pending, succeeded] = await entered(
          sampleEntry({ kind: 'refund', status: 'pending' }),
          sampleEntry({ kind: 'refund', status: 'succeeded' }),
        );
        if (!pending || !succeeded) throw new Error('no entries');
        expect((await payments().noteRefundTried(pending.id, tried))._unsafeUnwrap()).toBe(true);
        expect((await payments().entriesOf(pending.ticketId))._unsafeUnwrap()).toEqual([
          { ...pending, updatedAt: tried },
        ]);
        // Another process marked it succeeded after this one read it pending: it stays succeeded.
        expect((await payments().noteRefundTried(succeeded.id, tried))._unsafeUnwrap()).toBe(false);
        expect((await payments().entriesOf(succeeded.ticketId))._unsafeUnwrap()).toEqual([succeeded]);
        for (const unknown of [uuid(), 'not-an-entry']) {
          expect((await payments().noteRefundTried(unknown, tried))._unsafeUnwrap()).toBe(false);
        }
      });

      it('finds pending refunds created at or before a time, the oldest first (then by id), up to a limit', async () => {
        const refund = (minutes: number, overrides: Partial<LedgerEntry> = {}) =>
          sampleEntry({
            kind: 'refund',
            status: 'pending',
            createdAt: at(2002, minutes),
            updatedAt: at(2002, minutes),
            ...overrides,
          });
        const [lowId, highId] = idsInOrder();
        const [oldest, tiedHigh, tiedLow, atCutoff] = await entered(
          refund(1),
          refund(2, { id: highId }),
          refund(2, { id: lowId }),
          refund(3),
        );
        await entered(
          refund(4), // after the cutoff
          refund(0, { status: 'succeeded' }),
          refund(0, { status: 'failed' }),
          refund(0, { kind: 'charge', status: 'pending' }),
        );
        const found = await payments().findPendingRefunds(at(2002, 3), 10);
        expect(found._unsafeUnwrap()).toEqual([oldest, tiedLow, tiedHigh, atCutoff]);
        const limited = await payments().findPendingRefunds(at(2002, 3), 3);
        expect(limited._unsafeUnwrap()).toEqual([oldest, tiedLow, tiedHigh]);
      });

      it('finds the least recently tried pending refunds first', async () => {
        const refund = (minutes: number, triedAt: number) =>
          sampleEntry({
            kind: 'refund',
            status: 'pending',
            createdAt: at(2003, minutes),
            updatedAt: at(2003, triedAt),
          });
        const [refusedOften, fresh, triedOnce] = await entered(refund(1, 30), refund(2, 2), refund(3, 10));
        const found = await payments().findPendingRefunds(at(2003, 40), 1000);
        const mine = new Set([refusedOften, fresh, triedOnce].map((e) => e?.id));
        expect(
          found
            ._unsafeUnwrap()
            .filter((e) => mine.has(e.id))
            .map((e) => e.id),
        ).toEqual([fresh?.id, triedOnce?.id, refusedOften?.id]);
      });

      it('finds no pending refund once it succeeded', async () => {
        const [refund] = await entered(sampleEntry({ kind: 'refund', status: 'pending' }));
        if (!refund) throw new Error('no entry');
        const pendingIds = async () =>
          (await payments().findPendingRefunds(refund.createdAt, 1000))._unsafeUnwrap().map((e) => e.id);
        expect(await pendingIds()).toContain(refund.id);
        const succeeded = { ...refund, status: 'succeeded' as const, updatedAt: '2030-01-01T09:00:00.000Z' };
        (await payments().updateEntry(succeeded))._unsafeUnwrap();
        expect(await pendingIds()).not.toContain(refund.id);
      });

      it('lists the entries created in [from, to), of one route when asked, the oldest first', async () => {
        const [routeA, routeB] = [uuid(), uuid()];
        const entry = (minutes: number, routeId: string, overrides: Partial<LedgerEntry> = {}) =>
          sampleEntry({ routeId, createdAt: at(2003, minutes), updatedAt: at(2003, minutes), ...overrides });
        const [atFrom, refundB, lastA] = await entered(
          entry(10, routeA),
          entry(11, routeB, { kind: 'refund', status: 'failed', feeCents: 7 }),
          entry(19, routeA),
        );
        await entered(entry(9, routeA), entry(20, routeA), entry(20, routeB)); // before `from`, at `to`
        const between = (routeId?: string) => payments().entriesBetween(at(2003, 10), at(2003, 20), routeId);
        expect((await between())._unsafeUnwrap()).toEqual([atFrom, refundB, lastA]);
        expect((await between(routeA))._unsafeUnwrap()).toEqual([atFrom, lastA]);
        expect((await between(routeB))._unsafeUnwrap()).toEqual([refundB]);
        expect((await between(uuid()))._unsafeUnwrap()).toEqual([]);
      });
    });
  });
}
