import { describe, expect, it } from './jest-globals';
import type { Schedule } from '../../domain/schedule';
import { cryptoIdGenerator } from '../../adapters';
import { sampleHold, sampleRoute, sampleTicket, unique } from '../fixtures';
import { book, withStorage, type StorageFactory } from './storage-harness';

function sampleSchedule(overrides: Partial<Schedule> = {}): Schedule {
  const line = unique('line');
  return {
    id: cryptoIdGenerator.uuid(),
    fromCity: `Istanbul ${line}`,
    toCity: `Ankara ${line}`,
    stations: [],
    stopOffsetsMinutes: null,
    departureTimes: ['09:00'],
    daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
    startDate: '2030-06-01',
    endDate: '2030-06-30',
    timeZone: 'Europe/Istanbul',
    seatCount: 10,
    layout: '2+2',
    decks: 1,
    price: 25,
    segmentPrices: [],
    key: `{"line":"${line}","dates":"2030-06"}`,
    lineKey: `{"line":"${line}"}`,
    createdAt: '2030-01-01T08:00:00.000Z',
    ...overrides,
  };
}

/** Timetables: one departure per line and instant, and the removal of unused departures. */
export function describeScheduleRepositoryContract(name: string, factory: StorageFactory): void {
  describe(`ScheduleRepository contract: ${name}`, () => {
    const storage = withStorage(factory);
    const schedules = () => storage().schedules;

    it('stores a schedule once per key and finds it by id, unchanged', async () => {
      const schedule = sampleSchedule();
      expect((await schedules().insertOrFind(schedule))._unsafeUnwrap()).toEqual({ schedule, created: true });
      const again = sampleSchedule({ key: schedule.key, lineKey: schedule.lineKey });
      expect((await schedules().insertOrFind(again))._unsafeUnwrap()).toEqual({ schedule, created: false });
      expect((await schedules().findById(schedule.id))._unsafeUnwrap()).toEqual(schedule);
      expect((await schedules().findById(again.id))._unsafeUnwrap()).toBeUndefined();
      expect((await schedules().findById('not-a-schedule'))._unsafeUnwrap()).toBeUndefined();
      const listed = (await schedules().list(10_000))._unsafeUnwrap();
      expect(listed.filter((s) => s.key === schedule.key)).toEqual([schedule]);
    });

    it('adds a departure with its route, and never a second one of the line at the same instant', async () => {
      const first = sampleSchedule();
      const second = sampleSchedule({ lineKey: first.lineKey });
      await schedules().insertOrFind(first);
      await schedules().insertOrFind(second);
      const route = sampleRoute({ departureAt: '2030-06-02T06:00:00.000Z' });
      expect((await schedules().addDeparture(first, route))._unsafeUnwrap()).toEqual({
        routeId: route.id,
        scheduleId: first.id,
        added: true,
      });
      expect((await storage().routes.findById(route.id))._unsafeUnwrap()).toEqual(route);
      // The same instant written another way, from the other schedule of the line: nothing new.
      const twin = sampleRoute({ departureAt: '2030-06-02T09:00:00+03:00' });
      expect((await schedules().addDeparture(second, twin))._unsafeUnwrap()).toEqual({
        routeId: route.id,
        scheduleId: first.id,
        added: false,
      });
      expect((await storage().routes.findById(twin.id))._unsafeUnwrap()).toBeUndefined();
      const later = sampleRoute({ departureAt: '2030-06-03T06:00:00.000Z' });
      await schedules().addDeparture(second, later);
      expect((await schedules().departures(first.id))._unsafeUnwrap()).toEqual([
        { routeId: route.id, departureAt: route.departureAt },
      ]);
      expect((await schedules().departures(second.id))._unsafeUnwrap()).toEqual([
        { routeId: later.id, departureAt: later.departureAt },
      ]);
    });

    it('adds each departure once when the same one is added many times at once', async () => {
      const schedule = sampleSchedule();
      await schedules().insertOrFind(schedule);
      const routes = Array.from({ length: 8 }, () =>
        sampleRoute({ departureAt: '2030-06-05T06:00:00.000Z' }),
      );
      const added = await Promise.all(routes.map((r) => schedules().addDeparture(schedule, r)));
      const answers = added.map((a) => a._unsafeUnwrap());
      expect(answers.filter((a) => a.added)).toHaveLength(1);
      expect(new Set(answers.map((a) => a.routeId)).size).toBe(1);
      expect((await schedules().departures(schedule.id))._unsafeUnwrap()).toHaveLength(1);
    });

    it('removes only a future route with no ticket and no active hold', async () => {
      const schedule = sampleSchedule();
      await schedules().insertOrFind(schedule);
      const at = (day: number) => `2030-06-${String(day).padStart(2, '0')}T06:00:00.000Z`;
      const [empty, sold, held, released, gone] = [10, 11, 12, 13, 14].map((day) =>
        sampleRoute({ departureAt: at(day) }),
      ) as [ReturnType<typeof sampleRoute>, ...ReturnType<typeof sampleRoute>[]];
      for (const route of [empty, sold, held, released, gone]) {
        (await schedules().addDeparture(schedule, route!))._unsafeUnwrap();
      }
      (
        await book(storage(), sampleTicket(sold!, { status: 'cancelled', holdExpiresAt: null }))
      )._unsafeUnwrap();
      (await storage().holds.insertIfSeatsFree(sampleHold(held!)))._unsafeUnwrap();
      const ended = (await storage().holds.insertIfSeatsFree(sampleHold(released!)))._unsafeUnwrap();
      (
        await storage().holds.update({ ...ended, status: 'released', version: ended.version + 1 })
      )._unsafeUnwrap();
      const now = '2030-06-12T00:00:00.000Z';
      const remove = async (routeId: string, when = now) =>
        (await schedules().removeUnusedRoute(routeId, when))._unsafeUnwrap();
      expect(await remove(gone!.id, '2030-06-20T00:00:00.000Z')).toBe(false); // departed
      expect(await remove(sold!.id, '2030-06-01T00:00:00.000Z')).toBe(false); // a ticket, even cancelled
      expect(await remove(held!.id, '2030-06-01T00:00:00.000Z')).toBe(false); // an active hold
      expect(await remove(released!.id)).toBe(true);
      expect(await remove(empty!.id, '2030-06-01T00:00:00.000Z')).toBe(true);
      expect((await storage().routes.findById(empty!.id))._unsafeUnwrap()).toBeUndefined();
      expect((await storage().routes.findById(sold!.id))._unsafeUnwrap()).toBeDefined();
      expect((await schedules().departures(schedule.id))._unsafeUnwrap().map((d) => d.routeId)).toEqual([
        sold!.id,
        held!.id,
        gone!.id,
      ]);
      expect(await remove(empty!.id, '2030-06-01T00:00:00.000Z')).toBe(false); // already gone
    });

    it('forgets a deleted schedule; its kept departures still count for the line and pass to the next schedule', async () => {
      const first = sampleSchedule();
      await schedules().insertOrFind(first);
      const kept = sampleRoute({ departureAt: '2030-06-20T06:00:00.000Z' });
      await schedules().addDeparture(first, kept);
      (await schedules().delete(first.id))._unsafeUnwrap();
      expect((await schedules().findById(first.id))._unsafeUnwrap()).toBeUndefined();
      expect((await schedules().departures(first.id))._unsafeUnwrap()).toEqual([]);
      const next = sampleSchedule({ lineKey: first.lineKey });
      await schedules().insertOrFind(next);
      const twin = sampleRoute({ departureAt: kept.departureAt });
      expect((await schedules().addDeparture(next, twin))._unsafeUnwrap()).toEqual({
        routeId: kept.id,
        scheduleId: next.id,
        added: false,
      });
      expect((await schedules().departures(next.id))._unsafeUnwrap()).toEqual([
        { routeId: kept.id, departureAt: kept.departureAt },
      ]);
    });
  });
}
