/**
 * Counts the SQL statements the server process sends (BEGIN and COMMIT included), by wrapping the
 * `pg` driver's `Client.query` once. Round trips to PostgreSQL are what a booking mostly costs, so
 * the booking benchmark reports them per booking. Loaded only in the benchmark's server process.
 */
import { createRequire } from 'node:module';

interface PgModule {
  Client: { prototype: { query: (...args: unknown[]) => unknown } };
}

let statements = 0;

export function countStatements(): void {
  // The same `pg` the server's database driver loads (no types for it are installed).
  const { prototype } = (createRequire(__filename)('pg') as PgModule).Client;
  const query = prototype.query;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    statements += 1;
    return query.apply(this, args);
  };
}

export function statementsSoFar(): number {
  return statements;
}
