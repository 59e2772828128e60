import { ResultAsync, errAsync, okAsync } from 'neverthrow';
import { describe, expect, it } from './jest-globals';
import type { Route } from '../../domain/route';
import { routeUpdateDraft, type RouteEventDraft } from '../../domain/route-event';
import { sampleDraft, sampleRoute, sampleTicket, unique } from '../fixtures';
import { storedRoute, T0, withStorage, type StorageFactory, type StorageUnderTest } from './storage-harness';

const LATER = '2030-01-02T08:00:00.001Z';

/** `route` moved to depart at `departureAt`, with a time for each of its stops (milliseconds matter). */
function moved(route: Route, departureAt: string): Route {
  const start = Date.parse(departureAt);
  const stopTimes = route.stops.map((_, i) => new Date(start + i * 2_700_123).toISOString());
  return { ...route, departureAt, stopTimes, updatedAt: LATER };
}

function cancelled(route: Route, reason: string): Route {
  return { ...route, status: 'cancelled', cancelReason: reason, updatedAt: LATER };
}

/** Writes `route` as a departure change does: inside a unit of work, under the route's exclusive lock. */
function change(storage: StorageUnderTest, route: Route) {
  return storage.unitOfWork.run((tx) => tx.locks.route(route.id).andThen(() => tx.routes.update(route)));
}

/** A unit of work that holds `routeShared` of the route until `release` is called. */
function heldShared(storage: StorageUnderTest, routeId: string) {
  let taken!: () => void;
  let release!: () => void;
  const holding = new Promise<void>((resolve) => (taken = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const done = storage.unitOfWork.run((tx) =>
    tx.locks.routeShared(routeId).andThen(() => {
      taken();
      return ResultAsync.fromSafePromise(released);
    }),
  );
  return { holding, release, done };
}

/**
 * True once `waiters` units of work wait for a lock, false once `settled` settles first: tells a
 * unit of work that waits from one that went ahead, without timing anything.
 */
async function waitsForLock(
  lockWaits: () => Promise<number>,
  settled: Promise<unknown>,
  waiters = 1,
): Promise<boolean> {
  let done = false;
  const mark = () => {
    done = true;
  };
  settled.then(mark, mark);
  while (!done) {
    if ((await lockWaits()) >= waiters) return true;
  }
  return false;
}

/**
 * What changes of a departure need from storage: the route written again (cancelled, moved), its
 * `route_update`s numbered in the route's sequence with its seat events, and the shared route lock
 * that sales take so a change waits for them and they see it.
 */
export function describeRouteChangeContract(name: string, factory: StorageFactory): void {
  describe(`Route changes contract: ${name}`, () => {
    const storage = withStorage(factory);
    const found = async (id: string) => (await storage().routes.findById(id))._unsafeUnwrap();

    it('writes a moved departure with its stop times to the millisecond, then its cancellation with the reason', async () => {
      const route = await storedRoute(storage());
      const move = moved(route, '2030-06-01T10:30:00.123Z');
      expect(move.stopTimes?.[1]).toBe('2030-06-01T11:15:00.246Z');
      expect((await change(storage(), move))._unsafeUnwrap()).toEqual(move);
      expect(await found(route.id)).toEqual(move);
      const cancel = cancelled(move, 'Storm on the pass');
      expect((await change(storage(), cancel))._unsafeUnwrap()).toEqual(cancel);
      expect(await found(route.id)).toEqual(cancel);
      // The departure first announced stays what it was.
      expect((await found(route.id))?.scheduledDepartureAt).toBe(route.scheduledDepartureAt);
    });

    it('stores a route with its stop times as given, and writes them away again', async () => {
      const route = moved(sampleRoute(), '2030-06-01T09:00:00.000Z');
      expect((await storage().routes.insert(route))._unsafeUnwrap()).toEqual(route);
      expect(await found(route.id)).toEqual(route);
      const without = { ...route, stopTimes: null, updatedAt: '2030-01-03T08:00:00.000Z' };
      (await change(storage(), without))._unsafeUnwrap();
      expect(await found(route.id)).toEqual(without);
    });

    it('lists a moved route by its new departure', async () => {
      const city = unique('Bolu');
      const route = await storedRoute(storage(), {
        stops: [unique('Istanbul'), city, unique('Ankara')],
        departureAt: '2030-06-05T09:00:00.000Z',
      });
      (await change(storage(), moved(route, '2030-06-06T09:00:00.000Z')))._unsafeUnwrap();
      const on = async (day: string) =>
        (
          await storage().routes.list({
            stopsIn: [city],
            departsFrom: `${day}T00:00:00.000Z`,
            departsBefore: `${day}T23:59:59.999Z`,
            limit: 10,
          })
        )
          ._unsafeUnwrap()
          .map((r) => r.id);
      expect(await on('2030-06-05')).toEqual([]);
      expect(await on('2030-06-06')).toEqual([route.id]);
    });

    it('rolls a route update back with its unit of work', async () => {
      const route = await storedRoute(storage());
      const failed = await storage().unitOfWork.run((tx) =>
        tx.locks
          .route(route.id)
          .andThen(() => tx.routes.update(cancelled(route, 'Storm')))
          .andThen(() => errAsync({ kind: 'changed_my_mind' as const })),
      );
      expect(failed._unsafeUnwrapErr()).toEqual({ kind: 'changed_my_mind' });
      expect(await found(route.id)).toEqual(route);
    });

    it("numbers route updates in the route's sequence between its seat events, and gives them back exactly as drafted", async () => {
      const route = await storedRoute(storage());
      const ticket = sampleTicket(route);
      const drafts: RouteEventDraft[] = [
        sampleDraft(ticket),
        // Moved without stop times: no `stopTimes`, no `reason`.
        routeUpdateDraft({ ...route, departureAt: '2030-06-01T09:30:00.000Z' }),
        routeUpdateDraft(moved(route, '2030-06-01T09:45:00.123Z')),
        sampleDraft(ticket, 'seat_cancelled'),
        routeUpdateDraft(cancelled(moved(route, '2030-06-01T09:45:00.123Z'), 'Storm')),
      ];
      const committed = drafts.map((draft, i) => ({ ...draft, sequence: i + 1, timestamp: T0 }));
      const appended = await storage().unitOfWork.run((tx) => tx.events.append(drafts, T0));
      expect(appended._unsafeUnwrap()).toStrictEqual(committed);
      expect((await storage().events.readAfter(route.id, 0, 10))._unsafeUnwrap()).toStrictEqual(committed);
      expect((await storage().events.readAfter(route.id, 1, 2))._unsafeUnwrap()).toStrictEqual(
        committed.slice(1, 3),
      );
      expect(Object.keys(committed[1] as object).sort()).toEqual(
        ['departureAt', 'eventType', 'routeId', 'sequence', 'status', 'timestamp'].sort(),
      );
      expect((await storage().events.currentSequence(route.id))._unsafeUnwrap()).toBe(5);
      // The next seat event continues the same sequence.
      const next = await storage().unitOfWork.run((tx) => tx.events.append([sampleDraft(ticket)], T0));
      expect(next._unsafeUnwrap().map((e) => e.sequence)).toEqual([6]);
    });

    it('numbers the route updates of several routes in one append, each in its own sequence', async () => {
      const [a, b] = [await storedRoute(storage()), await storedRoute(storage())];
      const drafts: RouteEventDraft[] = [
        sampleDraft(sampleTicket(a)),
        routeUpdateDraft(cancelled(b, 'Driver ill')),
        routeUpdateDraft(moved(a, '2030-06-01T11:00:00.000Z')),
        sampleDraft(sampleTicket(b, { seatNumber: 2 })),
      ];
      const appended = (await storage().unitOfWork.run((tx) => tx.events.append(drafts, T0)))._unsafeUnwrap();
      expect(appended.map((e) => [e.routeId, e.eventType, e.sequence])).toEqual([
        [a.id, 'seat_reserved', 1],
        [b.id, 'route_update', 1],
        [a.id, 'route_update', 2],
        [b.id, 'seat_reserved', 2],
      ]);
      const read = async (route: Route) =>
        (await storage().events.readAfter(route.id, 0, 10))._unsafeUnwrap();
      expect([...(await read(a)), ...(await read(b))]).toStrictEqual([
        appended[0],
        appended[2],
        appended[1],
        appended[3],
      ]);
    });

    it('lists route updates among the unpublished events in sequence order, until they are marked published', async () => {
      const route = await storedRoute(storage());
      const ticket = sampleTicket(route);
      const update = routeUpdateDraft(cancelled(route, 'Storm'));
      (
        await storage().unitOfWork.run((tx) =>
          tx.events.append([sampleDraft(ticket), update, sampleDraft(ticket, 'seat_cancelled')], T0),
        )
      )._unsafeUnwrap();
      const mine = async () =>
        (await storage().events.unpublished(10_000))._unsafeUnwrap().filter((e) => e.routeId === route.id);
      const pending = await mine();
      expect(pending.map((e) => e.sequence)).toEqual([1, 2, 3]);
      expect(pending[1]).toStrictEqual({ ...update, sequence: 2, timestamp: T0 });
      (await storage().events.markPublished([{ routeId: route.id, sequence: 2 }]))._unsafeUnwrap();
      expect((await mine()).map((e) => [e.sequence, e.eventType])).toEqual([
        [1, 'seat_reserved'],
        [3, 'seat_cancelled'],
      ]);
    });

    it('makes a sale that takes routeShared wait for a departure change under route, and see the change', async () => {
      const route = await storedRoute(storage());
      const cancel = cancelled(route, 'Storm');
      let sale: Promise<unknown> | undefined;
      let saleRead: Route | undefined;
      let saleWaited: boolean | undefined;
      const changed = await storage().unitOfWork.run((tx) =>
        tx.locks
          .route(route.id)
          .andThen(() => tx.routes.update(cancel))
          .andThen(() => {
            sale = Promise.resolve(
              storage().unitOfWork.run((other) =>
                other.locks
                  .routeShared(route.id)
                  .andThen(() => other.routes.findById(route.id))
                  .map((read) => {
                    saleRead = read;
                  }),
              ),
            );
            // Where units of work run at once, the change commits only once the sale waits for it.
            const lockWaits = factory.lockWaits?.bind(factory);
            if (!lockWaits) return okAsync(undefined);
            return ResultAsync.fromSafePromise(waitsForLock(lockWaits, sale)).map((waited) => {
              saleWaited = waited;
            });
          }),
      );
      changed._unsafeUnwrap();
      await sale;
      expect(saleRead).toEqual(cancel);
      if (factory.lockWaits) expect(saleWaited).toBe(true);
    });

    const concurrent = factory.lockWaits ? it : it.skip;

    concurrent('lets two units of work hold routeShared of one route at once', async () => {
      const route = await storedRoute(storage());
      const first = heldShared(storage(), route.id);
      await first.holding;
      const second = Promise.resolve(storage().unitOfWork.run((tx) => tx.locks.routeShared(route.id)));
      const waited = await waitsForLock(() => (factory.lockWaits as () => Promise<number>)(), second);
      first.release();
      (await first.done)._unsafeUnwrap();
      (await second)._unsafeUnwrap();
      expect(waited).toBe(false);
    });

    concurrent('makes route wait until no unit of work holds routeShared', async () => {
      const route = await storedRoute(storage());
      const sale = heldShared(storage(), route.id);
      await sale.holding;
      let locked = false;
      const departureChange = Promise.resolve(
        storage().unitOfWork.run((tx) =>
          tx.locks.route(route.id).map(() => {
            locked = true;
          }),
        ),
      );
      const waited = await waitsForLock(
        () => (factory.lockWaits as () => Promise<number>)(),
        departureChange,
      );
      const lockedDuringSale = locked;
      sale.release();
      (await sale.done)._unsafeUnwrap();
      (await departureChange)._unsafeUnwrap();
      expect({ waited, lockedDuringSale, locked }).toEqual({
        waited: true,
        lockedDuringSale: false,
        locked: true,
      });
    });

    concurrent(
      'queues a sale behind a departure change that waits, so a stream of sales cannot starve it',
      async () => {
        const lockWaits = () => (factory.lockWaits as () => Promise<number>)();
        const route = await storedRoute(storage());
        const first = heldShared(storage(), route.id);
        await first.holding;
        const order: string[] = [];
        const departureChange = Promise.resolve(
          storage().unitOfWork.run((tx) => tx.locks.route(route.id).map(() => void order.push('change'))),
        );
        const changeWaited = await waitsForLock(lockWaits, departureChange);
        const later = Promise.resolve(
          storage().unitOfWork.run((tx) => tx.locks.routeShared(route.id).map(() => void order.push('sale'))),
        );
        const saleWaited = await waitsForLock(lockWaits, later, 2);
        first.release();
        (await first.done)._unsafeUnwrap();
        (await departureChange)._unsafeUnwrap();
        (await later)._unsafeUnwrap();
        expect({ changeWaited, saleWaited, order }).toEqual({
          changeWaited: true,
          saleWaited: true,
          order: ['change', 'sale'],
        });
      },
    );
  });
}
