import { errAsync } from 'neverthrow';
import { describe, expect, it } from './jest-globals';
import { cryptoIdGenerator } from '../../adapters';
import { REDACTED, SYSTEM, type HistoryEntry } from '../../domain/history';
import { T0, withStorage, type StorageFactory } from './storage-harness';

const id = () => cryptoIdGenerator.uuid();

/** A correction of a ticket by an agent, unless told otherwise. */
function entry(subjectId: string, routeId: string, overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id: id(),
    subject: 'ticket',
    subjectId,
    routeId,
    at: T0,
    by: { userId: 'agent-1', role: 'agent' },
    action: 'correct',
    reason: null,
    changes: { passengerName: { from: 'Ada', to: 'Ada Lovelace' } },
    ...overrides,
  };
}

/** The audit trail: entries kept exactly, read back per subject in the order they were recorded. */
export function describeHistoryLogContract(name: string, factory: StorageFactory): void {
  describe(`HistoryLog contract: ${name}`, () => {
    const storage = withStorage(factory);
    const of = async (...args: Parameters<ReturnType<typeof storage>['history']['of']>) =>
      (await storage().history.of(...args))._unsafeUnwrap();

    it("keeps each entry exactly, and reads one subject's entries in the order they were recorded", async () => {
      const [ticketId, otherTicketId, routeId] = [id(), id(), id()];
      const booked = entry(ticketId, routeId, {
        by: { userId: 'customer-1', role: 'customer' },
        action: 'book',
        changes: {
          status: { from: null, to: 'reserved' },
          seatNumber: { from: null, to: 7 },
          price: { from: null, to: 19.99 },
          phone: { from: null, to: REDACTED },
          email: { from: null, to: null },
          holdExpiresAt: { from: null, to: '2030-01-01T08:10:00.000Z' },
        },
      });
      const other = entry(otherTicketId, routeId, { action: 'book' });
      // Two entries at the same instant: the order they were recorded in decides.
      const expired = entry(ticketId, routeId, {
        at: '2030-01-01T08:10:00.000Z',
        by: SYSTEM,
        action: 'expire',
        reason: 'hold_expired',
        changes: { status: { from: 'reserved', to: 'expired' } },
      });
      const noted = entry(ticketId, routeId, { at: '2030-01-01T08:10:00.000Z' });
      const departure = entry(routeId, routeId, {
        subject: 'route',
        by: { userId: 'admin-1', role: 'admin' },
        action: 'move_departure',
        changes: {
          departureAt: { from: '2030-06-01T09:00:00.000Z', to: '2030-06-01T10:00:00.123Z' },
          stopTimes: { from: null, to: ['2030-06-01T10:00:00.123Z', '2030-06-01T12:30:00.000Z'] },
        },
      });
      for (const batch of [
        [booked, other],
        [expired, noted, departure],
      ]) {
        (await storage().unitOfWork.run((tx) => tx.history.record(batch)))._unsafeUnwrap();
      }
      expect(await of('ticket', ticketId)).toStrictEqual([booked, expired, noted]);
      expect(await of('ticket', otherTicketId)).toStrictEqual([other]);
      expect(await of('route', routeId)).toStrictEqual([departure]);
      // The subject is part of the key: a route's id names none of its tickets' entries.
      expect(await of('ticket', routeId)).toEqual([]);
    });

    it('records outside a unit of work too, and finds nothing for a subject without entries', async () => {
      const ticketId = id();
      const only = entry(ticketId, id());
      (await storage().history.record([only]))._unsafeUnwrap();
      (await storage().history.record([]))._unsafeUnwrap();
      expect(await of('ticket', ticketId)).toStrictEqual([only]);
      expect(await of('ticket', id())).toEqual([]);
      expect(await of('route', 'not-an-id')).toEqual([]);
    });

    it('forgets the entries of a unit of work that fails, and keeps the ones committed before', async () => {
      const [ticketId, routeId] = [id(), id()];
      const kept = entry(ticketId, routeId, { action: 'book' });
      (await storage().unitOfWork.run((tx) => tx.history.record([kept])))._unsafeUnwrap();
      const failed = await storage().unitOfWork.run((tx) =>
        tx.history
          .record([entry(ticketId, routeId, { action: 'cancel' })])
          .andThen(() => tx.history.record([entry(routeId, routeId, { subject: 'route' })]))
          .andThen(() => errAsync({ kind: 'changed_my_mind' as const })),
      );
      expect(failed._unsafeUnwrapErr()).toEqual({ kind: 'changed_my_mind' });
      expect(await of('ticket', ticketId)).toStrictEqual([kept]);
      expect(await of('route', routeId)).toEqual([]);
    });

    it('sees its own entries inside the unit of work that records them', async () => {
      const ticketId = id();
      const recorded = entry(ticketId, id());
      const seen = await storage().unitOfWork.run((tx) =>
        tx.history.record([recorded]).andThen(() => tx.history.of('ticket', ticketId)),
      );
      expect(seen._unsafeUnwrap()).toStrictEqual([recorded]);
    });
  });
}
