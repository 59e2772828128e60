import { describe, expect, it } from './jest-globals';
import { errAsync, okAsync } from 'neverthrow';
import type { Hold, HoldStatus } from '../../domain/hold';
import type { Route } from '../../domain/route';
import type { Ticket } from '../../domain/ticket';
import { sampleHold, sampleTicket, unique } from '../fixtures';
import { book, storedRoute, withStorage, type StorageFactory } from './storage-harness';

/**
 * Seat holds, and the one seat guarantee that covers holds and tickets together: an active hold and
 * an occupying ticket never share a seat on overlapping segments, whichever came first.
 */
export function describeHoldRepositoryContract(name: string, factory: StorageFactory): void {
  describe(`HoldRepository contract: ${name}`, () => {
    const storage = withStorage(factory);
    const hold = async (route: Route, overrides: Partial<Hold> = {}) =>
      storage().holds.insertIfSeatsFree(sampleHold(route, overrides));
    const held = async (route: Route, overrides: Partial<Hold> = {}) =>
      (await hold(route, overrides))._unsafeUnwrap();
    const booked = async (route: Route, overrides: Partial<Ticket> = {}) =>
      (await book(storage(), sampleTicket(route, overrides)))._unsafeUnwrap();
    /** The next version of `h` with `change`, as the core's rules write it. */
    const next = (h: Hold, change: Partial<Hold>): Hold => ({
      ...h,
      ...change,
      updatedAt: '2030-01-01T08:01:00.000Z',
      version: h.version + 1,
    });
    const ended = async (h: Hold, status: Exclude<HoldStatus, 'active'>) =>
      (await storage().holds.update(next(h, { status })))._unsafeUnwrap();

    it('stores a hold of several seats and finds it by id, unchanged', async () => {
      const route = await storedRoute(storage());
      const stored = sampleHold(route, { seatNumbers: [2, 5, 7], fromStopIndex: 1, toStopIndex: 3 });
      expect((await storage().holds.insertIfSeatsFree(stored))._unsafeUnwrap()).toEqual(stored);
      expect((await storage().holds.findById(stored.id))._unsafeUnwrap()).toEqual(stored);
    });

    it('answers undefined for an unknown id', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-hold']) {
        expect((await storage().holds.findById(id))._unsafeUnwrap()).toBeUndefined();
      }
    });

    it('updates a hold only from the version it was read at', async () => {
      const route = await storedRoute(storage());
      const first = await held(route, { seatNumbers: [3, 4] });
      const extended = next(first, { extended: true, expiresAt: '2030-01-01T08:15:00.000Z' });
      expect((await storage().holds.update(extended))._unsafeUnwrap()).toEqual(extended);
      const stale = await storage().holds.update(next(first, { status: 'released' }));
      expect(stale._unsafeUnwrapErr()).toEqual({ kind: 'stale_hold', holdId: first.id });
      expect((await storage().holds.findById(first.id))._unsafeUnwrap()).toEqual(extended);
      // A stale write frees nothing: the seats are still held.
      expect((await hold(route, { seatNumbers: [4] }))._unsafeUnwrapErr()).toMatchObject({
        kind: 'seat_unavailable',
        seatNumbers: [4],
      });
    });

    it('refuses a hold that shares a seat with an active hold on an overlapping segment', async () => {
      const route = await storedRoute(storage());
      await held(route, { seatNumbers: [2, 3], fromStopIndex: 1, toStopIndex: 3 });
      const refused = sampleHold(route, { seatNumbers: [1, 3], fromStopIndex: 2, toStopIndex: 4 });
      expect((await storage().holds.insertIfSeatsFree(refused))._unsafeUnwrapErr()).toMatchObject({
        kind: 'seat_unavailable',
        seatNumbers: [3],
      });
      expect((await storage().holds.findById(refused.id))._unsafeUnwrap()).toBeUndefined();
      // Disjoint segments (stop ranges are half-open) and other seats are free.
      await held(route, { seatNumbers: [2, 3], fromStopIndex: 3, toStopIndex: 4 });
      await held(route, { seatNumbers: [2, 3], fromStopIndex: 0, toStopIndex: 1 });
      await held(route, { seatNumbers: [1, 4], fromStopIndex: 1, toStopIndex: 3 });
    });

    it('holds all seats or none, and a refusal names every taken seat', async () => {
      const route = await storedRoute(storage());
      await held(route, { seatNumbers: [2, 4], fromStopIndex: 0, toStopIndex: 2 });
      await booked(route, { seatNumber: 6, fromStopIndex: 1, toStopIndex: 3 });
      const group = sampleHold(route, { seatNumbers: [1, 2, 4, 6, 8], fromStopIndex: 1, toStopIndex: 4 });
      expect((await storage().holds.insertIfSeatsFree(group))._unsafeUnwrapErr()).toMatchObject({
        kind: 'seat_unavailable',
        seatNumbers: [2, 4, 6],
      });
      expect((await storage().holds.findById(group.id))._unsafeUnwrap()).toBeUndefined();
      // The refused hold kept none of its free seats.
      await held(route, { seatNumbers: [1, 8], fromStopIndex: 1, toStopIndex: 4 });
    });

    it("refuses a hold on an occupying ticket's seat on an overlapping segment, not on a disjoint one", async () => {
      const route = await storedRoute(storage());
      for (const [seatNumber, status] of [
        [1, 'reserved'],
        [2, 'confirmed'],
        [3, 'suspended'],
      ] as const) {
        await booked(route, { seatNumber, status, fromStopIndex: 0, toStopIndex: 2 });
        const refused = await hold(route, { seatNumbers: [seatNumber], fromStopIndex: 1, toStopIndex: 3 });
        expect(refused._unsafeUnwrapErr()).toMatchObject({
          kind: 'seat_unavailable',
          seatNumbers: [seatNumber],
        });
        await held(route, { seatNumbers: [seatNumber], fromStopIndex: 2, toStopIndex: 4 });
      }
    });

    it("refuses a ticket on an active hold's seat on an overlapping segment, not on a disjoint one", async () => {
      const route = await storedRoute(storage());
      await held(route, { seatNumbers: [3, 5], fromStopIndex: 1, toStopIndex: 3 });
      const clash = sampleTicket(route, { seatNumber: 5, fromStopIndex: 0, toStopIndex: 2 });
      expect((await book(storage(), clash))._unsafeUnwrapErr()).toMatchObject({
        kind: 'seat_unavailable',
        seatNumbers: [5],
      });
      expect((await storage().tickets.findById(clash.id))._unsafeUnwrap()).toBeUndefined();
      await booked(route, { seatNumber: 5, fromStopIndex: 3, toStopIndex: 4 });
      await booked(route, { seatNumber: 4, fromStopIndex: 0, toStopIndex: 4 });
      expect((await storage().tickets.findOccupying(route.id))._unsafeUnwrap()).toHaveLength(2);
    });

    it('a hold that stops being active frees its seats at once, for a ticket or another hold', async () => {
      const route = await storedRoute(storage());
      for (const status of ['released', 'expired', 'converted'] as const) {
        const first = await held(route, { seatNumbers: [1, 2] });
        expect((await hold(route, { seatNumbers: [2] }))._unsafeUnwrapErr()).toMatchObject({
          kind: 'seat_unavailable',
        });
        await ended(first, status);
        const ticket = await booked(route, { seatNumber: 1 });
        const second = await held(route, { seatNumbers: [2] });
        // Make room for the next round.
        await ended(second, 'released');
        (
          await storage().tickets.update({ ...ticket, status: 'cancelled', holdExpiresAt: null, version: 2 })
        )._unsafeUnwrap();
      }
    });

    it('a cancelled or expired ticket frees its seat for a hold', async () => {
      const route = await storedRoute(storage());
      for (const status of ['cancelled', 'expired'] as const) {
        const ticket = await booked(route, { seatNumber: 7 });
        expect((await hold(route, { seatNumbers: [7] }))._unsafeUnwrapErr()).toMatchObject({
          kind: 'seat_unavailable',
        });
        (
          await storage().tickets.update({ ...ticket, status, holdExpiresAt: null, version: 2 })
        )._unsafeUnwrap();
        await ended(await held(route, { seatNumbers: [7] }), 'released');
      }
    });

    it('a confirmed or suspended ticket keeps its seat', async () => {
      const route = await storedRoute(storage());
      const ticket = await booked(route, { seatNumber: 8 });
      for (const [version, status] of [
        [2, 'suspended'],
        [3, 'confirmed'],
      ] as const) {
        (await storage().tickets.update({ ...ticket, status, holdExpiresAt: null, version }))._unsafeUnwrap();
        expect((await hold(route, { seatNumbers: [8] }))._unsafeUnwrapErr()).toMatchObject({
          kind: 'seat_unavailable',
        });
      }
    });

    it('a refused hold leaves the unit of work usable, and a rolled-back hold holds nothing', async () => {
      const route = await storedRoute(storage());
      await held(route, { seatNumbers: [1] });
      const ticket = sampleTicket(route, { seatNumber: 2 });
      const work = await storage().unitOfWork.run((tx) =>
        tx.holds
          .insertIfSeatsFree(sampleHold(route, { seatNumbers: [1, 2] }))
          .orElse((refused) => okAsync(refused))
          .andThen((refused) => tx.tickets.insertIfSeatFree(ticket).map(() => refused)),
      );
      expect(work._unsafeUnwrap()).toMatchObject({ kind: 'seat_unavailable', seatNumbers: [1] });
      expect((await storage().tickets.findById(ticket.id))._unsafeUnwrap()).toEqual(ticket);

      const rolledBack = sampleHold(route, { seatNumbers: [3] });
      const failed = await storage().unitOfWork.run((tx) =>
        tx.holds.insertIfSeatsFree(rolledBack).andThen(() => errAsync({ kind: 'changed_my_mind' as const })),
      );
      expect(failed._unsafeUnwrapErr()).toEqual({ kind: 'changed_my_mind' });
      expect((await storage().holds.findById(rolledBack.id))._unsafeUnwrap()).toBeUndefined();
      await held(route, { seatNumbers: [3] });
    });

    it('lists the active holds of a route, overlapping a segment when given', async () => {
      const route = await storedRoute(storage());
      const early = await held(route, { seatNumbers: [1], fromStopIndex: 0, toStopIndex: 1 });
      const late = await held(route, { seatNumbers: [2, 3], fromStopIndex: 3, toStopIndex: 4 });
      await ended(await held(route, { seatNumbers: [4] }), 'released');
      await held(await storedRoute(storage()), { seatNumbers: [1] });
      const ids = async (segment?: { fromStopIndex: number; toStopIndex: number }) =>
        (await storage().holds.findActive(route.id, segment))
          ._unsafeUnwrap()
          .map((h) => h.id)
          .sort();
      expect(await ids()).toEqual([early.id, late.id].sort());
      expect(await ids({ fromStopIndex: 0, toStopIndex: 1 })).toEqual([early.id]);
      expect(await ids({ fromStopIndex: 1, toStopIndex: 3 })).toEqual([]);
      expect(await ids({ fromStopIndex: 0, toStopIndex: 4 })).toEqual([early.id, late.id].sort());
      expect((await storage().holds.findActive(route.id))._unsafeUnwrap()).toContainEqual(late);
    });

    it("counts the seats of an owner's active holds whose time has not run out", async () => {
      const route = await storedRoute(storage());
      const ownerId = unique('owner');
      await held(route, { ownerId, seatNumbers: [1, 2], expiresAt: '2030-01-01T08:10:00.000Z' });
      await held(route, { ownerId, seatNumbers: [3], expiresAt: '2030-01-01T08:20:00.000Z' });
      await ended(await held(route, { ownerId, seatNumbers: [4, 5] }), 'released');
      await held(route, { ownerId: unique('other'), seatNumbers: [6] });
      const count = async (now: string) =>
        (await storage().holds.countHeldSeats(ownerId, now))._unsafeUnwrap();
      expect(await count('2030-01-01T08:00:00.000Z')).toBe(3);
      expect(await count('2030-01-01T08:10:00.000Z')).toBe(1);
      expect(await count('2030-01-01T08:20:00.000Z')).toBe(0);
    });

    it('finds the active holds that ran out or whose route departed, earliest expiry first', async () => {
      const at = (minute: number) => `2033-01-01T08:${String(minute).padStart(2, '0')}:00.000Z`;
      const departing = await storedRoute(storage(), { departureAt: at(7) });
      const later = await storedRoute(storage(), { departureAt: '2033-06-01T09:00:00.000Z' });
      const leftWithTheBus = await held(departing, { seatNumbers: [1], expiresAt: at(30) });
      const ranOut = await held(departing, { seatNumbers: [2], expiresAt: at(5) });
      await ended(await held(departing, { seatNumbers: [3], expiresAt: at(1) }), 'released');
      const ranOutElsewhere = await held(later, { seatNumbers: [1], expiresAt: at(6) });
      await held(later, { seatNumbers: [2], expiresAt: at(30) });
      const due = async (now: string) =>
        (await storage().holds.findDue(now, 1000))
          ._unsafeUnwrap()
          .filter((h) => h.routeId === departing.id || h.routeId === later.id)
          .map((h) => h.id);
      expect(await due(at(4))).toEqual([]);
      expect(await due(at(6))).toEqual([ranOut.id, ranOutElsewhere.id]);
      expect(await due(at(7))).toEqual([ranOut.id, ranOutElsewhere.id, leftWithTheBus.id]);
      expect((await storage().holds.findDue(at(7), 1))._unsafeUnwrap()).toHaveLength(1);
    });

    it('ends a later segment’s hold at the stop time of its first stop, not at the departure', async () => {
      const at = (hour: number) => `2033-02-01T${String(hour).padStart(2, '0')}:00:00.000Z`;
      // Istanbul 09:00, Bolu 12:00, Ankara 14:00 (stop times of three of the route's five stops).
      const route = await storedRoute(storage(), {
        departureAt: at(9),
        stopTimes: [at(9), at(12), at(14), at(15), at(16)],
      });
      const fromBolu = await held(route, {
        seatNumbers: [1],
        expiresAt: at(20),
        fromStopIndex: 1,
        toStopIndex: 2,
      });
      const fromIstanbul = await held(route, {
        seatNumbers: [2],
        expiresAt: at(20),
        fromStopIndex: 0,
        toStopIndex: 1,
      });
      const due = async (now: string) =>
        (await storage().holds.findDue(now, 1000))
          ._unsafeUnwrap()
          .filter((h) => h.routeId === route.id)
          .map((h) => h.id);
      expect(await due(at(10))).toEqual([fromIstanbul.id]);
      expect((await due(at(12))).sort()).toEqual([fromBolu.id, fromIstanbul.id].sort());
    });

    it('lets exactly one of many concurrent holds and bookings of one seat win', async () => {
      const route = await storedRoute(storage());
      const attempts = Array.from({ length: 10 }, (_, i) => {
        const segment = { fromStopIndex: i % 2, toStopIndex: 2 + (i % 3) };
        return i % 2 === 0
          ? hold(route, { seatNumbers: i % 4 === 0 ? [1] : [1, 2 + i], ...segment })
          : book(storage(), sampleTicket(route, { seatNumber: 1, ...segment }));
      });
      const results = await Promise.all(attempts);
      expect(results.filter((r) => r.isOk())).toHaveLength(1);
      expect(new Set(results.filter((r) => r.isErr()).map((r) => r._unsafeUnwrapErr().kind))).toEqual(
        new Set(['seat_unavailable']),
      );
      const occupants =
        (await storage().holds.findActive(route.id))._unsafeUnwrap().length +
        (await storage().tickets.findOccupying(route.id))._unsafeUnwrap().length;
      expect(occupants).toBe(1);
    });
  });
}
