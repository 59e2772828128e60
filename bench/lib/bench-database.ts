import { openStorage, type MikroOrmStorage } from '@booking/mikro-orm';

export interface BenchDatabase {
  url: string;
  /** Runs a read-only query on the benchmark's database (audits). */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Closes the audit connection and drops the database. */
  drop(): Promise<void>;
}

/** A fresh database on the PostgreSQL server at `serverUrl`, so runs never see each other's rows. */
export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `bench_${process.pid}_${Date.now()}`;
  const admin = await openStorage({ url: serverUrl }, { migrate: false, poolSize: 1 });
  const execute = (storage: MikroOrmStorage, sql: string, params: unknown[] = []) =>
    storage.orm.em.getConnection().execute(sql, params, 'all');
  await execute(admin, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let audit: MikroOrmStorage | undefined;
  return {
    url: url.toString(),
    async query<T>(sql: string, params: unknown[] = []) {
      audit ??= await openStorage({ url: url.toString() }, { migrate: false, poolSize: 1 });
      return (await execute(audit, sql, params)) as T[];
    },
    async drop() {
      await audit?.close();
      await execute(admin, `drop database if exists ${name} with (force)`);
      await admin.close();
    },
  };
}
