import { describe, expect, it } from '@jest/globals';
import { silentLogger, type SeatEventLog } from '@booking/core';
import fc from 'fast-check';
import { ok, ResultAsync } from 'neverthrow';
import type { SeatUpdate } from './protocol';
import { RouteFeed } from './route-feed';
import { RouteSubscription } from './route-subscription';
import { range, seatUpdate } from './test-support/seat-updates';

const ROUTE = 'route-1';
type Heard = number | 'subscribed' | 'resync' | 'skipped';

/** A log over `events` whose every read completes when the scheduler decides, seeing the log as it is then. */
function scheduledLog(
  s: fc.Scheduler,
  events: SeatUpdate[],
): Pick<SeatEventLog, 'readAfter' | 'currentSequence'> {
  const read = <T>(label: string, value: () => T) =>
    new ResultAsync(s.schedule(Promise.resolve(), label).then(() => ok(value())));
  return {
    currentSequence: () => read('currentSequence', () => events.length),
    readAfter: (_routeId, after, limit) =>
      read(`readAfter ${after}`, () => events.slice(after, after + limit)),
  };
}

describe('the replay seam (RouteSubscription over a RouteFeed)', () => {
  it('sends every event after sinceSequence exactly once, in order, whatever the interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
        fc.option(fc.nat(), { nil: undefined }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        async (s, committedBefore, committedDuring, sinceChoice, repeats) => {
          const log: SeatUpdate[] = range(1, committedBefore).map((n) => seatUpdate(ROUTE, n));
          const events = scheduledLog(s, log);
          const heard: Heard[] = [];
          let joined = false;
          const feed = new RouteFeed({
            routeId: ROUTE,
            log: events,
            room: {
              events: (updates) => joined && heard.push(...updates.map((u) => u.sequence)),
              skipped: () => heard.push('skipped'),
            },
            gapWaitMs: 60_000,
            logger: silentLogger,
          });
          const subscription = new RouteSubscription(
            feed,
            {
              send: (u) => heard.push(u.sequence),
              resyncRequired: () => heard.push('resync'),
              joinRoom: () => (joined = true),
              leaveRoom: () => (joined = false),
            },
            { log: events, maxReplayEvents: 1000, pageSize: 2 },
          );
          // Each committed event reaches the feed once or twice, at a moment the scheduler picks.
          const publish = (sequence: number) => {
            for (let copy = 0; copy < (repeats[sequence - 1] ? 2 : 1); copy++) {
              void s
                .schedule(Promise.resolve(), `deliver ${sequence}`)
                .then(() => feed.accept([seatUpdate(ROUTE, sequence)]));
            }
          };
          range(1, committedBefore).forEach(publish);
          s.scheduleSequence(
            range(committedBefore + 1, committedBefore + committedDuring).map((sequence) => ({
              label: `commit ${sequence}`,
              builder: async () => {
                log.push(seatUpdate(ROUTE, sequence));
                publish(sequence);
              },
            })),
          );
          const since = sinceChoice === undefined ? undefined : sinceChoice % (committedBefore + 1);
          let upToDate = -1;
          const started = subscription.start(since, (sequence) => {
            upToDate = sequence;
            heard.push('subscribed');
          });
          const result = await s.waitFor(started);
          await s.waitIdle();
          feed.close();

          const last = committedBefore + committedDuring;
          expect(result).toEqual({ ok: true, sequence: upToDate });
          const first = since ?? upToDate;
          expect(heard.filter((h) => h !== 'subscribed')).toEqual(range(first + 1, last));
          // `subscribed` comes after what it says the client has, and before the rest.
          expect(heard.indexOf('subscribed')).toBe(upToDate - first);
          expect(upToDate).toBeGreaterThanOrEqual(since ?? committedBefore);
          expect(joined).toBe(true);
          expect(subscription.isLive).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('asks for a resync when the client claims a sequence the route never reached', async () => {
    const log = range(1, 3).map((n) => seatUpdate(ROUTE, n));
    const events = {
      currentSequence: () => new ResultAsync(Promise.resolve(ok(log.length))),
      readAfter: (_r: string, after: number) => new ResultAsync(Promise.resolve(ok(log.slice(after)))),
    };
    const heard: Heard[] = [];
    const feed = new RouteFeed({
      routeId: ROUTE,
      log: events,
      room: { events: () => undefined, skipped: () => undefined },
      gapWaitMs: 60_000,
      logger: silentLogger,
    });
    const subscription = new RouteSubscription(
      feed,
      {
        send: (u) => heard.push(u.sequence),
        resyncRequired: () => heard.push('resync'),
        joinRoom: () => undefined,
        leaveRoom: () => undefined,
      },
      { log: events, maxReplayEvents: 1000, pageSize: 100 },
    );
    const result = await subscription.start(10, () => heard.push('subscribed'));
    feed.close();
    expect(result).toEqual({ ok: true, sequence: 3 });
    expect(heard).toEqual(['resync', 'subscribed']);
  });
});
