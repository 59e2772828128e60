import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  isOccupying,
  routeUpdateDraft,
  TICKET_STATUSES,
  type LedgerEntry,
  type Route,
  type Ticket,
  type TicketStatus,
} from '@booking/core';
import {
  describeWithService,
  sampleDraft,
  sampleHold,
  sampleRoute,
  sampleTicket,
} from '@booking/core/testing';
import { migrate, pendingSchemaChanges } from './migrate';
import type { MikroOrmStorage } from './open-storage';
import { Sql } from './sql';
import { createTestStorage } from './testing/test-storage';
import { BOOKING_MIGRATIONS } from './migrations';
import { NO_DOUBLE_BOOKING_CONSTRAINT } from './entities/seat-claim.entity';
import { ROUTE_COLUMNS } from './repositories/route-repository';
import { LEDGER_ENTRY_COLUMNS } from './repositories/payment-repository';
import { TICKET_COLUMNS } from './repositories/ticket-repository';

/** The tickets' columns as the migrations below found them: before the e-mail column. */
const TICKETS_BEFORE_EMAIL = TICKET_COLUMNS.fieldsExcept(
  'email',
  'exchangedFromId',
  'exchangedToId',
  'soldForDepartureAt',
);
/** The tickets' columns before exchanges. */
const TICKETS_BEFORE_EXCHANGES = TICKET_COLUMNS.fieldsExcept(
  'exchangedFromId',
  'exchangedToId',
  'soldForDepartureAt',
);
/** The tickets' columns before they remembered the departure they were sold for. */
const TICKETS_BEFORE_SOLD_DEPARTURE = TICKET_COLUMNS.fieldsExcept('soldForDepartureAt');
/** The ledger's columns before exchanges' transfers were marked. */
const ENTRIES_BEFORE_TRANSFERS = LEDGER_ENTRY_COLUMNS.fieldsExcept('transferTicketId');
/** The routes' columns before departures could be cancelled or moved. */
const ROUTES_BEFORE_CHANGES = ROUTE_COLUMNS.fieldsExcept(
  'status',
  'cancelReason',
  'stopTimes',
  'scheduledDepartureAt',
  'updatedAt',
);

/** A route stored as it was before departures could change, with its event counter at 0. */
async function insertOldRoute(sql: Sql, route: Route): Promise<void> {
  const inserted = ROUTES_BEFORE_CHANGES;
  (
    await sql.rows(
      `with inserted as (insert into routes (${inserted.columns}) values (${inserted.placeholders}) returning id)
       insert into route_sequences (route_id, last_sequence) select id, 0 from inserted`,
      inserted.params(route),
    )
  )._unsafeUnwrap();
}

/** The names of the migrations from `name` on, in order: what migrating up runs after going down to it. */
function migrationsFrom(name: string): string[] {
  const names = BOOKING_MIGRATIONS.map((m) => m.name);
  if (!names.includes(name)) throw new Error(`no migration ${name}`);
  return names.slice(names.indexOf(name));
}

const LEDGER = 'Migration20260601000000_payment_ledger';
const CHANGES = 'Migration20260801000000_changes_after_sale';
const SOLD_AND_TRANSFERS = 'Migration20260901000000_sold_departure_and_transfers';

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

  it('creates the one exclusion constraint that forbids overlapping seat claims, and no other', async () => {
    const sql = new Sql(opened().orm.em.getConnection());
    const found = await sql.rows<{ name: string; definition: string }>(
      `select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint where contype = 'x'`,
    );
    expect(found._unsafeUnwrap()).toEqual([
      {
        name: NO_DOUBLE_BOOKING_CONSTRAINT,
        definition:
          'EXCLUDE USING gist (route_id WITH =, seat_numbers WITH &&, int4range(from_stop_index, to_stop_index) WITH &&)',
      },
    ]);
  });

  it('gives each occupying ticket stored before holds its seat claim, and the guarantee holds for them', async () => {
    // Back to before seat claims, with a ticket of every status on seats 1..5 as stored then.
    await opened().orm.getMigrator().down({ to: 'Migration20260501000000_seat_holds' });
    const sql = new Sql(opened().orm.em.getConnection());
    const occupying = (t: Ticket) => isOccupying(t.status);
    const route = sampleRoute();
    await insertOldRoute(sql, route);
    const tickets = TICKET_STATUSES.map((status, i) => sampleTicket(route, { status, seatNumber: i + 1 }));
    const inserted = TICKETS_BEFORE_EMAIL;
    for (const ticket of tickets) {
      (
        await sql.rows(
          `insert into tickets (${inserted.columns}) values (${inserted.placeholders})`,
          inserted.params(ticket),
        )
      )._unsafeUnwrap();
    }
    expect(await migrate(opened().orm)).toEqual(migrationsFrom('Migration20260501000000_seat_holds'));

    const claimed = await sql.rows<{ status: string; seat_numbers: number[] }>(
      `select tickets.status, seat_claims.seat_numbers from seat_claims join tickets on tickets.id = seat_claims.ticket_id
       where seat_claims.id = tickets.id order by tickets.seat_number`,
    );
    expect(claimed._unsafeUnwrap()).toEqual(
      tickets.filter(occupying).map((t) => ({
        status: t.status,
        seat_numbers: [t.seatNumber],
      })),
    );
    // Holds now meet those tickets: refused on the occupied seats, let in on the freed ones.
    const hold = sampleHold(route, { seatNumbers: tickets.map((t) => t.seatNumber) });
    expect((await opened().holds.insertIfSeatsFree(hold))._unsafeUnwrapErr()).toMatchObject({
      kind: 'seat_unavailable',
      seatNumbers: tickets.filter(occupying).map((t) => t.seatNumber),
    });
    const freed = tickets.filter((t) => !occupying(t));
    (
      await opened().holds.insertIfSeatsFree(
        sampleHold(route, { seatNumbers: freed.map((t) => t.seatNumber) }),
      )
    )._unsafeUnwrap();
  });

  it('moves each payment stored before the ledger into a confirmed attempt and its charge entry, in cents', async () => {
    // Back to before the ledger, with payments as they were stored then.
    await opened().orm.getMigrator().down({ to: LEDGER });
    const sql = new Sql(opened().orm.em.getConnection());
    const route = sampleRoute();
    await insertOldRoute(sql, route);
    const tickets = [1, 2, 3].map((seatNumber) => sampleTicket(route, { seatNumber, status: 'confirmed' }));
    const inserted = TICKETS_BEFORE_EMAIL;
    for (const ticket of tickets) {
      (
        await sql.rows(
          `insert into tickets (${inserted.columns}) values (${inserted.placeholders})`,
          inserted.params(ticket),
        )
      )._unsafeUnwrap();
    }
    const amounts = ['19.99', '0.29', '99999999.99'];
    const payments = tickets.map((ticket, i) => ({
      id: randomUUID(),
      ticket,
      amount: amounts[i] as string,
      chargeId: `ch_old_${i}`,
      createdAt: `2030-01-0${i + 1}T08:00:00.000Z`,
    }));
    for (const p of payments) {
      (
        await sql.rows(
          `insert into payments (id, ticket_id, amount, currency, status, last4, charge_id, created_at)
           values (?, ?, ?::numeric, 'EUR', 'succeeded', '4242', ?, ?::timestamptz)`,
          [p.id, p.ticket.id, p.amount, p.chargeId, p.createdAt],
        )
      )._unsafeUnwrap();
    }
    expect(await migrate(opened().orm)).toEqual(migrationsFrom(LEDGER));

    const cents = [1999, 29, 9_999_999_999];
    for (const [i, p] of payments.entries()) {
      const common = {
        chargeId: p.chargeId,
        last4: '4242',
        currency: 'EUR',
        createdAt: p.createdAt,
        updatedAt: p.createdAt,
      };
      expect((await opened().payments.findAttempt(p.id))._unsafeUnwrap()).toEqual({
        ...common,
        id: p.id,
        ownerId: p.ticket.ownerId,
        ticketIds: [p.ticket.id],
        amountCents: cents[i],
        status: 'confirmed',
        version: 1,
      });
      expect((await opened().payments.entriesOf(p.ticket.id))._unsafeUnwrap()).toEqual([
        {
          ...common,
          id: p.id,
          attemptId: p.id,
          ticketId: p.ticket.id,
          routeId: route.id,
          kind: 'charge',
          amountCents: cents[i],
          feeCents: 0,
          status: 'succeeded',
          transferTicketId: null,
        },
      ]);
    }
    const old = await sql.rows<{ found: string | null }>(`select to_regclass('payments')::text as found`);
    expect(old._unsafeUnwrap()).toEqual([{ found: null }]);

    // And back: the charges are payments again, to the cent.
    await opened().orm.getMigrator().down({ to: LEDGER });
    const restored = await sql.rows<{ id: string; amount: string }>(
      'select id, amount from payments order by created_at',
    );
    expect(restored._unsafeUnwrap()).toEqual(payments.map((p) => ({ id: p.id, amount: p.amount })));
    expect(await migrate(opened().orm)).toEqual(migrationsFrom(LEDGER));
  });

  it("splits an old group payment into each ticket's charge, and keeps one charge where the prices don't add up", async () => {
    await opened().orm.getMigrator().down({ to: LEDGER });
    const sql = new Sql(opened().orm.em.getConnection());
    const route = sampleRoute();
    await insertOldRoute(sql, route);
    // A PNR of three paid for through seat 4 (one of them cancelled since, one suspended), with an
    // expired reservation the payment never covered; a PNR whose payment matches no sum of prices;
    // and a PNR of two payments that would both count the same ticket.
    const inPnr = (pnrNumber: string, seatNumber: number, price: number, status: TicketStatus) =>
      sampleTicket(route, { pnrNumber, ownerId: `owner-${pnrNumber}`, seatNumber, price, status });
    const named = inPnr('GROUP1', 4, 19.99, 'confirmed');
    const cancelled = inPnr('GROUP1', 7, 0.29, 'cancelled');
    const suspended = inPnr('GROUP1', 2, 25.5, 'suspended');
    const expired = inPnr('GROUP1', 9, 12, 'expired');
    const oddNamed = inPnr('ODD001', 11, 10, 'confirmed');
    const oddOther = inPnr('ODD001', 12, 10, 'confirmed');
    const twiceA = inPnr('TWICE1', 21, 10, 'confirmed');
    const twiceB = inPnr('TWICE1', 22, 10, 'confirmed');
    const twiceShared = inPnr('TWICE1', 23, 5, 'confirmed');
    const all = [named, cancelled, suspended, expired, oddNamed, oddOther, twiceA, twiceB, twiceShared];
    const inserted = TICKETS_BEFORE_EMAIL;
    for (const ticket of all) {
      (
        await sql.rows(
          `insert into tickets (${inserted.columns}) values (${inserted.placeholders})`,
          inserted.params(ticket),
        )
      )._unsafeUnwrap();
    }
    const payment = (ticket: Ticket, amount: string, day: number) => ({
      id: randomUUID(),
      ticket,
      amount,
      createdAt: `2030-02-0${day}T08:00:00.000Z`,
    });
    const groupPayment = payment(named, '45.78', 1);
    const oddPayment = payment(oddNamed, '15.00', 2);
    const twicePayments = [payment(twiceA, '15.00', 3), payment(twiceB, '15.00', 4)];
    const payments = [groupPayment, oddPayment, ...twicePayments];
    for (const p of payments) {
      (
        await sql.rows(
          `insert into payments (id, ticket_id, amount, currency, status, last4, charge_id, created_at)
           values (?, ?, ?::numeric, 'EUR', 'succeeded', '4242', ?, ?::timestamptz)`,
          [p.id, p.ticket.id, p.amount, `ch_${p.id}`, p.createdAt],
        )
      )._unsafeUnwrap();
    }

    const expectMigrated = async () => {
      const charge = (p: typeof groupPayment, ticketId: string, amountCents: number) => ({
        attemptId: p.id,
        ticketId,
        routeId: route.id,
        kind: 'charge',
        amountCents,
        feeCents: 0,
        currency: 'EUR',
        status: 'succeeded',
        chargeId: `ch_${p.id}`,
        last4: '4242',
        transferTicketId: null,
        createdAt: p.createdAt,
        updatedAt: p.createdAt,
      });
      const entriesOf = async (ticket: Ticket) =>
        (await opened().payments.entriesOf(ticket.id))._unsafeUnwrap();

      // The group: one attempt of all three, the named ticket first, and each ticket its own price.
      expect((await opened().payments.findAttempt(groupPayment.id))._unsafeUnwrap()).toMatchObject({
        ticketIds: [named.id, suspended.id, cancelled.id],
        amountCents: 4578,
        status: 'confirmed',
      });
      expect(await entriesOf(named)).toEqual([
        { ...charge(groupPayment, named.id, 1999), id: groupPayment.id },
      ]);
      const companions = [...(await entriesOf(suspended)), ...(await entriesOf(cancelled))];
      expect(companions).toEqual([
        { ...charge(groupPayment, suspended.id, 2550), id: expect.any(String) },
        { ...charge(groupPayment, cancelled.id, 29), id: expect.any(String) },
      ]);
      const ids = [groupPayment.id, ...companions.map((e) => e.id)];
      expect(new Set(ids).size).toBe(3);
      expect(await entriesOf(expired)).toEqual([]);

      // 10 + 10 is not 15: which tickets it paid can't be told, so its ticket keeps the whole charge.
      expect((await opened().payments.findAttempt(oddPayment.id))._unsafeUnwrap()).toMatchObject({
        ticketIds: [oddNamed.id],
        amountCents: 1500,
      });
      expect(await entriesOf(oddNamed)).toEqual([
        { ...charge(oddPayment, oddNamed.id, 1500), id: oddPayment.id },
      ]);
      expect(await entriesOf(oddOther)).toEqual([]);

      // 10 + 5 is each one's payment, but a ticket can't have been paid twice: neither is split.
      for (const p of twicePayments) {
        expect((await opened().payments.findAttempt(p.id))._unsafeUnwrap()).toMatchObject({
          ticketIds: [p.ticket.id],
        });
        expect(await entriesOf(p.ticket)).toEqual([{ ...charge(p, p.ticket.id, 1500), id: p.id }]);
      }
      expect(await entriesOf(twiceShared)).toEqual([]);
    };
    expect(await migrate(opened().orm)).toEqual(migrationsFrom(LEDGER));
    await expectMigrated();

    // Down, each attempt is one payment again (its named ticket, its total); up, the same split.
    await opened().orm.getMigrator().down({ to: LEDGER });
    const restored = await sql.rows<{ id: string; ticket_id: string; amount: string }>(
      `select id, ticket_id, amount from payments where id in (${payments.map(() => '?').join(', ')})
       order by created_at`,
      payments.map((p) => p.id),
    );
    expect(restored._unsafeUnwrap()).toEqual(
      payments.map((p) => ({ id: p.id, ticket_id: p.ticket.id, amount: p.amount })),
    );
    expect(await migrate(opened().orm)).toEqual(migrationsFrom(LEDGER));
    await expectMigrated();
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
  it('reads routes stored before departure changes as scheduled, first departing when they depart; tickets and seat events as stored', async () => {
    await opened().orm.getMigrator().down({ to: CHANGES });
    const sql = new Sql(opened().orm.em.getConnection());
    const route = sampleRoute({
      departureAt: '2030-07-01T10:00:00.123Z',
      createdAt: '2030-01-02T03:04:05.678Z',
      updatedAt: 'not stored before',
    });
    await insertOldRoute(sql, route);
    const ticket = sampleTicket(route, { email: 'ada@example.com' });
    const inserted = TICKETS_BEFORE_EXCHANGES;
    (
      await sql.rows(
        `insert into tickets (${inserted.columns}) values (${inserted.placeholders})`,
        inserted.params(ticket),
      )
    )._unsafeUnwrap();
    const T = '2030-01-02T03:05:00.000Z';
    const seatEvent = { ...sampleDraft(ticket), sequence: 1, timestamp: T };
    (await opened().unitOfWork.run((tx) => tx.events.append([sampleDraft(ticket)], T)))._unsafeUnwrap();
    expect(await migrate(opened().orm)).toEqual(migrationsFrom(CHANGES));

    const scheduled: Route = {
      ...route,
      status: 'scheduled',
      cancelReason: null,
      stopTimes: null,
      scheduledDepartureAt: route.departureAt,
      updatedAt: route.createdAt,
    };
    expect((await opened().routes.findById(route.id))._unsafeUnwrap()).toEqual(scheduled);
    expect((await opened().tickets.findById(ticket.id))._unsafeUnwrap()).toEqual(ticket);
    expect((await opened().events.readAfter(route.id, 0, 10))._unsafeUnwrap()).toEqual([seatEvent]);

    // Now it can be cancelled, in the same sequence as its seats.
    const cancelled: Route = { ...scheduled, status: 'cancelled', cancelReason: 'Storm', updatedAt: T };
    const update = { ...routeUpdateDraft(cancelled), sequence: 2, timestamp: T };
    (
      await opened().unitOfWork.run((tx) =>
        tx.routes.update(cancelled).andThen(() => tx.events.append([routeUpdateDraft(cancelled)], T)),
      )
    )._unsafeUnwrap();
    expect((await opened().events.readAfter(route.id, 0, 10))._unsafeUnwrap()).toEqual([seatEvent, update]);

    // Down, the schema cannot hold a route update (it names no seat): it goes, the seat event stays.
    await opened().orm.getMigrator().down({ to: CHANGES });
    const left = await sql.rows<{ sequence: number; event_type: string }>(
      'select sequence, event_type from seat_events where route_id = ? order by sequence',
      [route.id],
    );
    expect(left._unsafeUnwrap()).toEqual([{ sequence: 1, event_type: 'seat_reserved' }]);
    expect(await migrate(opened().orm)).toEqual(migrationsFrom(CHANGES));
    expect((await opened().routes.findById(route.id))._unsafeUnwrap()).toEqual(scheduled);
  });

  it('gives tickets stored before it the departure they were sold for, and marks the money exchanges moved before it as transfers', async () => {
    await opened().orm.getMigrator().down({ to: SOLD_AND_TRANSFERS });
    const sql = new Sql(opened().orm.em.getConnection());
    // A departure first announced at 09:00, moved to 11:00 since.
    const route = (
      await opened().routes.insert(
        sampleRoute({
          departureAt: '2030-08-01T11:00:00.000Z',
          scheduledDepartureAt: '2030-08-01T09:00:00.000Z',
        }),
      )
    )._unsafeUnwrap();
    // A (40, paid) exchanged to the cheaper B (20: 20 back to the card, 20 moved), then B to the
    // dearer C (30: 10 charged, 20 moved); D paid and cancelled on its own, with a refund of 20 too.
    const [a, b, c, d] = [40, 20, 30, 20].map((price, i) =>
      sampleTicket(route, { seatNumber: i + 1, price, status: i === 2 ? 'confirmed' : 'cancelled' }),
    ) as [Ticket, Ticket, Ticket, Ticket];
    Object.assign(a, { exchangedToId: b.id });
    Object.assign(b, { exchangedFromId: a.id, exchangedToId: c.id });
    Object.assign(c, { exchangedFromId: b.id });
    for (const ticket of [a, b, c, d]) {
      const inserted = TICKETS_BEFORE_SOLD_DEPARTURE;
      (
        await sql.rows(
          `insert into tickets (${inserted.columns}) values (${inserted.placeholders})`,
          inserted.params(ticket),
        )
      )._unsafeUnwrap();
    }
    const t0 = '2030-07-01T08:00:00.000Z';
    const t1 = '2030-07-01T08:10:00.000Z';
    const t2 = '2030-07-01T08:20:00.000Z';
    const t3 = '2030-07-01T08:30:00.000Z';
    const entry = (ticket: Ticket, overrides: Partial<LedgerEntry>): LedgerEntry => ({
      id: randomUUID(),
      attemptId: randomUUID(),
      ticketId: ticket.id,
      routeId: route.id,
      kind: 'charge',
      amountCents: 0,
      feeCents: 0,
      currency: 'EUR',
      status: 'succeeded',
      chargeId: 'ch_a',
      last4: '4242',
      transferTicketId: null,
      createdAt: t0,
      updatedAt: t0,
      ...overrides,
    });
    const charged = entry(a, { amountCents: 4000, createdAt: t0, updatedAt: t0 });
    const refunded = { kind: 'refund' as const, amountCents: 2000, createdAt: t1 };
    const backToCard = entry(a, { ...refunded, updatedAt: '2030-07-01T08:10:01.000Z' });
    const movedToB = entry(a, { ...refunded, updatedAt: t1 });
    const movedInB = entry(b, { amountCents: 2000, createdAt: t1, updatedAt: t1 });
    const difference = entry(c, { amountCents: 1000, chargeId: 'ch_c', createdAt: t2, updatedAt: t2 });
    const movedToC = entry(b, { ...refunded, createdAt: t2, updatedAt: t2 });
    const movedInC = entry(c, { amountCents: 2000, createdAt: t2, updatedAt: t2 });
    const chargedD = entry(d, { amountCents: 2000, chargeId: 'ch_d', createdAt: t0, updatedAt: t0 });
    const refundedD = entry(d, { ...refunded, chargeId: 'ch_d', createdAt: t3, updatedAt: t3 });
    const all = [
      charged,
      backToCard,
      movedToB,
      movedInB,
      difference,
      movedToC,
      movedInC,
      chargedD,
      refundedD,
    ];
    for (const stored of all) {
      const inserted = ENTRIES_BEFORE_TRANSFERS;
      (
        await sql.rows(
          `insert into ledger_entries (${inserted.columns}) values (${inserted.placeholders})`,
          inserted.params(stored),
        )
      )._unsafeUnwrap();
    }

    // A route with stop times, moved by an hour: a passenger boarding at its third stop.
    const timed = (
      await opened().routes.insert(
        sampleRoute({
          departureAt: '2030-08-02T10:00:00.000Z',
          stopTimes: ['10:00', '11:00', '12:30', '13:00', '14:00'].map((t) => `2030-08-02T${t}:00.000Z`),
          scheduledDepartureAt: '2030-08-02T09:00:00.000Z',
        }),
      )
    )._unsafeUnwrap();
    const later = sampleTicket(timed, { fromStopIndex: 2, fromCity: timed.stops[2] as string });
    (
      await sql.rows(
        `insert into tickets (${TICKETS_BEFORE_SOLD_DEPARTURE.columns}) values (${TICKETS_BEFORE_SOLD_DEPARTURE.placeholders})`,
        TICKETS_BEFORE_SOLD_DEPARTURE.params(later),
      )
    )._unsafeUnwrap();

    const expectMigrated = async () => {
      for (const ticket of [a, b, c, d]) {
        // Judged as before: sold for the departure first announced.
        expect((await opened().tickets.findById(ticket.id))._unsafeUnwrap()).toEqual({
          ...ticket,
          soldForDepartureAt: route.scheduledDepartureAt,
        });
      }
      // Its stop as first announced: 12:30 less the route's move of an hour.
      expect((await opened().tickets.findById(later.id))._unsafeUnwrap()).toEqual({
        ...later,
        soldForDepartureAt: '2030-08-02T11:30:00.000Z',
      });
      const transfers = new Map([
        [movedToB.id, b.id],
        [movedInB.id, a.id],
        [movedToC.id, c.id],
        [movedInC.id, b.id],
      ]);
      const read = await Promise.all([a, b, c, d].map((t) => opened().payments.entriesOf(t.id)));
      const entries = read.flatMap((found) => found._unsafeUnwrap());
      expect(new Set(entries.map((e) => e.id))).toEqual(new Set(all.map((e) => e.id)));
      for (const found of entries) {
        const stored = all.find((e) => e.id === found.id);
        expect(found).toEqual({ ...stored, transferTicketId: transfers.get(found.id) ?? null });
      }
    };
    expect(await migrate(opened().orm)).toEqual(migrationsFrom(SOLD_AND_TRANSFERS));
    await expectMigrated();
    // Down and up again: the same.
    await opened().orm.getMigrator().down({ to: SOLD_AND_TRANSFERS });
    expect(await migrate(opened().orm)).toEqual(migrationsFrom(SOLD_AND_TRANSFERS));
    await expectMigrated();
  });
});
