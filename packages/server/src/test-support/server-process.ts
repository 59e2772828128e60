import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createJwtAuth, type JwtAuth } from '@booking/auth';
import type { Role } from '@booking/core';
import { createTestStorage } from '@booking/mikro-orm';

/** The built server (npm test builds it before jest runs). */
export const SERVER_MAIN = resolve(__dirname, '../../dist/main.js');
export const TEST_SECRET = 'a-test-secret-for-the-server-process-0123456789';
/** An Ed25519 key for tests only: production needs ETICKET_PRIVATE_KEY, development makes its own. */
export const TEST_ETICKET_PRIVATE_KEY = [
  '-----BEGIN PRIVATE KEY-----',
  'MC4CAQAwBQYDK2VwBCIEIMfh/mb+uAsgpTxHF4QHKtZjdG3SIuEplfo4VMTGzVnm',
  '-----END PRIVATE KEY-----',
].join('\n');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote so far. */
  output(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Starts `node dist/main.js` on a free port and waits until it listens. */
export async function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      JWT_SECRET: TEST_SECRET,
      SEED_SAMPLE_ROUTE: 'false',
      LOG_LEVEL: 'info',
      ...(env.NODE_ENV === 'production' ? { ETICKET_PRIVATE_KEY: TEST_ETICKET_PRIVATE_KEY } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)".*"msg":"booking server listening"/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    exited,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * A server process on a database of its own: a fresh PostgreSQL database when `DATABASE_URL` is
 * set (it starts in a second), else the embedded database in a temporary directory. `close()` kills
 * the process and drops the data.
 */
export async function startServerOnFreshDatabase(
  env: Record<string, string> = {},
): Promise<ServerProcess & { close(): Promise<void> }> {
  const database = await freshDatabase();
  try {
    const server = await startServerProcess({ ...database.env, ...env }, 120_000);
    const close = async () => {
      await server.stop('SIGKILL');
      await database.drop();
    };
    return { ...server, close };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

async function freshDatabase(): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    // The server opens its own connections; this one is kept only to drop the database at the end.
    const database = await createTestStorage(process.env, { kind: 'postgres' });
    return { env: { DATABASE_URL: database.url }, drop: () => database.close() };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'booking-server-'));
  return { env: { DATA_DIR: dataDir }, drop: () => rm(dataDir, { recursive: true, force: true }) };
}

/** Tokens the server process accepts (it runs with TEST_SECRET). */
export function testAuth(): JwtAuth {
  return createJwtAuth({ secret: TEST_SECRET });
}

export async function tokenFor(role: Role, userId = `test-${role}`): Promise<string> {
  return testAuth().sign({ userId, role });
}

/** A JSON call to the server. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(base + path, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
