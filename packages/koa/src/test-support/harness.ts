import { expect } from '@jest/globals';
import { createJwtAuth } from '@booking/auth';
import type { BookingConfig, Role, Route } from '@booking/core';
import { createInMemoryBooking, type InMemoryBooking } from '@booking/core/testing';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createRestApi } from '../create-rest-api';
import type { RestApiOptions } from '../options';

export const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
export const auth = createJwtAuth({ secret: SECRET });

/** A card the recording gateway charges, its number spaced as a customer types it. */
export const card = {
  cardNumber: '4242 4242 4242 4242',
  cardHolderName: 'Ada Lovelace',
  expireMonth: 12,
  expireYear: 2031,
  cvc: '123',
};

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is (not JSON-encoded): text, or bytes (e.g. compressed, or not UTF-8). */
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
}

/** A running API over the in-memory core, on an ephemeral port, with one token per user. */
export interface Harness {
  booking: InMemoryBooking;
  baseUrl: string;
  tokens: { admin: string; agent: string; customer: string; otherCustomer: string };
  request(method: string, path: string, options?: RequestOptions): Promise<Answer>;
  /** Creates a route through the core (departing 2030-06-01, ten seats, stops A..E). */
  route(overrides?: Partial<{ seatCount: number; stations: string[]; departureAt: string }>): Promise<Route>;
  close(): Promise<void>;
}

export const tokenFor = (userId: string, role: Role) => auth.sign({ userId, role });

export async function startApi(
  options: Partial<RestApiOptions> | ((booking: InMemoryBooking) => Partial<RestApiOptions>) = {},
  config: Partial<BookingConfig> = {},
): Promise<Harness> {
  const booking = createInMemoryBooking(config);
  const app = createRestApi(booking.services, {
    auth,
    idempotencySecret: SECRET,
    rateLimit: false,
    ...(typeof options === 'function' ? options(booking) : options),
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const tokens = {
    admin: await tokenFor('admin-1', 'admin'),
    agent: await tokenFor('agent-1', 'agent'),
    customer: await tokenFor('customer-1', 'customer'),
    otherCustomer: await tokenFor('customer-2', 'customer'),
  };
  let routeCount = 0;
  return {
    booking,
    baseUrl,
    tokens,
    async request(method, path, { token, body, rawBody, headers = {} } = {}) {
      const response = await fetch(baseUrl + path, {
        method,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        },
        body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: parseJson(text), text };
    },
    async route(overrides = {}) {
      routeCount += 1;
      const created = await booking.services.routes.create(
        { userId: 'admin-1', role: 'admin' },
        {
          fromCity: `A${routeCount}`,
          toCity: `E${routeCount}`,
          stations: overrides.stations ?? [`B${routeCount}`, `C${routeCount}`, `D${routeCount}`],
          departureAt: overrides.departureAt ?? '2030-06-01T09:00:00.000Z',
          seatCount: overrides.seatCount ?? 10,
          price: 25,
        },
      );
      return created._unsafeUnwrap();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The error code of an answer, or undefined when it has none. */
export function errorCode(answer: Answer): string | undefined {
  const body = answer.body as { error?: { code?: unknown } } | undefined;
  return typeof body?.error?.code === 'string' ? body.error.code : undefined;
}

/** Checks that an answer has this status and this error code. */
export function expectError(answer: Answer, status: number, code: string): void {
  expect({ status: answer.status, code: errorCode(answer) }).toEqual({ status, code });
}

/**
 * Everything the in-memory database holds, as plain data (to compare before and after): every map
 * it has, so a table added to it is compared too.
 */
export function snapshot(booking: InMemoryBooking): string {
  const tables = Object.entries(booking.ports.db)
    .filter((entry): entry is [string, Map<unknown, unknown>] => entry[1] instanceof Map)
    .map(([name, rows]) => [name, [...rows.entries()]]);
  return JSON.stringify({ tables, charges: booking.gateway.charges });
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
