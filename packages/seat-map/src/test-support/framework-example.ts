import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJwtAuth } from '@booking/auth';
import type { Route } from '@booking/core';
import { createLogger, parseConfig, startBookingServer, type RunningServer } from '@booking/server';
import { serveStaticSite } from './static-site';

/** A framework example, built now, on its own origin, and a booking server with one route for it. */
export interface FrameworkExample {
  /** The example page on the route, from Izmit to Ankara. */
  pageUrl: string;
  route: Route;
  /** The JWT of `customer`, for the page's token field. */
  customerToken: string;
  customer: { userId: string; role: 'customer' };
  server: RunningServer;
  /** A Chromium profile directory, removed by `close`. */
  profileDir: string;
  close(): Promise<void>;
}

const staff = { userId: 'example-test-admin', role: 'admin' } as const;
const customer = { userId: 'example-customer', role: 'customer' } as const;

/** Builds the example with `buildScript <outDir>` and serves it against a fresh booking server. */
export async function startFrameworkExample(buildScript: string): Promise<FrameworkExample> {
  const work = await mkdtemp(join(tmpdir(), 'booking-framework-example-'));
  const [dataDir, outDir, profileDir] = [join(work, 'db'), join(work, 'page'), join(work, 'profile')];
  execFileSync(process.execPath, [buildScript, outDir]);
  const jwtSecret = randomBytes(32).toString('hex');
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SEED_SAMPLE_ROUTE: 'false',
    LOG_LEVEL: 'silent',
  })._unsafeUnwrap();
  const server = await startBookingServer({ ...config, jwtSecret }, createLogger('silent'));
  const site = await serveStaticSite(outDir, server.url);
  const departure = new Date(Date.now() + 86_400_000);
  departure.setUTCHours(9, 0, 0, 0);
  const route = (
    await server.services.routes.create(staff, {
      fromCity: 'Istanbul',
      toCity: 'Ankara',
      stations: ['Izmit', 'Bolu'],
      departureAt: departure.toISOString(),
      seatCount: 40,
      price: 450,
      layout: '2+2',
    })
  )._unsafeUnwrap();
  const customerToken = await createJwtAuth({ secret: jwtSecret }).sign(customer);
  const query = new URLSearchParams({ server: server.url, route: route.id, from: 'Izmit', to: 'Ankara' });
  return {
    pageUrl: `${site.url}/?${query}`,
    route,
    customerToken,
    customer,
    server,
    profileDir,
    close: async () => {
      await site.close();
      await server.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}
