import { describe, expect, it } from '@jest/globals';
import type { ResultAsync } from 'neverthrow';
import type { PersistenceError } from '../domain/errors';
import type { Route } from '../domain/route';
import type { RouteQuery, RouteRepository } from '../ports/route-repository.port';
import { sampleRoute } from '../testing/fixtures';
import { InMemoryDatabase } from '../testing/in-memory-database';
import { InMemoryRouteRepository } from '../testing/in-memory-repositories';
import { CachedRouteRepository } from './cached-route-repository';

/** The in-memory repository, counting how often `findById` reaches it. */
class CountingRoutes implements RouteRepository {
  lookups = 0;
  constructor(readonly inner: RouteRepository) {}
  insert(route: Route): ResultAsync<Route, PersistenceError> {
    return this.inner.insert(route);
  }
  findById(id: string): ResultAsync<Route | undefined, PersistenceError> {
    this.lookups += 1;
    return this.inner.findById(id);
  }
  update(route: Route): ResultAsync<Route, PersistenceError> {
    return this.inner.update(route);
  }
  list(query: RouteQuery): ResultAsync<Route[], PersistenceError> {
    return this.inner.list(query);
  }
}

function setup(maxRoutes?: number) {
  const db = new InMemoryDatabase();
  const store = new CountingRoutes(new InMemoryRouteRepository({ db }));
  const time = { now: 0 };
  const cached = new CachedRouteRepository(store, { maxRoutes, maxAgeMs: 2_000, now: () => time.now });
  return { db, store, cached, time };
}

const found = async (repo: RouteRepository, id: string) => (await repo.findById(id))._unsafeUnwrap();

describe('CachedRouteRepository', () => {
  it('asks the store once per route and answers equal copies afterwards', async () => {
    const { store, cached } = setup();
    const route = sampleRoute();
    await cached.insert(route);
    const first = await found(cached, route.id);
    const second = await found(cached, route.id);
    expect(first).toEqual(route);
    expect(second).toEqual(route);
    expect(store.lookups).toBe(1);
  });

  it('hands out copies, so a caller changing one cannot change what others get', async () => {
    const { cached } = setup();
    const route = sampleRoute();
    await cached.insert(route);
    const first = (await found(cached, route.id)) as Route;
    first.stops.push('Elsewhere');
    first.segmentPrices.push({ fromStopIndex: 0, toStopIndex: 1, price: 1 });
    first.seatCount = 99;
    expect(await found(cached, route.id)).toEqual(route);
  });

  it('hands out deep enough copies on a hit too: a segment price changed in place stays with its caller', async () => {
    const { cached } = setup();
    const route = sampleRoute({ segmentPrices: [{ fromStopIndex: 0, toStopIndex: 1, price: 5 }] });
    await cached.insert(route);
    await found(cached, route.id); // now cached
    const hit = (await found(cached, route.id)) as Route;
    (hit.segmentPrices[0] as { price: number }).price = 1;
    hit.stops[0] = 'Elsewhere';
    expect(await found(cached, route.id)).toEqual(route);
  });

  it('reads a route again once it is older than maxAgeMs: a change made elsewhere shows within it', async () => {
    const { store, cached, time } = setup();
    const route = sampleRoute();
    await store.insert(route);
    await found(cached, route.id);
    await store.update({ ...route, status: 'cancelled', cancelReason: 'storm' }); // another process
    time.now = 1_999;
    expect((await found(cached, route.id))?.status).toBe('scheduled');
    time.now = 2_000;
    expect((await found(cached, route.id))?.status).toBe('cancelled');
    expect(store.lookups).toBe(2);
  });

  it('forgets a route changed through it at once', async () => {
    const { store, cached } = setup();
    const route = sampleRoute();
    await cached.insert(route);
    await found(cached, route.id);
    const moved = {
      ...route,
      departureAt: '2030-06-01T11:00:00.000Z',
      stopTimes: ['2030-06-01T11:00:00.000Z'],
    };
    expect((await cached.update(moved))._unsafeUnwrap()).toEqual(moved);
    expect(await found(cached, route.id)).toEqual(moved);
    expect(store.lookups).toBe(2);
    const copy = (await found(cached, route.id)) as Route;
    copy.stopTimes?.push('2031-01-01T00:00:00.000Z');
    expect(await found(cached, route.id)).toEqual(moved);
  });

  it('forgets a route when told that a unit of work changed it', async () => {
    const { store, cached } = setup();
    const route = sampleRoute();
    await cached.insert(route);
    await found(cached, route.id);
    const cancelled = { ...route, status: 'cancelled' as const, cancelReason: 'Storm' };
    // Written past the cache, as a unit of work writes through its own scope.
    await store.update(cancelled);
    expect(await found(cached, route.id)).toEqual(route);
    cached.forget(route.id);
    expect(await found(cached, route.id)).toEqual(cancelled);
    expect(store.lookups).toBe(2);
  });

  it('lists routes from the store itself', async () => {
    const { store, cached } = setup();
    const route = sampleRoute();
    await store.insert(route);
    expect((await cached.list({ limit: 10 }))._unsafeUnwrap()).toEqual([route]);
  });

  it('does not remember a missing route: one created later (by another process) is found', async () => {
    const { store, cached } = setup();
    const route = sampleRoute();
    expect(await found(cached, route.id)).toBeUndefined();
    await store.insert(route);
    expect(await found(cached, route.id)).toEqual(route);
  });

  it('passes store failures through and does not remember them', async () => {
    const { db, cached } = setup();
    const route = sampleRoute();
    await cached.insert(route);
    db.available = false;
    const failed = await cached.findById(route.id);
    expect(failed.isErr() && failed.error.kind).toBe('persistence_unavailable');
    db.available = true;
    expect(await found(cached, route.id)).toEqual(route);
  });

  it('drops the least recently used route beyond its size', async () => {
    const { store, cached } = setup(2);
    const [a, b, c] = [sampleRoute(), sampleRoute(), sampleRoute()];
    for (const route of [a, b, c]) await cached.insert(route);
    await found(cached, a.id);
    await found(cached, b.id);
    await found(cached, a.id); // a is now more recent than b
    await found(cached, c.id); // evicts b
    expect(store.lookups).toBe(3);
    await found(cached, a.id);
    await found(cached, c.id);
    expect(store.lookups).toBe(3);
    await found(cached, b.id);
    expect(store.lookups).toBe(4);
  });

  it('with size 0 remembers nothing', async () => {
    const { store, cached } = setup(0);
    const route = sampleRoute();
    await cached.insert(route);
    await found(cached, route.id);
    await found(cached, route.id);
    expect(store.lookups).toBe(2);
  });
});
