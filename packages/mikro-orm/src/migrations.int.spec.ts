import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { isOccupying, TICKET_STATUSES, type Ticket } from '@booking/core';
import { describeWithService, sampleHold, sampleRoute, sampleTicket } from '@booking/core/testing';
import { migrate, pendingSchemaChanges } from './migrate';
import type { MikroOrmStorage } from './open-storage';
import { Sql } from './sql';
import { createTestStorage } from './testing/test-storage';
import { BOOKING_MIGRATIONS } from './migrations';
import { NO_DOUBLE_BOOKING_CONSTRAINT } from './entities/seat-claim.entity';
import { TICKET_COLUMNS } from './repositories/ticket-repository';

/** The tickets' columns as the migrations below found them: before the e-mail column. */
const TICKETS_BEFORE_EMAIL = TICKET_COLUMNS.fieldsExcept('email');

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
    (await opened().routes.insert(route))._unsafeUnwrap();
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
    expect(await migrate(opened().orm)).toEqual([
      'Migration20260501000000_seat_holds',
      'Migration20260601000000_payment_ledger',
      'Migration20260701000000_passenger_email',
    ]);

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
    await opened().orm.getMigrator().down({ to: 'Migration20260601000000_payment_ledger' });
    const sql = new Sql(opened().orm.em.getConnection());
    const route = sampleRoute();
    (await opened().routes.insert(route))._unsafeUnwrap();
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
    expect(await migrate(opened().orm)).toEqual([
      'Migration20260601000000_payment_ledger',
      'Migration20260701000000_passenger_email',
    ]);

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
        },
      ]);
    }
    const old = await sql.rows<{ found: string | null }>(`select to_regclass('payments')::text as found`);
    expect(old._unsafeUnwrap()).toEqual([{ found: null }]);

    // And back: the charges are payments again, to the cent.
    await opened().orm.getMigrator().down({ to: 'Migration20260601000000_payment_ledger' });
    const restored = await sql.rows<{ id: string; amount: string }>(
      'select id, amount from payments order by created_at',
    );
    expect(restored._unsafeUnwrap()).toEqual(payments.map((p) => ({ id: p.id, amount: p.amount })));
    expect(await migrate(opened().orm)).toEqual([
      'Migration20260601000000_payment_ledger',
      'Migration20260701000000_passenger_email',
    ]);
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
