import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { OCCUPYING_STATUSES } from '@booking/core';
import { describeWithService } from '@booking/core/testing';
import { migrate, pendingSchemaChanges } from './migrate';
import type { MikroOrmStorage } from './open-storage';
import { Sql } from './sql';
import { createTestStorage } from './testing/test-storage';
import { BOOKING_MIGRATIONS } from './migrations';
import { NO_DOUBLE_BOOKING_CONSTRAINT } from './entities/ticket.entity';

describeWithService('DATABASE_URL', process.env, 'migrations on PostgreSQL', () => {
  let storage: MikroOrmStorage | undefined;
  const opened = () => {
    if (!storage) throw new Error('storage not opened');
    return storage;
  };
  beforeAll(async () => {
    // A brand-new, empty database; nothing migrated yet.
    storage = await createTestStorage(process.env, { kind: 'postgres', migrate: false });
  });
  afterAll(async () => {
    await storage?.close();
  });

  it('brings an empty database up to date, after which the schema diff is empty', async () => {
    expect(await migrate(opened().orm)).toEqual(BOOKING_MIGRATIONS.map((m) => m.name));
    expect(await pendingSchemaChanges(opened().orm)).toBe('');
    expect(await migrate(opened().orm)).toEqual([]);
  });

  it('creates the exclusion constraint that forbids overlapping occupying tickets', async () => {
    const found = await new Sql(opened().orm.em.getConnection()).rows<{ definition: string }>(
      `select pg_get_constraintdef(oid) as definition from pg_constraint where conname = ? and contype = 'x'`,
      [NO_DOUBLE_BOOKING_CONSTRAINT],
    );
    const definition = found._unsafeUnwrap()[0]?.definition ?? '';
    expect(definition).toContain('EXCLUDE USING gist');
    expect(definition).toContain('int4range(from_stop_index, to_stop_index) WITH &&');
    // Exactly the core's occupying statuses: PostgreSQL writes them `'reserved'::text, ...`.
    const statuses = [...definition.matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]);
    expect(statuses).toEqual([...OCCUPYING_STATUSES]);
  });

  it('overwrites the unkeyed request fingerprints stored before keyed ones', async () => {
    // Back to before it (`to` is undone too), with a record as it was written then.
    await opened().orm.getMigrator().down({ to: 'Migration20260401000001_keyed_fingerprints' });
    const sql = new Sql(opened().orm.em.getConnection());
    const plain = 'a'.repeat(64);
    (
      await sql.rows(
        `insert into idempotency_records (scope, key, fingerprint, response, created_at)
         values ('pay:u1', 'old-key', ?, '{}'::jsonb, now())`,
        [plain],
      )
    )._unsafeUnwrap();
    expect((await migrate(opened().orm))[0]).toBe('Migration20260401000001_keyed_fingerprints');
    const after = (
      await sql.rows<{ fingerprint: string }>('select fingerprint from idempotency_records')
    )._unsafeUnwrap();
    expect(after).toEqual([{ fingerprint: 'unkeyed fingerprint removed' }]);
  });
});
