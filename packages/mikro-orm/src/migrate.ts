import type { MikroORM } from '@mikro-orm/postgresql';

/** Applies every committed migration not applied yet (the server calls it at start). Returns their names. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}

/** The SQL MikroORM would run to make the database match the entity mappings ('' when they agree). */
export async function pendingSchemaChanges(orm: MikroORM): Promise<string> {
  const sql = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
  return sql.trim();
}
