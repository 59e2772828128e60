import { errAsync } from 'neverthrow';
import { describe, expect, it } from './jest-globals';
import { cryptoIdGenerator } from '../../adapters';
import type { Boarding } from '../../domain/boarding';
import { T0, withStorage, type StorageFactory } from './storage-harness';

const id = () => cryptoIdGenerator.uuid();

function boarding(overrides: Partial<Boarding> = {}): Boarding {
  return {
    ticketId: id(),
    routeId: id(),
    boardedAt: T0,
    scannedBy: 'driver-1',
    source: 'live',
    ...overrides,
  };
}

/** One boarding per ticket, stored atomically; an offline scan that is earlier moves it back. */
export function describeBoardingRepositoryContract(name: string, factory: StorageFactory): void {
  describe(`BoardingRepository contract: ${name}`, () => {
    const storage = withStorage(factory);

    it('records the first boarding of a ticket and answers it to every later one', async () => {
      const first = boarding();
      const later = { ...first, boardedAt: '2030-01-01T08:05:00.000Z', scannedBy: 'driver-2' };
      expect((await storage().boardings.record(first))._unsafeUnwrap()).toEqual({
        boarding: first,
        recorded: true,
      });
      expect((await storage().boardings.record(later))._unsafeUnwrap()).toEqual({
        boarding: first,
        recorded: false,
      });
      expect((await storage().boardings.findByTicket(first.ticketId))._unsafeUnwrap()).toEqual(first);
      expect((await storage().boardings.findByTicket(id()))._unsafeUnwrap()).toBeUndefined();
    });

    it('records one of two boardings of a ticket sent at once', async () => {
      const first = boarding();
      const results = await Promise.all([
        storage().unitOfWork.run((tx) => tx.boardings.record(first)),
        storage().unitOfWork.run((tx) => tx.boardings.record({ ...first, scannedBy: 'driver-2' })),
      ]);
      const recorded = results.map((result) => result._unsafeUnwrap());
      expect(recorded.filter((r) => r.recorded)).toHaveLength(1);
      expect(recorded[0]?.boarding).toEqual(recorded[1]?.boarding);
    });

    it('moves a boarding back to an earlier offline scan, and keeps it for a later one', async () => {
      const live = boarding({ boardedAt: '2030-01-01T08:05:00.000Z' });
      await storage().boardings.record(live);
      const earlier = { ...live, boardedAt: T0, scannedBy: 'driver-2', source: 'offline' as const };
      const moved = (await storage().boardings.recordEarliest(earlier))._unsafeUnwrap();
      expect(moved).toEqual({ boarding: { ...live, boardedAt: T0 }, recorded: true });
      const later = { ...earlier, boardedAt: '2030-01-01T08:10:00.000Z' };
      expect((await storage().boardings.recordEarliest(later))._unsafeUnwrap()).toEqual({
        boarding: { ...live, boardedAt: T0 },
        recorded: false,
      });
      const fresh = boarding({ source: 'offline' });
      expect((await storage().boardings.recordEarliest(fresh))._unsafeUnwrap()).toEqual({
        boarding: fresh,
        recorded: true,
      });
    });

    it("lists a route's boardings, the earliest first", async () => {
      const routeId = id();
      const second = boarding({ routeId, boardedAt: '2030-01-01T08:03:00.000Z' });
      const first = boarding({ routeId, boardedAt: '2030-01-01T08:01:00.000Z' });
      await storage().boardings.record(second);
      await storage().boardings.record(first);
      await storage().boardings.record(boarding());
      expect((await storage().boardings.listByRoute(routeId))._unsafeUnwrap()).toEqual([first, second]);
    });

    it('keeps nothing of a unit of work that rolls back', async () => {
      const rolledBack = boarding();
      const result = await storage().unitOfWork.run((tx) =>
        tx.boardings.record(rolledBack).andThen(() => errAsyncOf('stop')),
      );
      expect(result.isErr()).toBe(true);
      expect((await storage().boardings.findByTicket(rolledBack.ticketId))._unsafeUnwrap()).toBeUndefined();
    });
  });
}

function errAsyncOf(message: string) {
  return errAsync({ kind: 'validation_failed' as const, message });
}
