/** What every storage contract suite shares: the storage under test, and how a test books a seat. */
import { afterAll, beforeAll } from './jest-globals';
import type { Route } from '../../domain/route';
import type { Ticket } from '../../domain/ticket';
import type { PaymentLocks } from '../../ports/payment-locks.port';
import type { TransactionScope, UnitOfWork } from '../../ports/unit-of-work.port';
import { sampleDraft, sampleRoute } from '../fixtures';

/** A storage implementation under test: its repositories outside a transaction, and its unit of work. */
export interface StorageUnderTest extends Omit<TransactionScope, 'locks'> {
  unitOfWork: UnitOfWork;
  paymentLocks: PaymentLocks;
}

export interface StorageFactory {
  /** Called once per suite; tests keep apart by using fresh ids and names. */
  open(): Promise<StorageUnderTest>;
  close?(): Promise<void>;
  /**
   * How many units of work wait for a lock right now. Only storage whose units of work run at the
   * same time gives it (a pool of connections; not the in-memory one or the embedded database,
   * which run one at a time): the lock tests that need two units of work in flight at once run
   * with it and are skipped without it.
   */
  lockWaits?(): Promise<number>;
}

export const T0 = '2030-01-01T08:00:00.000Z';

export function withStorage(factory: StorageFactory): () => StorageUnderTest {
  let storage: StorageUnderTest | undefined;
  beforeAll(async () => {
    storage = await factory.open();
  });
  afterAll(async () => {
    await factory.close?.();
  });
  return () => {
    if (!storage) throw new Error('storage not opened');
    return storage;
  };
}

export async function storedRoute(s: StorageUnderTest, overrides: Partial<Route> = {}): Promise<Route> {
  return (await s.routes.insert(sampleRoute(overrides)))._unsafeUnwrap();
}

/** Inserts a ticket and its event in one unit of work, as the use cases do. */
export async function book(s: StorageUnderTest, ticket: Ticket) {
  return s.unitOfWork.run((tx) =>
    tx.tickets
      .insertIfSeatFree(ticket)
      .andThen((stored) => tx.events.append([sampleDraft(stored)], T0).map(() => stored)),
  );
}
