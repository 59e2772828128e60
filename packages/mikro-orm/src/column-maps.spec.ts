import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MikroORM } from '@mikro-orm/postgresql';
import { BOOKING_ENTITIES } from './entities';
import { BOARDING_COLUMNS } from './repositories/boarding-repository';
import { HISTORY_COLUMNS } from './repositories/history-log';
import { HOLD_COLUMNS } from './repositories/hold-repository';
import { IDEMPOTENCY_COLUMNS } from './repositories/idempotency-store';
import { LEDGER_ENTRY_COLUMNS, PAYMENT_ATTEMPT_COLUMNS } from './repositories/payment-repository';
import { ROUTE_COLUMNS } from './repositories/route-repository';
import { SANDBOX_CHARGE_COLUMNS, SANDBOX_REFUND_COLUMNS } from './repositories/sandbox-ledger-store';
import { SEAT_CLAIM_COLUMNS } from './repositories/seat-claims';
import { SEAT_EVENT_COLUMNS } from './repositories/seat-event-log';
import { TICKET_COLUMNS } from './repositories/ticket-repository';

const MAPS = [
  TICKET_COLUMNS,
  HOLD_COLUMNS,
  SEAT_CLAIM_COLUMNS,
  ROUTE_COLUMNS,
  PAYMENT_ATTEMPT_COLUMNS,
  LEDGER_ENTRY_COLUMNS,
  SEAT_EVENT_COLUMNS,
  IDEMPOTENCY_COLUMNS,
  HISTORY_COLUMNS,
  BOARDING_COLUMNS,
  SANDBOX_CHARGE_COLUMNS,
  SANDBOX_REFUND_COLUMNS,
];

/** Tables with no domain record to map, each written by statements of its own. */
const STATEMENT_ONLY: Record<string, string> = {
  route_sequences: "a route's event counter: one number, taken and advanced in the event log's statements",
  payment_locks: "a payment attempt's claims: one row per ticket, written by the claim statements",
  schedules: "a timetable's definition, kept as one JSON document by the schedule repository's statements",
  schedule_departures: "a line's departure at one instant, written with its route by one statement",
};

/** The columns the entities declare, as MikroORM resolves them (naming strategy, foreign keys). */
function entityColumns(orm: MikroORM, entityName: string): Map<string, string> {
  const columns = new Map<string, string>();
  for (const prop of orm.getMetadata().get(entityName).props) {
    prop.fieldNames.forEach((name, i) => columns.set(name, prop.columnTypes[i] ?? ''));
  }
  return columns;
}

/** `numeric(10,2)` -> `numeric`: placeholders are cast to the base type, the column keeps its own. */
const baseType = (columnType: string) => columnType.replace(/\(.*\)$/, '');

describe('column maps', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    // Metadata only: discovery runs, no connection is made.
    orm = await MikroORM.init({
      entities: BOOKING_ENTITIES,
      clientUrl: 'postgres://metadata-only@127.0.0.1:1/none',
      connect: false,
      discovery: { warnWhenNoEntities: false },
    });
  });
  afterAll(async () => {
    await orm.close(true);
  });

  it.each(MAPS.map((map) => ({ table: map.table, map })))(
    '$table: the map names every column of the entity, and no other, each with its type',
    ({ map }) => {
      const declared = entityColumns(orm, map.entityName);
      const mapped = map.every.stored;
      const named = [...mapped.map((c) => c.name), ...map.unmapped];
      expect(orm.getMetadata().get(map.entityName).tableName).toBe(map.table);
      expect(new Set(named).size).toBe(named.length);
      expect(named.sort()).toEqual([...declared.keys()].sort());
      for (const { name, codec } of mapped) {
        expect({ name, type: codec.sqlType }).toEqual({ name, type: baseType(declared.get(name) ?? '') });
      }
    },
  );

  it('every table of the schema has a column map, or has no domain record to map', () => {
    const tables = orm.getMetadata().getAll();
    const covered = [...MAPS.map((map) => map.table), ...Object.keys(STATEMENT_ONLY)];
    expect(
      Object.values(tables)
        .map((meta) => meta.tableName)
        .sort(),
    ).toEqual(covered.sort());
  });
});
