import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { intarray } from '@electric-sql/pglite/contrib/intarray';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedDatabaseOptions {
  /** Where PGlite keeps its files; reopening the same directory finds every row again. */
  dataDir: string;
  /** The local port to serve on (default: a free one). */
  port?: number;
}

export interface EmbeddedDatabase {
  /** A connection string for the normal PostgreSQL driver, e.g. `postgres://postgres@127.0.0.1:54123/postgres`. */
  url: string;
  host: string;
  port: number;
  user: string;
  database: string;
  /** The only pool size that is safe against it: PGlite is one session, see docs/persistence.md. */
  poolSize: 1;
  close(): Promise<void>;
}

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly, in this process) with btree_gist and intarray
 * (the seat claims' exclusion constraint needs both), and serves it on 127.0.0.1 through
 * pglite-socket so MikroORM's ordinary PostgreSQL driver connects to it.
 */
export async function createEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir, { extensions: { btree_gist, intarray } });
  // One client connection at a time is all PGlite can serve safely; the spare slot lets a
  // replacement connect while a dropped one is still being cleaned up.
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxConnections: 2,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const port = Number(server.getServerConn().split(':').pop());
  let closed = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
    poolSize: 1,
    close: async () => {
      if (closed) return;
      closed = true;
      await server.stop();
      await db.close();
    },
  };
}
