import type { Logger } from '@booking/core';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { errorCode, startApi, tokenFor, type Harness } from './test-support/harness';

let api: Harness | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function start(options: Parameters<typeof startApi>[0] = {}): Promise<Harness> {
  api = await startApi(options);
  return api;
}

describe('GET /health and storage outages', () => {
  it('answers ok while storage works, and 503 on /health and persistence_unavailable elsewhere when it is down', async () => {
    const { request, booking, tokens, route } = await start();
    const known = await route();
    expect(await request('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });

    booking.ports.db.available = false;
    const health = await request('GET', '/health');
    expect(health.status).toBe(503);
    expect(errorCode(health)).toBe('service_unavailable');
    for (const [method, path, token] of [
      ['GET', `/routes/${known.id}`, undefined],
      ['GET', '/routes', undefined],
      ['GET', '/tickets', tokens.agent],
    ] as const) {
      const answer = await request(method, path, { token });
      expect({ path, status: answer.status, code: errorCode(answer) }).toEqual({
        path,
        status: 503,
        code: 'persistence_unavailable',
      });
      expect(answer.text).not.toContain('in-memory database');
    }
    const booking503 = await request('POST', '/tickets', {
      token: tokens.customer,
      body: { routeId: known.id, seatNumber: 1, passengerName: 'Ada', gender: 'female' },
    });
    expect(errorCode(booking503)).toBe('persistence_unavailable');
  });

  it('uses a configured health check, and treats one that throws as unhealthy', async () => {
    const { request } = await start({ checkHealth: () => Promise.reject(new Error('boom')) });
    expect((await request('GET', '/health')).status).toBe(503);
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus text with request durations, bookings and errors by code, on a given registry', async () => {
    const registry = new Registry();
    const { request, tokens, route } = await start({ metricsRegistry: registry });
    const known = await route();
    await request('POST', '/tickets', {
      token: tokens.customer,
      body: { routeId: known.id, seatNumber: 1, passengerName: 'Ada', gender: 'female' },
    });
    await request('GET', '/routes/not-a-uuid');
    const answer = await request('GET', '/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/plain');
    expect(answer.text).toContain(
      'booking_http_request_duration_seconds_count{method="POST",route="/tickets",status="201"} 1',
    );
    expect(answer.text).toContain('booking_tickets_created_total{status="reserved"} 1');
    expect(answer.text).toContain('booking_http_errors_total{code="validation_failed"} 1');
    expect(await registry.metrics()).toContain('booking_payments_total');
  });

  it('needs the scrape token when one is configured', async () => {
    const { request } = await start({ metricsToken: 'scrape-secret' });
    const refused = await request('GET', '/metrics', { headers: { Authorization: 'Bearer wrong' } });
    expect(refused.status).toBe(401);
    expect(errorCode(refused)).toBe('unauthorized');
    expect((await request('GET', '/metrics', { token: 'scrape-secret' })).status).toBe(200);
  });

  it('is not served in production without a scrape token (404), and is with one', async () => {
    const open = await start({ production: true });
    const refused = await open.request('GET', '/metrics');
    expect({ status: refused.status, code: errorCode(refused) }).toEqual({ status: 404, code: 'not_found' });
    expect(refused.text).not.toContain('booking_http');
    await open.close();
    const guarded = await start({ production: true, metricsToken: 'scrape-secret' });
    expect((await guarded.request('GET', '/metrics')).status).toBe(401);
    expect((await guarded.request('GET', '/metrics', { token: 'scrape-secret' })).status).toBe(200);
  });
});

describe('GET /stats', () => {
  it('answers zeros without a provider, the provider otherwise, to admins only', async () => {
    const stats = { connections: 3, totalRoutes: 1, routeDetails: [{ routeId: 'r-1', subscriberCount: 3 }] };
    const plain = await start();
    expect((await plain.request('GET', '/stats', { token: plain.tokens.admin })).body).toEqual({
      connections: 0,
      totalRoutes: 0,
      routeDetails: [],
    });
    await plain.close();
    const { request, tokens } = await start({ stats: async () => stats });
    expect((await request('GET', '/stats', { token: tokens.admin })).body).toEqual(stats);
    for (const [token, status] of [
      [tokens.agent, 403],
      [tokens.customer, 403],
      [undefined, 401],
    ] as const) {
      expect((await request('GET', '/stats', { token })).status).toBe(status);
    }
  });
});

describe('errors outside the endpoints', () => {
  it('answers unknown paths with 404 not_found and wrong methods with 405 and Allow, both with an error body', async () => {
    const { request } = await start();
    const missing = await request('GET', '/nowhere');
    expect({ status: missing.status, code: errorCode(missing) }).toEqual({ status: 404, code: 'not_found' });
    const wrong = await request('DELETE', '/routes');
    expect({ status: wrong.status, code: errorCode(wrong) }).toEqual({
      status: 405,
      code: 'method_not_allowed',
    });
    expect(wrong.headers.get('allow')).toContain('POST');
  });

  it('answers 413 payload_too_large above the body limit', async () => {
    const { request, tokens } = await start({ bodyLimit: 1024 });
    const answer = await request('POST', '/tickets', {
      token: tokens.customer,
      body: { passengerName: 'x'.repeat(2048) },
    });
    expect({ status: answer.status, code: errorCode(answer) }).toEqual({
      status: 413,
      code: 'payload_too_large',
    });
  });

  it('answers 500 internal_error for an unexpected exception, logs it, and keeps serving', async () => {
    const logged: unknown[] = [];
    const logger: Logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: (fields) => logged.push(fields),
    };
    const { request, tokens } = await start({
      logger,
      stats: () => Promise.reject(new Error('secret detail')),
    });
    const answer = await request('GET', '/stats', { token: tokens.admin });
    expect({ status: answer.status, code: errorCode(answer) }).toEqual({
      status: 500,
      code: 'internal_error',
    });
    expect(answer.text).not.toContain('secret detail');
    expect(logged).toHaveLength(1);
    expect((await request('GET', '/health')).status).toBe(200);
  });
});

describe('security headers and CORS', () => {
  it('sets security headers on every answer, HSTS in production only', async () => {
    const dev = await start();
    const answer = await dev.request('GET', '/nowhere');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(answer.headers.get('strict-transport-security')).toBeNull();
    await dev.close();
    const prod = await start({ production: true });
    expect((await prod.request('GET', '/health')).headers.get('strict-transport-security')).toContain(
      'max-age',
    );
  });

  it('allows any origin outside production without a list', async () => {
    const { request } = await start();
    const answer = await request('GET', '/routes', { headers: { Origin: 'https://anywhere.example' } });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('allows only the configured origins, and none by default in production', async () => {
    const listed = await start({ corsOrigins: ['https://shop.example'], production: true });
    const allowed = await listed.request('OPTIONS', '/tickets', {
      headers: {
        Origin: 'https://shop.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,idempotency-key',
      },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Idempotency-Key');
    const other = await listed.request('GET', '/routes', { headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    await listed.close();
    const prod = await start({ production: true });
    const none = await prod.request('GET', '/routes', { headers: { Origin: 'https://shop.example' } });
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rate limits', () => {
  it('answers 429 rate_limited with Retry-After per user, leaving other users and monitoring alone', async () => {
    const { request, tokens } = await start({ rateLimit: { points: 3, durationSeconds: 60 } });
    for (let i = 0; i < 3; i++)
      expect((await request('GET', '/tickets', { token: tokens.customer })).status).toBe(200);
    const limited = await request('GET', '/tickets', { token: tokens.customer });
    expect({ status: limited.status, code: errorCode(limited) }).toEqual({
      status: 429,
      code: 'rate_limited',
    });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await request('GET', '/tickets', { token: tokens.otherCustomer })).status).toBe(200);
    expect((await request('GET', '/health')).status).toBe(200);
  });

  it('counts requests without a valid token per IP', async () => {
    const { request } = await start({ rateLimit: { points: 2, durationSeconds: 60 } });
    await request('GET', '/routes');
    await request('GET', '/routes', { headers: { Authorization: 'Bearer forged' } });
    expect((await request('GET', '/routes')).status).toBe(429);
    // A user with a token has a count of their own.
    expect((await request('GET', '/routes', { token: await tokenFor('someone', 'customer') })).status).toBe(
      200,
    );
  });
});
