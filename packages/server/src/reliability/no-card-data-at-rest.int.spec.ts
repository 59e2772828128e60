import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestStorage, openStorage, type MikroOrmStorage } from '@booking/mikro-orm';
import { errorCode, request } from '../test-support/http-client';
import { createRoute } from '../test-support/seed-timeline';
import { startServerProcess, tokenFor, type ServerProcess } from '../test-support/server-process';

/** Values that occur nowhere else, so finding one in a dump or a log line is proof it leaked. */
const PASSENGER = { passengerName: 'Zephyrine Quillfeather', phone: '+90 532 417 98 63' };
const GROUP = [
  { passengerName: 'Odalys Wintermere', phone: '+90 535 286 40 19' },
  { passengerName: 'Cassius Brindlewood', phone: '+90 536 731 05 82' },
];
/** A trigger makes the database fail this passenger's insert: the failure path that logs SQL. */
const FAILING = { passengerName: 'Barnaby Failwright', phone: '+90 533 608 21 74' };
const CARD = {
  cardNumber: '4929 5813 7702 6458',
  cardHolderName: 'ZEPHYRINE QUILLFEATHER',
  expireMonth: '07',
  expireYear: '2037',
  cvc: '8317',
};
/** Ends in 1111: the sandbox gateway declines it. */
const DECLINED_CARD = {
  cardNumber: '4716 2094 8830 1111',
  cardHolderName: 'ODALYS WINTERMERE',
  expireMonth: 11,
  expireYear: 2036,
  cvc: '6142',
};

const digits = (text: string) => text.replace(/\D/g, '');
const PERSONAL = [PASSENGER, ...GROUP, FAILING].flatMap((p) => [p.passengerName, p.phone, digits(p.phone)]);
const PHONES = [PASSENGER, ...GROUP, FAILING].flatMap((p) => [p.phone, digits(p.phone)]);
const CARD_TEXT = [CARD, DECLINED_CARD].flatMap((c) => [
  c.cardNumber,
  digits(c.cardNumber),
  digits(c.cardNumber).slice(0, 12), // everything but the last four
  c.cardHolderName,
]);
/** Short values that may occur by chance inside ids and times: looked for as whole numbers in what is left. */
const CARD_NUMBERS = ['8317', '6142', '2037', '2036'];
const CARD_FIELDS = ['cardNumber', 'cvc', 'expireMonth', 'expireYear', 'cardHolderName'];

/** Ids, hashes and instants removed, so a short number found in the rest is a real occurrence. */
function withoutIdsAndTimes(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/[0-9a-f]{32,}/gi, '<hex>')
    .replace(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d(:?\d\d)?)?/g, '<instant>');
}

function leaks(text: string, values: readonly string[], numbers: readonly string[] = []): string[] {
  const rest = withoutIdsAndTimes(text);
  return [
    ...values.filter((value) => text.includes(value)),
    ...numbers.filter((n) => new RegExp(`(?<![\\d.])${n}(?![\\d.])`).test(rest)),
  ];
}

/** SHA-256 of a flat body as canonical JSON (keys sorted): what a plain-hash fingerprint would be. */
const plainHash = (body: Record<string, unknown>) =>
  createHash('sha256')
    .update(JSON.stringify(Object.fromEntries(Object.entries(body).sort(([a], [b]) => (a < b ? -1 : 1)))))
    .digest('hex');

interface Database {
  /** The server's environment for this database. */
  env: Record<string, string>;
  /** The database, for SQL of the test's own (opened again if the server had it). */
  open(): Promise<MikroOrmStorage>;
  close(): Promise<void>;
}

/** PostgreSQL when DATABASE_URL is set (a fresh database), else the embedded one in a fresh directory. */
async function freshDatabase(): Promise<Database> {
  if (process.env.DATABASE_URL) {
    const storage = await createTestStorage(process.env, { kind: 'postgres' });
    return { env: { DATABASE_URL: storage.url }, open: async () => storage, close: () => storage.close() };
  }
  // PGlite serves one process: the test opens it only while the server is not running.
  const dataDir = await mkdtemp(join(tmpdir(), 'booking-pglite-'));
  let opened: MikroOrmStorage | undefined;
  return {
    env: { DATA_DIR: dataDir },
    open: async () => (opened = await openStorage({ embedded: { dataDir } })),
    close: async () => {
      await opened?.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function rows<T>(storage: MikroOrmStorage, sql: string): Promise<T[]> {
  return (await storage.orm.em.getConnection().execute(sql, [], 'all')) as T[];
}

/** Every row of every table, as text, by table. */
async function dumpAll(storage: MikroOrmStorage): Promise<Map<string, string>> {
  const tables = await rows<{ table_name: string }>(
    storage,
    `select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const dump = new Map<string, string>();
  for (const { table_name: table } of tables) {
    const found = await rows<{ row: string }>(storage, `select t::text as row from "${table}" t`);
    dump.set(table, found.map((r) => r.row).join('\n'));
  }
  return dump;
}

const FAIL_MARKED_INSERT = `
  create function fail_marked_passenger() returns trigger language plpgsql as $$
  begin
    if new.passenger_name = '${FAILING.passengerName}' then
      raise exception 'the disk is full (simulated)' using errcode = '53100';
    end if;
    return new;
  end $$;
  create trigger fail_marked_passenger before insert on tickets
    for each row execute function fail_marked_passenger();`;

describe('card data and personal data in the database and the logs (the server process)', () => {
  let database: Database;
  let server: ServerProcess | undefined;
  let logs = '';
  let dump = new Map<string, string>();
  let fingerprints: { scope: string; fingerprint: string }[] = [];
  const plainHashes: string[] = [];

  beforeAll(async () => {
    database = await freshDatabase();
    const before = await database.open();
    await before.orm.em.getConnection().execute(FAIL_MARKED_INSERT);
    if (!process.env.DATABASE_URL) await before.close();
    server = await startServerProcess({ ...database.env, LOG_LEVEL: 'debug' });
    const { url } = server;

    const routeId = await createRoute(url, 20);
    const customer = await tokenFor('customer', 'privacy-customer');
    const call = (path: string, body: object, key?: string) =>
      request(url, 'POST', path, {
        token: customer,
        body,
        headers: key ? { 'Idempotency-Key': key } : {},
      });

    const booking = { routeId, seatNumber: 1, gender: 'female', ...PASSENGER };
    const booked = await call('/tickets', booking, 'book-1');
    expect(booked.status).toBe(201);
    expect((await call('/tickets', booking, 'book-1')).body).toEqual(booked.body);
    plainHashes.push(plainHash(booking));
    const group = await call('/tickets', {
      routeId,
      passengers: GROUP.map((p, i) => ({ seatNumber: 2 + i, gender: 'other', ...p })),
    });
    expect(group.status).toBe(201);

    const ticketId = booked.body.id as string;
    const declined = await call('/payments', { ticketId, ...DECLINED_CARD }, 'pay-declined');
    expect(errorCode(declined)).toBe('payment_declined');
    const payment = { ticketId, ...CARD };
    const paid = await call('/payments', payment, 'pay-1');
    expect(paid.status).toBe(201);
    expect((await call('/payments', payment, 'pay-1')).body).toEqual(paid.body);
    // The fingerprint a plain hash would give (the validated body: the expiry read as numbers).
    plainHashes.push(plainHash({ ...payment, expireMonth: 7, expireYear: 2037 }));
    const groupPaid = await call('/payments', { pnrNumber: group.body.pnrNumber, ...CARD });
    expect(groupPaid.status).toBe(201);

    const failed = await call('/tickets', { routeId, seatNumber: 9, gender: 'male', ...FAILING });
    expect({ status: failed.status, code: errorCode(failed) }).toEqual({
      status: 503,
      code: 'persistence_unavailable',
    });

    expect(await server.stop('SIGTERM')).toBe(0);
    logs = server.output();
    const after = await database.open();
    dump = await dumpAll(after);
    fingerprints = await rows(after, 'select scope, fingerprint from idempotency_records');
  }, 180_000);
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await database?.close();
  });

  it('ran the failing statement path, which logs its failure', () => {
    expect(logs).toContain('the disk is full (simulated)');
  });

  it('stores no card number, CVC, expiry or holder name in any table (last four digits only)', () => {
    expect(dump.get('payment_attempts')).toContain('6458');
    expect(dump.get('ledger_entries')).toContain('6458');
    for (const [table, text] of dump) {
      expect({ table, leaks: leaks(text, [...CARD_TEXT, ...CARD_FIELDS], CARD_NUMBERS) }).toEqual({
        table,
        leaks: [],
      });
    }
  });

  it('keeps passenger names and phones in the tickets (and the answers kept for retries) only', () => {
    expect(dump.get('tickets')).toContain(PASSENGER.passengerName);
    for (const [table, text] of dump) {
      if (table === 'tickets' || table === 'idempotency_records') continue;
      // The audit trail says whose ticket changed (the name, for corrections), never the phone.
      const personal = table === 'history_entries' ? PHONES : PERSONAL;
      expect({ table, leaks: leaks(text, personal) }).toEqual({ table, leaks: [] });
    }
    expect(dump.get('history_entries')).toContain(PASSENGER.passengerName);
  });

  it('keeps request fingerprints that no one can recompute from a guessed body', () => {
    expect(fingerprints.map((f) => f.scope).sort()).toEqual([
      'pay:privacy-customer',
      'reserve:privacy-customer',
    ]);
    for (const { fingerprint } of fingerprints) {
      expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(plainHashes).not.toContain(fingerprint);
    }
  });

  it('logs no card data, passenger name or phone', () => {
    expect(logs).toContain('"msg":"request"');
    expect(leaks(logs, [...CARD_TEXT, ...PERSONAL], CARD_NUMBERS)).toEqual([]);
  });
});
