import { describe, expect, it } from '@jest/globals';
import { silentLogger, type SeatEventLog } from '@booking/core';
import { createInMemoryBooking, type InMemoryBooking } from '@booking/core/testing';
import fc from 'fast-check';
import { okAsync } from 'neverthrow';
import type { SeatUpdate } from './protocol';
import { RouteFeed, type FeedListener } from './route-feed';
import { admin, customer } from './test-support/seat-test-server';
import { range, seatUpdate } from './test-support/seat-updates';

const ROUTE = 'route-1';
const emptyLog: Pick<SeatEventLog, 'readAfter' | 'currentSequence'> = {
  readAfter: () => okAsync([]),
  currentSequence: () => okAsync(0),
};

function recorder(): FeedListener & { heard: (number | 'skipped')[]; batches: number[][] } {
  const heard: (number | 'skipped')[] = [];
  const batches: number[][] = [];
  return {
    heard,
    batches,
    events: (updates: readonly SeatUpdate[]) => {
      batches.push(updates.map((u) => u.sequence));
      heard.push(...updates.map((u) => u.sequence));
    },
    skipped: () => heard.push('skipped'),
  };
}

/** Customers reserve these seats one after the other (one event each, sequences in that order). */
async function reserveSeats(booking: InMemoryBooking, routeId: string, seats: number[]): Promise<void> {
  for (const seatNumber of seats) {
    const reserved = await booking.services.tickets.reserve(customer(), {
      routeId,
      seatNumber,
      passengerName: 'Ada',
      gender: 'female',
    });
    reserved._unsafeUnwrap();
  }
}

/** A feed that never reads the log on its own (a gap wait longer than any test). */
function quietFeed(room: FeedListener, log = emptyLog): RouteFeed {
  return new RouteFeed({ routeId: ROUTE, log, room, gapWaitMs: 60_000, logger: silentLogger });
}

async function bookedRoute(retainEventsPerRoute?: number) {
  const booking = createInMemoryBooking({}, retainEventsPerRoute ? { retainEventsPerRoute } : undefined);
  const route = (
    await booking.services.routes.create(admin, {
      fromCity: 'Berlin',
      toCity: 'Prague',
      stations: ['Dresden'],
      departureAt: '2030-06-01T09:00:00.000Z',
      seatCount: 10,
      price: 30,
    })
  )._unsafeUnwrap();
  return { booking, route };
}

describe('RouteFeed', () => {
  it('delivers any arrival order, with repeats, exactly once each and in sequence order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 30 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.shuffledSubarray([...range(1, n), ...range(1, n)], { minLength: 2 * n }),
            ),
          ),
        async ([n, arrivals]) => {
          const room = recorder();
          const feed = quietFeed(room);
          const tap = recorder();
          feed.tap(tap);
          // Half the events arrive before the baseline is read, half after.
          for (const sequence of arrivals.slice(0, n)) feed.accept([seatUpdate(ROUTE, sequence)]);
          await feed.ready;
          for (const sequence of arrivals.slice(n)) feed.accept([seatUpdate(ROUTE, sequence)]);
          feed.close();
          expect(room.heard).toEqual(range(1, n));
          expect(tap.heard).toEqual(range(1, n));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('hands listeners the events that became deliverable together as one batch, in order', async () => {
    const room = recorder();
    const feed = quietFeed(room);
    await feed.ready;
    feed.accept([seatUpdate(ROUTE, 3), seatUpdate(ROUTE, 2)]); // early: 1 is missing
    feed.accept([seatUpdate(ROUTE, 1)]);
    feed.accept([seatUpdate(ROUTE, 4), seatUpdate(ROUTE, 5)]);
    feed.accept([seatUpdate(ROUTE, 5), seatUpdate(ROUTE, 6)]); // 5 again: delivered once
    feed.close();
    expect(room.batches).toEqual([[1, 2, 3], [4, 5], [6]]);
  });

  it('ignores events of other routes and events at or below its baseline', async () => {
    const room = recorder();
    const feed = quietFeed(room, { ...emptyLog, currentSequence: () => okAsync(5) });
    await feed.ready;
    for (const sequence of [3, 5, 6]) feed.accept([seatUpdate(ROUTE, sequence)]);
    feed.accept([seatUpdate('route-2', 7)]);
    feed.close();
    expect(room.heard).toEqual([6]);
  });

  it('reads from the log the events the bus never brought', async () => {
    const { booking, route } = await bookedRoute();
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const room = recorder();
    const feed = new RouteFeed({
      routeId: route.id,
      log: booking.ports.events,
      room: { ...room, events: (u) => (room.events(u), u.some((e) => e.sequence === 3) && done()) },
      gapWaitMs: 5,
      logger: silentLogger,
    });
    await feed.ready;
    await reserveSeats(booking, route.id, [1, 2, 3]);
    const third = booking.notifier.events.find((e) => e.sequence === 3);
    feed.accept([third as SeatUpdate]);
    await finished;
    feed.close();
    expect(room.heard).toEqual([1, 2, 3]);
  });

  it('skips ahead and tells listeners to resync when the log no longer holds the missing events', async () => {
    const { booking, route } = await bookedRoute(1);
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const room = recorder();
    const feed = new RouteFeed({
      routeId: route.id,
      log: booking.ports.events,
      room: { ...room, events: (u) => (room.events(u), done()) },
      gapWaitMs: 5,
      logger: silentLogger,
    });
    await feed.ready;
    await reserveSeats(booking, route.id, [1, 2, 3, 4]);
    feed.accept([booking.notifier.events.find((e) => e.sequence === 4) as SeatUpdate]);
    await finished;
    feed.close();
    expect(room.heard).toEqual(['skipped', 4]);
  });
});
