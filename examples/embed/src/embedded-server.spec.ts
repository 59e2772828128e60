import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { RecordingNotifier } from '@booking/core/testing';
import { createEmbeddedServer } from './embedded-server';

describe('the core embedded in a plain node:http server', () => {
  const notifier = new RecordingNotifier();
  const { server } = createEmbeddedServer(notifier);
  let base = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const call = async (method: string, path: string, body?: unknown, role = 'customer') => {
    const response = await fetch(base + path, {
      method,
      headers: { 'x-user': `user-${role}`, 'x-role': role },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('creates a route, books a seat once, and shows it taken', async () => {
    const departureAt = new Date(Date.now() + 86_400_000).toISOString();
    const route = await call(
      'POST',
      '/routes',
      { fromCity: 'Bursa', toCity: 'Izmir', departureAt, seatCount: 4, price: 20 },
      'admin',
    );
    expect(route.status).toBe(201);
    const routeId = route.body.id as string;

    const booking = { routeId, seatNumber: 2, passengerName: 'Deniz', gender: 'other' };
    const first = await call('POST', '/tickets', booking);
    expect(first).toMatchObject({ status: 201, body: { seatNumber: 2, status: 'reserved' } });
    const second = await call('POST', '/tickets', booking);
    expect(second).toMatchObject({ status: 409, body: { error: { code: 'seat_unavailable' } } });

    const map = await call('GET', `/routes/${routeId}/seats`);
    expect((map.body.seats as { status: string }[]).map((s) => s.status)).toEqual([
      'available',
      'reserved',
      'available',
      'available',
    ]);
    expect(notifier.events.map((e) => [e.sequence, e.eventType])).toEqual([[1, 'seat_reserved']]);
  });

  it('answers bad input with 400 and unknown paths with 404', async () => {
    expect((await call('POST', '/tickets', 'not json{')).status).toBe(400);
    expect((await call('GET', '/nowhere')).status).toBe(404);
  });
});
