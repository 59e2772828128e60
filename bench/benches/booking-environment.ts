import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBenchDatabase, type BenchDatabase } from '../lib/bench-database';
import { HttpJson } from '../lib/http-json';
import { benchAuth, startBookingServerProcess, type BenchServer } from '../servers/server-handle';

export interface DatabaseChoice {
  /** A PostgreSQL server: each run gets a fresh database on it, dropped afterwards. */
  postgresUrl?: string;
  /** Without `postgresUrl`: the embedded database in this directory (default: a new temporary one). */
  dataDir?: string;
  /** Writes the server's V8 CPU profile here on exit. */
  cpuProfDir?: string;
}

export interface BookingEnvironment {
  server: BenchServer;
  /** The fresh PostgreSQL database (undefined on the embedded database). */
  database: BenchDatabase | undefined;
  /** A REST client with `connections` keep-alive sockets. */
  http(connections: number): HttpJson;
  adminToken: string;
  /** A customer's token (`customer-<n>`). */
  customerToken(n: number): Promise<string>;
  databaseLabel: string;
}

/** Starts the reference server on a fresh database, runs `body`, and always cleans up. */
export async function withBookingServer<T>(
  choice: DatabaseChoice,
  body: (env: BookingEnvironment) => Promise<T>,
): Promise<T> {
  const database = choice.postgresUrl ? await createBenchDatabase(choice.postgresUrl) : undefined;
  const ownDir = !database && !choice.dataDir ? mkdtempSync(join(tmpdir(), 'booking-bench-')) : undefined;
  const clients: HttpJson[] = [];
  let server: BenchServer | undefined;
  try {
    server = await startBookingServerProcess({
      databaseUrl: database?.url,
      dataDir: choice.dataDir ?? ownDir,
      cpuProfDir: choice.cpuProfDir,
    });
    const auth = benchAuth();
    const url = server.url;
    return await body({
      server,
      database,
      http: (connections) => {
        const client = new HttpJson(url, connections);
        clients.push(client);
        return client;
      },
      adminToken: await auth.sign({ userId: 'bench-admin', role: 'admin' }),
      customerToken: (n) => auth.sign({ userId: `customer-${n}`, role: 'customer' }),
      databaseLabel: database ? 'PostgreSQL' : 'embedded (PGlite)',
    });
  } finally {
    for (const client of clients) client.close();
    await server?.stop();
    await database?.drop();
    if (ownDir) rmSync(ownDir, { recursive: true, force: true });
  }
}
