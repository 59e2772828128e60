import { describeWithService } from '@booking/core/testing';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { errorCode, startApi, type Harness } from './test-support/harness';

describeWithService('REDIS_URL', process.env, 'REST rate limits shared through Redis', (url) => {
  const redis = createClient({ url });
  const keyPrefix = `booking-test:${randomUUID()}`;
  let first: Harness;
  let second: Harness;

  beforeAll(async () => {
    await redis.connect();
    const rateLimit = { points: 3, durationSeconds: 60, redis, keyPrefix };
    first = await startApi({ rateLimit });
    second = await startApi({ rateLimit });
  });
  afterAll(async () => {
    await Promise.all([first.close(), second.close()]);
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(keys);
    await redis.quit();
  });

  it('counts one user across two servers', async () => {
    const token = first.tokens.customer;
    expect((await first.request('GET', '/tickets', { token })).status).toBe(200);
    expect((await second.request('GET', '/tickets', { token })).status).toBe(200);
    expect((await first.request('GET', '/tickets', { token })).status).toBe(200);
    const limited = await second.request('GET', '/tickets', { token });
    expect({ status: limited.status, code: errorCode(limited) }).toEqual({
      status: 429,
      code: 'rate_limited',
    });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
