import type { Instant } from '@booking/core';
import type { EntitySchema } from '@mikro-orm/core';

/**
 * How one domain field is stored in one column: the SQL type its placeholders are cast to (the
 * column's base type in the entity's metadata; the column-map spec checks that), the select
 * expression, and the conversions both ways. Placeholders are always cast, so the same fragment
 * works in a `values (...)` list, where PostgreSQL cannot infer a type from a target column.
 */
export interface Codec<T> {
  readonly sqlType: string;
  readonly select: (column: string) => string;
  readonly write: (value: T) => unknown;
  readonly read: (stored: unknown) => T;
}

/** A value the driver reads and writes as it is (text, uuid, int). */
function asIs<T>(sqlType: string): Codec<T> {
  return { sqlType, select: (column) => column, write: (value) => value, read: (stored) => stored as T };
}

export const text = <T extends string = string>(): Codec<T> => asIs<T>('text');
export const varchar = (): Codec<string> => asIs<string>('varchar');
export const uuid = (): Codec<string> => asIs<string>('uuid');
export const integer = <T extends number = number>(): Codec<T> => asIs<T>('int');

export const boolean = (): Codec<boolean> => asIs<boolean>('boolean');

/**
 * `int[]`, written as an array literal (`{1,3}`: the statement's values are written into it, where a
 * JavaScript array would become a list of values), read back as the driver parses it.
 */
export const integers = (): Codec<number[]> => ({
  ...asIs<number[]>('int[]'),
  write: (value) => `{${value.map((n) => String(n)).join(',')}}`,
  read: (stored) => [...(stored as number[])],
});

/** `uuid[]`, written as an array literal like `integers`, read back as the driver parses it. */
export const uuids = (): Codec<string[]> => ({
  ...asIs<string[]>('uuid[]'),
  write: (value) => `{${value.join(',')}}`,
  read: (stored) => [...(stored as string[])],
});

/**
 * `bigint` whole cents: the driver reads a bigint as a string (it may exceed a double); amounts of
 * money stay far below 2^53 cents, which `read` checks.
 */
export const cents = (): Codec<number> => ({
  ...asIs<number>('bigint'),
  read: (stored) => {
    const value = Number(stored);
    if (!Number.isSafeInteger(value)) throw new RangeError(`${String(stored)} cents is beyond exact numbers`);
    return value;
  },
});

/** `numeric(10,2)`: the driver reads it as a string; the core's amounts are numbers (at most two decimals). */
export const decimal = (): Codec<number> => ({
  ...asIs<number>('numeric'),
  read: (stored) => Number(stored),
});

const ISO_FORMAT = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** `timestamptz`, read back as the core's Instant: ISO-8601 UTC with milliseconds. */
export const instant = (): Codec<Instant> => ({
  ...asIs<Instant>('timestamptz'),
  select: (column) => `to_char("${column}" at time zone 'UTC', ${ISO_FORMAT}) as "${column}"`,
});

/**
 * `timestamptz[]`, written as an array literal like `integers` (an ISO instant has no comma, brace
 * or quote), each read back formatted as `instant` does, in the array's order. A null array stays
 * null (`array(...)` of nothing would be empty).
 */
export const instants = (): Codec<Instant[]> => ({
  ...asIs<Instant[]>('timestamptz[]'),
  select: (column) =>
    `case when "${column}" is null then null else array(` +
    `select to_char(t at time zone 'UTC', ${ISO_FORMAT}) from unnest("${column}") with ordinality as u(t, n) order by n` +
    `) end as "${column}"`,
  write: (value) => `{${value.join(',')}}`,
  read: (stored) => [...(stored as Instant[])],
});

/** `jsonb`: written as JSON text, read back parsed by the driver. */
export const json = <T>(): Codec<T> => ({
  ...asIs<T>('jsonb'),
  write: (value) => JSON.stringify(value ?? null),
});

export function nullable<T>(codec: Codec<T>): Codec<T | null> {
  return {
    ...codec,
    write: (value) => (value === null ? null : codec.write(value)),
    read: (stored) => (stored === null || stored === undefined ? null : codec.read(stored)),
  };
}

export interface Column<T> {
  readonly name: string;
  readonly codec: Codec<T>;
}

export function column<T>(name: string, codec: Codec<T>): Column<T> {
  return { name, codec };
}

/** A row as the driver returns it, by column name. */
export type StoredRow = Record<string, unknown>;

/** A column for every field of the domain type `D`, of that field's type. */
export type Columns<D> = { readonly [K in keyof D]-?: Column<D[K]> };

/**
 * The columns of one table for one domain type, written once: the select list, the row read back,
 * and insert and update fragments by field name. `unmapped` names the table's columns the domain
 * type does not carry (each is written by a statement of its own); the column-map spec checks
 * columns and unmapped together against the entity's metadata.
 */
export class ColumnMap<D> {
  readonly table: string;
  readonly entityName: string;
  /** Every field, in the map's order. */
  readonly every: FieldList<D>;
  /** Every mapped column, as `select` lists it (instants already formatted). */
  readonly selectList: string;

  constructor(
    entity: EntitySchema,
    readonly columns: Columns<D>,
    readonly unmapped: readonly string[] = [],
  ) {
    this.table = entity.meta.tableName;
    this.entityName = entity.meta.className;
    this.every = this.fields(Object.keys(columns) as (keyof D)[]);
    this.selectList = this.every.selectList;
  }

  /** A row selected with `selectList` as the domain value (a function of its own, for `rows.map`). */
  readonly read = (row: StoredRow): D => {
    const value: Partial<Record<keyof D, unknown>> = {};
    for (const field of this.every.names) {
      const { name, codec } = this.columns[field];
      value[field] = codec.read(row[name]);
    }
    return value as D;
  };

  /** Some fields, in the order given. */
  fields<K extends keyof D>(only: readonly K[]): FieldList<Pick<D, K>> {
    return new FieldList<Pick<D, K>>(only, this.columns as Columns<Pick<D, K>>);
  }

  /** Every field but the ones named (the key of an update, for one). */
  fieldsExcept<K extends keyof D>(...left: readonly K[]): FieldList<Omit<D, K>> {
    const kept = this.every.names.filter((field) => !left.includes(field as K)) as Exclude<keyof D, K>[];
    return this.fields(kept) as FieldList<Omit<D, K>>;
  }
}

/**
 * SQL fragments for a list of fields, all from the same list so columns, placeholders and
 * parameters line up by construction: `columns` for `insert into t (...)`, `placeholders` for its
 * `values (...)`, `assignments` for `update t set ...`; `params(value)` fills either.
 */
export class FieldList<D> {
  /** The fields' columns, in the list's order. */
  readonly stored: readonly Column<unknown>[];
  readonly columns: string;
  readonly placeholders: string;
  readonly assignments: string;
  readonly selectList: string;

  constructor(
    readonly names: readonly (keyof D)[],
    private readonly byField: Columns<D>,
  ) {
    this.stored = names.map((field) => byField[field] as Column<unknown>);
    this.columns = this.stored.map((c) => c.name).join(', ');
    this.placeholders = this.stored.map((c) => `?::${c.codec.sqlType}`).join(', ');
    this.assignments = this.stored.map((c) => `${c.name} = ?::${c.codec.sqlType}`).join(', ');
    this.selectList = this.stored.map((c) => c.codec.select(c.name)).join(', ');
  }

  /** The columns prefixed with a table or alias: `draft.seat_number, ...`. */
  qualified(alias: string): string {
    return this.stored.map((c) => `${alias}.${c.name}`).join(', ');
  }

  params(value: D): unknown[] {
    return this.names.map((field) => this.byField[field].codec.write(value[field]));
  }
}
