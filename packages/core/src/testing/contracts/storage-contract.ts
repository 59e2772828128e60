import { describeBoardingRepositoryContract } from './boarding-repository-contract';
import { isSeatEvent } from '../../domain/route-event';
import { describe, expect, it } from './jest-globals';
import { errAsync, okAsync } from 'neverthrow';
import { cryptoIdGenerator } from '../../adapters';
import type { Route } from '../../domain/route';
import type { Ticket } from '../../domain/ticket';
import type { SeatEventDraft } from '../../domain/seat-event';
import { sampleDraft, sampleRoute, sampleTicket, unique } from '../fixtures';
import { describeHoldRepositoryContract } from './hold-repository-contract';
import { describeHistoryLogContract } from './history-log-contract';
import { describePaymentRepositoryContract } from './payment-repository-contract';
import { describeRouteChangeContract } from './route-change-contract';
import { describeSeatMoveContract } from './seat-move-contract';
import {
  book,
  storedRoute,
  T0,
  withStorage,
  type StorageFactory,
  type StorageUnderTest,
} from './storage-harness';

export type { StorageFactory, StorageUnderTest } from './storage-harness';
export { describePaymentRepositoryContract } from './payment-repository-contract';
export { describeRouteChangeContract } from './route-change-contract';
export { describeHistoryLogContract } from './history-log-contract';

export function describeRouteRepositoryContract(name: string, factory: StorageFactory): void {
  describe(`RouteRepository contract: ${name}`, () => {
    const storage = withStorage(factory);

    it('stores a route and finds it by id, unchanged', async () => {
      const route = sampleRoute({ segmentPrices: [{ fromStopIndex: 0, toStopIndex: 1, price: 9.5 }] });
      expect((await storage().routes.insert(route))._unsafeUnwrap()).toEqual(route);
      expect((await storage().routes.findById(route.id))._unsafeUnwrap()).toEqual(route);
    });

    it('answers undefined for an unknown id', async () => {
      const found = await storage().routes.findById('00000000-0000-4000-8000-000000000000');
      expect(found._unsafeUnwrap()).toBeUndefined();
    });

    it('starts a new route at sequence 0', async () => {
      const route = await storedRoute(storage());
      expect((await storage().events.currentSequence(route.id))._unsafeUnwrap()).toBe(0);
    });

    it('lists routes that stop in the given cities, within the departure window, by departure', async () => {
      const city = unique('Ankara');
      const stops = (tag: string) => [unique(tag), city, unique('Izmir')];
      const late = await storedRoute(storage(), {
        stops: stops('x'),
        departureAt: '2030-06-02T10:00:00.000Z',
      });
      const early = await storedRoute(storage(), {
        stops: stops('y'),
        departureAt: '2030-06-02T06:00:00.000Z',
      });
      await storedRoute(storage(), { stops: stops('z'), departureAt: '2030-06-03T06:00:00.000Z' });
      await storedRoute(storage());
      const found = await storage().routes.list({
        stopsIn: [city],
        departsFrom: '2030-06-02T00:00:00.000Z',
        departsBefore: '2030-06-03T00:00:00.000Z',
        limit: 10,
      });
      expect(found._unsafeUnwrap().map((r) => r.id)).toEqual([early.id, late.id]);
      const limited = await storage().routes.list({ stopsIn: [city], limit: 1 });
      expect(limited._unsafeUnwrap().map((r) => r.id)).toEqual([early.id]);
    });
  });
}

export function describeTicketRepositoryContract(name: string, factory: StorageFactory): void {
  describe(`TicketRepository contract: ${name}`, () => {
    const storage = withStorage(factory);

    it('stores a ticket and finds it by id, unchanged', async () => {
      const route = await storedRoute(storage());
      const ticket = sampleTicket(route, { phone: '+90 555 000 00 00' });
      expect((await book(storage(), ticket))._unsafeUnwrap()).toEqual(ticket);
      expect((await storage().tickets.findById(ticket.id))._unsafeUnwrap()).toEqual(ticket);
    });

    it('keeps the departure a ticket was sold for, apart from its route', async () => {
      const route = await storedRoute(storage(), { departureAt: '2030-06-01T12:00:00.000Z' });
      const ticket = sampleTicket(route, { soldForDepartureAt: '2030-06-01T09:30:00.123Z' });
      (await book(storage(), ticket))._unsafeUnwrap();
      expect((await storage().tickets.findById(ticket.id))._unsafeUnwrap()).toEqual(ticket);
    });

    it('keeps what a ticket was exchanged from and into', async () => {
      const route = await storedRoute(storage());
      const [from, into] = [cryptoIdGenerator.uuid(), cryptoIdGenerator.uuid()];
      const ticket = sampleTicket(route, { status: 'confirmed', holdExpiresAt: null, exchangedFromId: from });
      expect((await book(storage(), ticket))._unsafeUnwrap()).toEqual(ticket);
      expect((await storage().tickets.findById(ticket.id))._unsafeUnwrap()).toEqual(ticket);
      const exchanged = { ...ticket, status: 'cancelled' as const, exchangedToId: into, version: 2 };
      (await storage().tickets.update(exchanged))._unsafeUnwrap();
      expect((await storage().tickets.findById(ticket.id))._unsafeUnwrap()).toEqual(exchanged);
    });

    it('refuses an overlapping occupying ticket of the same seat, and keeps only the first', async () => {
      const route = await storedRoute(storage());
      const first = sampleTicket(route, { fromStopIndex: 0, toStopIndex: 3 });
      (await book(storage(), first))._unsafeUnwrap();
      for (const status of ['reserved', 'confirmed', 'suspended'] as const) {
        const clash = sampleTicket(route, { fromStopIndex: 2, toStopIndex: 4, status });
        const refused = await book(storage(), clash);
        expect(refused._unsafeUnwrapErr()).toMatchObject({ kind: 'seat_unavailable', seatNumbers: [1] });
        expect((await storage().tickets.findById(clash.id))._unsafeUnwrap()).toBeUndefined();
      }
      expect((await storage().tickets.findOccupying(route.id))._unsafeUnwrap().map((t) => t.id)).toEqual([
        first.id,
      ]);
    });

    it('sells one seat again on a segment that does not overlap, and other seats freely', async () => {
      const route = await storedRoute(storage());
      (await book(storage(), sampleTicket(route, { fromStopIndex: 0, toStopIndex: 2 })))._unsafeUnwrap();
      (await book(storage(), sampleTicket(route, { fromStopIndex: 2, toStopIndex: 4 })))._unsafeUnwrap();
      (await book(storage(), sampleTicket(route, { seatNumber: 2 })))._unsafeUnwrap();
      expect((await storage().tickets.findOccupying(route.id))._unsafeUnwrap()).toHaveLength(3);
    });

    it('frees the seat once its ticket is cancelled, expired or a no-show', async () => {
      const route = await storedRoute(storage());
      for (const status of ['cancelled', 'expired', 'no_show'] as const) {
        const ticket = (await book(storage(), sampleTicket(route)))._unsafeUnwrap();
        (
          await storage().tickets.update({ ...ticket, status, holdExpiresAt: null, version: 2 })
        )._unsafeUnwrap();
      }
      (await book(storage(), sampleTicket(route)))._unsafeUnwrap();
    });

    it('lets exactly one of many concurrent bookings of one seat win', async () => {
      const route = await storedRoute(storage());
      const attempts = Array.from({ length: 10 }, (_, i) =>
        book(storage(), sampleTicket(route, { fromStopIndex: i % 2, toStopIndex: 2 + (i % 3) })),
      );
      const results = await Promise.all(attempts);
      expect(results.filter((r) => r.isOk())).toHaveLength(1);
      expect(results.filter((r) => r.isErr()).map((r) => r._unsafeUnwrapErr().kind)).toEqual(
        Array(9).fill('seat_unavailable'),
      );
      expect((await storage().events.currentSequence(route.id))._unsafeUnwrap()).toBe(1);
    });

    it('updates a ticket only from the version it was read at', async () => {
      const route = await storedRoute(storage());
      const ticket = (await book(storage(), sampleTicket(route)))._unsafeUnwrap();
      const confirmed = {
        ...ticket,
        status: 'confirmed' as const,
        holdExpiresAt: null,
        version: 2,
        updatedAt: T0,
      };
      expect((await storage().tickets.update(confirmed))._unsafeUnwrap()).toEqual(confirmed);
      const stale = await storage().tickets.update({ ...ticket, status: 'cancelled', version: 2 });
      expect(stale._unsafeUnwrapErr()).toEqual({ kind: 'stale_ticket', ticketId: ticket.id });
      expect((await storage().tickets.findById(ticket.id))._unsafeUnwrap()).toEqual(confirmed);
    });

    it('finds occupying tickets overlapping a segment', async () => {
      const route = await storedRoute(storage());
      const early = (
        await book(storage(), sampleTicket(route, { fromStopIndex: 0, toStopIndex: 1 }))
      )._unsafeUnwrap();
      const late = (
        await book(storage(), sampleTicket(route, { fromStopIndex: 3, toStopIndex: 4 }))
      )._unsafeUnwrap();
      const ids = async (from: number, to: number) =>
        (await storage().tickets.findOccupying(route.id, { fromStopIndex: from, toStopIndex: to }))
          ._unsafeUnwrap()
          .map((t) => t.id)
          .sort();
      expect(await ids(0, 1)).toEqual([early.id]);
      expect(await ids(1, 3)).toEqual([]);
      expect(await ids(0, 4)).toEqual([early.id, late.id].sort());
    });

    it('lists tickets by owner, status, route and PNR, in creation order, page by page', async () => {
      const route = await storedRoute(storage());
      const owner = unique('owner');
      const made: Ticket[] = [];
      for (let i = 0; i < 5; i++) {
        const ticket = sampleTicket(route, {
          seatNumber: i + 1,
          ownerId: owner,
          status: i === 4 ? 'confirmed' : 'reserved',
          createdAt: `2030-01-01T08:00:0${i}.000Z`,
        });
        made.push((await book(storage(), ticket))._unsafeUnwrap());
      }
      (
        await book(storage(), sampleTicket(route, { seatNumber: 9, ownerId: unique('other') }))
      )._unsafeUnwrap();
      const list = async (query: Parameters<StorageUnderTest['tickets']['list']>[0]) =>
        (await storage().tickets.list(query))._unsafeUnwrap().map((t) => t.id);
      const ids = made.map((t) => t.id);
      expect(await list({ ownerId: owner, limit: 10 })).toEqual(ids);
      expect(await list({ ownerId: owner, limit: 2 })).toEqual(ids.slice(0, 2));
      expect(await list({ ownerId: owner, limit: 2, afterId: ids[1] })).toEqual(ids.slice(2, 4));
      expect(await list({ ownerId: owner, status: 'confirmed', limit: 10 })).toEqual([ids[4]]);
      expect(await list({ routeId: route.id, limit: 10 })).toHaveLength(6);
      expect(await list({ pnrNumber: made[2]?.pnrNumber, limit: 10 })).toEqual([ids[2]]);
    });

    it('finds reservations whose hold ran out, oldest first', async () => {
      const route = await storedRoute(storage(), { departureAt: '2031-06-01T09:00:00.000Z' });
      const at = (minute: number) => `2031-01-01T08:${String(minute).padStart(2, '0')}:00.000Z`;
      const due = (
        await book(storage(), sampleTicket(route, { seatNumber: 1, holdExpiresAt: at(5) }))
      )._unsafeUnwrap();
      const older = (
        await book(storage(), sampleTicket(route, { seatNumber: 2, holdExpiresAt: at(1) }))
      )._unsafeUnwrap();
      await book(storage(), sampleTicket(route, { seatNumber: 3, holdExpiresAt: at(30) }));
      await book(storage(), sampleTicket(route, { seatNumber: 4, status: 'confirmed', holdExpiresAt: null }));
      const found = (await storage().tickets.findExpiredHolds(at(10), 1000))._unsafeUnwrap();
      const mine = found.filter((t) => t.routeId === route.id).map((t) => t.id);
      expect(mine).toEqual([older.id, due.id]);
    });

    it('finds the reservations of a departed route too, by whichever comes first: hold end or departure', async () => {
      const at = (minute: number) => `2032-01-01T08:${String(minute).padStart(2, '0')}:00.000Z`;
      const departing = await storedRoute(storage(), { departureAt: at(7) });
      const later = await storedRoute(storage(), { departureAt: '2032-06-01T09:00:00.000Z' });
      const hold = async (
        route: Route,
        seatNumber: number,
        holdExpiresAt: string | null,
        status?: 'confirmed',
      ) =>
        (
          await book(
            storage(),
            sampleTicket(route, { seatNumber, holdExpiresAt, ...(status ? { status } : {}) }),
          )
        )._unsafeUnwrap();
      const leftWithTheBus = await hold(departing, 1, at(30));
      const ranOut = await hold(departing, 2, at(5));
      await hold(departing, 3, null, 'confirmed');
      const ranOutElsewhere = await hold(later, 1, at(6));
      await hold(later, 2, at(30));
      const due = async (now: string) =>
        (await storage().tickets.findExpiredHolds(now, 1000))
          ._unsafeUnwrap()
          .filter((t) => t.routeId === departing.id || t.routeId === later.id)
          .map((t) => t.id);
      expect(await due(at(6))).toEqual([ranOut.id, ranOutElsewhere.id]);
      expect(await due(at(7))).toEqual([ranOut.id, ranOutElsewhere.id, leftWithTheBus.id]);
    });

    it('ends a later segment’s reservation at the stop time of its first stop', async () => {
      const at = (hour: number) => `2032-02-01T${String(hour).padStart(2, '0')}:00:00.000Z`;
      // Istanbul 09:00, Bolu 12:00, Ankara 14:00, ...
      const route = await storedRoute(storage(), {
        departureAt: at(9),
        stopTimes: [at(9), at(12), at(14), at(15), at(16)],
      });
      const reserve = async (seatNumber: number, fromStopIndex: number) =>
        (
          await book(
            storage(),
            sampleTicket(route, {
              seatNumber,
              holdExpiresAt: at(20),
              fromStopIndex,
              toStopIndex: fromStopIndex + 1,
            }),
          )
        )._unsafeUnwrap();
      const fromIstanbul = await reserve(1, 0);
      const fromBolu = await reserve(2, 1);
      const due = async (now: string) =>
        (await storage().tickets.findExpiredHolds(now, 1000))
          ._unsafeUnwrap()
          .filter((t) => t.routeId === route.id)
          .map((t) => t.id);
      expect(await due(at(10))).toEqual([fromIstanbul.id]);
      expect(await due(at(12))).toEqual([fromIstanbul.id, fromBolu.id]);
    });
  });
}

export function describeSeatEventLogContract(name: string, factory: StorageFactory): void {
  describe(`SeatEventLog contract: ${name}`, () => {
    const storage = withStorage(factory);

    it('numbers each route 1, 2, 3, ... and reads back after a sequence', async () => {
      const a = await storedRoute(storage());
      const b = await storedRoute(storage());
      const seats = [1, 2, 1, 3];
      for (const [i, route] of [a, a, b, a].entries()) {
        (await book(storage(), sampleTicket(route, { seatNumber: seats[i] })))._unsafeUnwrap();
      }
      const events = (await storage().events.readAfter(a.id, 0, 100))._unsafeUnwrap();
      expect(events.map((e) => e.sequence)).toEqual([1, 2, 3]);
      expect(events.every((e) => e.routeId === a.id && e.timestamp === T0)).toBe(true);
      expect((await storage().events.readAfter(a.id, 1, 1))._unsafeUnwrap().map((e) => e.sequence)).toEqual([
        2,
      ]);
      expect((await storage().events.currentSequence(a.id))._unsafeUnwrap()).toBe(3);
      expect((await storage().events.currentSequence(b.id))._unsafeUnwrap()).toBe(1);
    });

    it('keeps the event exactly as drafted, plus its sequence and commit time', async () => {
      const route = await storedRoute(storage());
      const ticket = sampleTicket(route);
      const draft = {
        ...sampleDraft(ticket, 'seat_available'),
        metadata: { ...sampleDraft(ticket).metadata, reason: 'hold_expired' as const },
      };
      const appended = await storage().unitOfWork.run((tx) => tx.events.append([draft], T0));
      expect(appended._unsafeUnwrap()).toEqual([{ ...draft, sequence: 1, timestamp: T0 }]);
      expect((await storage().events.readAfter(route.id, 0, 10))._unsafeUnwrap()).toEqual([
        { ...draft, sequence: 1, timestamp: T0 },
      ]);
    });

    it('numbers one append in the order of its drafts, per route, continuing each route', async () => {
      const [a, b] = [await storedRoute(storage()), await storedRoute(storage())];
      const draft = (route: Route, seatNumber: number) => sampleDraft(sampleTicket(route, { seatNumber }));
      const append = async (drafts: SeatEventDraft[]) =>
        (await storage().unitOfWork.run((tx) => tx.events.append(drafts, T0)))._unsafeUnwrap();
      const first = (await append([draft(a, 3), draft(a, 1), draft(a, 2)])).filter(isSeatEvent);
      expect(first.map((e) => [e.seatNumber, e.sequence])).toEqual([
        [3, 1],
        [1, 2],
        [2, 3],
      ]);
      const mixed = (await append([draft(b, 5), draft(a, 4), draft(b, 6)])).filter(isSeatEvent);
      expect(mixed.map((e) => [e.routeId, e.seatNumber, e.sequence])).toEqual([
        [b.id, 5, 1],
        [a.id, 4, 4],
        [b.id, 6, 2],
      ]);
      const stored = (await storage().events.readAfter(a.id, 0, 10))._unsafeUnwrap();
      expect(stored.filter(isSeatEvent).map((e) => e.seatNumber)).toEqual([3, 1, 2, 4]);
    });

    it('leaves no gap when a unit of work rolls back', async () => {
      const route = await storedRoute(storage());
      const draft = sampleDraft(sampleTicket(route));
      const failed = await storage().unitOfWork.run((tx) =>
        tx.events.append([draft], T0).andThen(() => errAsync('abort')),
      );
      expect(failed._unsafeUnwrapErr()).toBe('abort');
      const next = await storage().unitOfWork.run((tx) => tx.events.append([draft, draft], T0));
      expect(next._unsafeUnwrap().map((e) => e.sequence)).toEqual([1, 2]);
    });

    it('gives concurrent units of work distinct, gap-free sequences', async () => {
      const route = await storedRoute(storage());
      const draft = sampleDraft(sampleTicket(route));
      const results = await Promise.all(
        Array.from({ length: 20 }, () => storage().unitOfWork.run((tx) => tx.events.append([draft], T0))),
      );
      const sequences = results
        .flatMap((r) => r._unsafeUnwrap().map((e) => e.sequence))
        .sort((x, y) => x - y);
      expect(sequences).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });

    it('remembers which events were published (the outbox)', async () => {
      const route = await storedRoute(storage());
      const draft = sampleDraft(sampleTicket(route));
      (await storage().unitOfWork.run((tx) => tx.events.append([draft, draft, draft], T0)))._unsafeUnwrap();
      const mine = async () =>
        (await storage().events.unpublished(10_000))._unsafeUnwrap().filter((e) => e.routeId === route.id);
      expect((await mine()).map((e) => e.sequence)).toEqual([1, 2, 3]);
      (await storage().events.markPublished([{ routeId: route.id, sequence: 2 }]))._unsafeUnwrap();
      expect((await mine()).map((e) => e.sequence)).toEqual([1, 3]);
    });

    it('lists unpublished events in sequence order per route, even when commit times disagree', async () => {
      // A unit of work may wait for the sequence lock after reading the clock, so times can run backwards.
      const route = await storedRoute(storage());
      const draft = sampleDraft(sampleTicket(route));
      for (const committedAt of ['2030-01-01T08:00:02.000Z', '2030-01-01T08:00:01.000Z']) {
        (await storage().unitOfWork.run((tx) => tx.events.append([draft], committedAt)))._unsafeUnwrap();
      }
      const pending = (await storage().events.unpublished(10_000))._unsafeUnwrap();
      expect(pending.filter((e) => e.routeId === route.id).map((e) => e.sequence)).toEqual([1, 2]);
    });
  });
}

export function describeUnitOfWorkContract(name: string, factory: StorageFactory): void {
  describe(`UnitOfWork contract: ${name}`, () => {
    const storage = withStorage(factory);

    it('commits every write of a successful unit of work', async () => {
      const route = await storedRoute(storage());
      const ticket = sampleTicket(route);
      (await book(storage(), ticket))._unsafeUnwrap();
      expect((await storage().tickets.findById(ticket.id))._unsafeUnwrap()).toEqual(ticket);
      expect((await storage().events.currentSequence(route.id))._unsafeUnwrap()).toBe(1);
    });

    it('rolls back every write when the work returns an error', async () => {
      const route = await storedRoute(storage());
      const ticket = sampleTicket(route);
      const result = await storage().unitOfWork.run((tx) =>
        tx.tickets
          .insertIfSeatFree(ticket)
          .andThen(() => tx.events.append([sampleDraft(ticket)], T0))
          .andThen(() =>
            tx.idempotency.insert({
              scope: 's',
              key: unique('k'),
              fingerprint: 'f',
              response: 1,
              createdAt: T0,
            }),
          )
          .andThen(() => errAsync({ kind: 'changed_my_mind' as const })),
      );
      expect(result._unsafeUnwrapErr()).toEqual({ kind: 'changed_my_mind' });
      expect((await storage().tickets.findById(ticket.id))._unsafeUnwrap()).toBeUndefined();
      expect((await storage().events.currentSequence(route.id))._unsafeUnwrap()).toBe(0);
    });

    it('rolls back and rethrows when the work throws (a bug)', async () => {
      const route = await storedRoute(storage());
      const ticket = sampleTicket(route);
      const run = storage().unitOfWork.run((tx) =>
        tx.tickets.insertIfSeatFree(ticket).andThen(() => {
          throw new Error('bug');
        }),
      );
      await expect(Promise.resolve(run)).rejects.toThrow('bug');
      expect((await storage().tickets.findById(ticket.id))._unsafeUnwrap()).toBeUndefined();
    });

    it('sees its own writes inside the unit of work', async () => {
      const route = await storedRoute(storage());
      const ticket = sampleTicket(route);
      const seen = await storage().unitOfWork.run((tx) =>
        tx.tickets.insertIfSeatFree(ticket).andThen(() => tx.tickets.findById(ticket.id)),
      );
      expect(seen._unsafeUnwrap()).toEqual(ticket);
    });
  });
}

export function describeIdempotencyStoreContract(name: string, factory: StorageFactory): void {
  describe(`IdempotencyStore contract: ${name}`, () => {
    const storage = withStorage(factory);

    it('keeps one record per scope and key, with its JSON response', async () => {
      const key = unique('key');
      const record = {
        scope: 'reserve:u1',
        key,
        fingerprint: 'abc',
        response: { id: 'x', n: [1, 2] },
        createdAt: T0,
      };
      expect((await storage().idempotency.find('reserve:u1', key))._unsafeUnwrap()).toBeUndefined();
      expect((await storage().unitOfWork.run((tx) => tx.idempotency.insert(record)))._unsafeUnwrap()).toEqual(
        record,
      );
      expect((await storage().idempotency.find('reserve:u1', key))._unsafeUnwrap()).toEqual(record);
      const again = await storage().unitOfWork.run((tx) =>
        tx.idempotency.insert({ ...record, fingerprint: 'other' }),
      );
      expect(again._unsafeUnwrapErr()).toEqual({ kind: 'idempotency_key_taken' });
      expect((await storage().idempotency.find('reserve:u2', key))._unsafeUnwrap()).toBeUndefined();
      (
        await storage().unitOfWork.run((tx) => tx.idempotency.insert({ ...record, scope: 'reserve:u2' }))
      )._unsafeUnwrap();
    });

    it('lets one of two concurrent units of work take a key', async () => {
      const key = unique('key');
      const record = { scope: 'pay:u1', key, fingerprint: 'abc', response: 1, createdAt: T0 };
      const results = await Promise.all(
        [1, 2].map(() =>
          storage().unitOfWork.run((tx) => tx.idempotency.insert(record).andThen(() => okAsync('done'))),
        ),
      );
      expect(results.filter((r) => r.isOk())).toHaveLength(1);
      expect(results.find((r) => r.isErr())?._unsafeUnwrapErr()).toEqual({ kind: 'idempotency_key_taken' });
    });
  });
}

export function describeBookingLocksContract(name: string, factory: StorageFactory): void {
  describe(`BookingLocks and open holds contract: ${name}`, () => {
    const storage = withStorage(factory);

    it('counts the reserved tickets of one owner whose hold has not run out', async () => {
      const route = await storedRoute(storage());
      const owner = unique('owner');
      const hold = (
        seatNumber: number,
        holdExpiresAt: string | null,
        status: Ticket['status'] = 'reserved',
      ) => book(storage(), sampleTicket(route, { seatNumber, ownerId: owner, holdExpiresAt, status }));
      (await hold(1, '2030-01-01T08:10:00.000Z'))._unsafeUnwrap();
      (await hold(2, '2030-01-01T08:20:00.000Z'))._unsafeUnwrap();
      (await hold(3, null, 'confirmed'))._unsafeUnwrap();
      (
        await book(storage(), sampleTicket(route, { seatNumber: 4, ownerId: unique('other') }))
      )._unsafeUnwrap();
      const count = async (now: string) =>
        (await storage().tickets.countOpenHolds(owner, now))._unsafeUnwrap();
      expect(await count('2030-01-01T08:00:00.000Z')).toBe(2);
      expect(await count('2030-01-01T08:10:00.000Z')).toBe(1);
      expect(await count('2030-01-01T08:20:00.000Z')).toBe(0);
    });

    it('a route lock makes "insert only if the route has no ticket yet" safe under concurrency', async () => {
      const route = await storedRoute(storage());
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          storage().unitOfWork.run((tx) =>
            tx.locks
              .route(route.id)
              .andThen(() => tx.tickets.findOccupying(route.id))
              .andThen((found) =>
                found.length > 0
                  ? errAsync({ kind: 'already_booked' as const })
                  : tx.tickets
                      .insertIfSeatFree(sampleTicket(route, { seatNumber: i + 1 }))
                      .andThen((stored) => tx.events.append([sampleDraft(stored)], T0)),
              ),
          ),
        ),
      );
      expect(results.filter((r) => r.isOk())).toHaveLength(1);
      expect((await storage().tickets.findOccupying(route.id))._unsafeUnwrap()).toHaveLength(1);
    });

    it('an owner lock makes "insert only if the owner holds nothing yet" safe across routes', async () => {
      const owner = unique('owner');
      const routes = await Promise.all([1, 2, 3, 4].map(() => storedRoute(storage())));
      const now = '2030-01-01T08:00:00.000Z';
      const results = await Promise.all(
        routes.map((route) =>
          storage().unitOfWork.run((tx) =>
            tx.locks
              .owner(owner)
              .andThen(() => tx.tickets.countOpenHolds(owner, now))
              .andThen((open) =>
                open > 0
                  ? errAsync({ kind: 'limit_reached' as const })
                  : tx.tickets.insertIfSeatFree(sampleTicket(route, { ownerId: owner })),
              ),
          ),
        ),
      );
      expect(results.filter((r) => r.isOk())).toHaveLength(1);
      expect((await storage().tickets.countOpenHolds(owner, now))._unsafeUnwrap()).toBe(1);
    });
  });
}

export function describePaymentLocksContract(name: string, factory: StorageFactory): void {
  describe(`PaymentLocks contract: ${name}`, () => {
    const storage = withStorage(factory);
    const LATER = '2030-01-01T08:02:00.000Z';
    const claim = (...ticketIds: string[]) => ({
      attemptId: cryptoIdGenerator.uuid(),
      ticketIds,
      expiresAt: LATER,
    });
    const acquire = async (c: ReturnType<typeof claim>, now = T0) =>
      (await storage().paymentLocks.acquire(c, now))._unsafeUnwrap();
    const release = async (c: ReturnType<typeof claim>) =>
      (await storage().paymentLocks.release(c))._unsafeUnwrap();
    const ids = (n: number) => Array.from({ length: n }, () => cryptoIdGenerator.uuid());

    it('lets one attempt hold a ticket until it releases it', async () => {
      const [ticket] = ids(1) as [string];
      const first = claim(ticket);
      const second = claim(ticket);
      expect(await acquire(first)).toBe(true);
      expect(await acquire(first)).toBe(true);
      expect(await acquire(second)).toBe(false);
      await release(first);
      expect(await acquire(second)).toBe(true);
      await release(second);
    });

    it('claims all tickets of a group or none of them', async () => {
      const [a, b, c] = ids(3) as [string, string, string];
      const holder = claim(b);
      expect(await acquire(holder)).toBe(true);
      expect(await acquire(claim(a, b, c))).toBe(false);
      // The refused group left nothing behind: its other tickets are free.
      const rest = claim(a, c);
      expect(await acquire(rest)).toBe(true);
      await release(holder);
      await release(rest);
    });

    it('lets a claim lapse at its expiry, and a lapsed owner cannot release its successor', async () => {
      const [ticket] = ids(1) as [string];
      const crashed = claim(ticket);
      const next = { ...claim(ticket), expiresAt: '2030-01-01T08:04:00.000Z' };
      expect(await acquire(crashed)).toBe(true);
      expect(await acquire(next, '2030-01-01T08:01:59.999Z')).toBe(false);
      expect(await acquire(next, LATER)).toBe(true);
      await release(crashed);
      expect(await acquire(claim(ticket), LATER)).toBe(false);
      await release(next);
    });

    it('gives two tickets to exactly one of ten concurrent attempts', async () => {
      const tickets = ids(2);
      const attempts = Array.from({ length: 10 }, (_, i) =>
        claim(...(i % 2 ? [...tickets].reverse() : tickets)),
      );
      const won = await Promise.all(attempts.map((a) => acquire(a)));
      expect(won.filter(Boolean)).toHaveLength(1);
      await Promise.all(attempts.map(release));
    });
  });
}

/** Every storage contract at once: what an adapter runs to prove it keeps the core's guarantees. */
export function describeStorageContracts(name: string, factory: StorageFactory): void {
  describeRouteRepositoryContract(name, factory);
  describeTicketRepositoryContract(name, factory);
  describeSeatMoveContract(name, factory);
  describeHoldRepositoryContract(name, factory);
  describeSeatEventLogContract(name, factory);
  describeRouteChangeContract(name, factory);
  describeUnitOfWorkContract(name, factory);
  describeIdempotencyStoreContract(name, factory);
  describePaymentRepositoryContract(name, factory);
  describeBookingLocksContract(name, factory);
  describePaymentLocksContract(name, factory);
  describeHistoryLogContract(name, factory);
  describeBoardingRepositoryContract(name, factory);
}
