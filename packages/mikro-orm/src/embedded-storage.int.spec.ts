import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  describeScheduleRepositoryContract,
  describeStorageContracts,
  sampleRoute,
  sampleTicket,
} from '@booking/core/testing';
import { openStorage, type MikroOrmStorage } from './open-storage';
import { Sql } from './sql';
import { confirmRacesCancel, raceForOneSeat } from './testing/race-scenarios';
import { parallelGroupsOfOneCustomer, parallelHoldsOfOneCustomer } from './testing/hold-limit-races';

// The embedded database needs no service: this file always runs. One PGlite instance serves it all
// (starting one in a fresh directory is the slow part); the last test restarts it on the same files.
let dataDir = '';
let storage: MikroOrmStorage | undefined;
const opened = () => {
  if (!storage) throw new Error('storage not opened');
  return storage;
};
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'booking-pglite-'));
  storage = await openStorage({ embedded: { dataDir } });
});
afterAll(async () => {
  await storage?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describeStorageContracts('MikroORM on the embedded database', { open: async () => opened() });
describeScheduleRepositoryContract('MikroORM on the embedded database', { open: async () => opened() });

describe('the embedded database under concurrency (one pooled connection)', () => {
  it('lets exactly one of 50 concurrent reservations of one seat win', async () => {
    await raceForOneSeat(opened(), 50);
  });

  it('applies exactly one of a concurrent confirm and cancel of one ticket', async () => {
    await confirmRacesCancel(opened());
  });

  it('never lets parallel bookings of one customer hold more than MAX_HELD_SEATS unpaid seats', async () => {
    await parallelHoldsOfOneCustomer(opened(), 30);
    await parallelGroupsOfOneCustomer(opened());
  });
});

describe('the embedded database across a restart', () => {
  it('keeps every row when reopened on the same data directory', async () => {
    const route = sampleRoute();
    (await opened().routes.insert(route))._unsafeUnwrap();
    const ticket = sampleTicket(route);
    (await opened().unitOfWork.run((tx) => tx.tickets.insertIfSeatFree(ticket)))._unsafeUnwrap();
    const counts = async () =>
      (
        await new Sql(opened().orm.em.getConnection()).rows<Record<string, string>>(
          `select (select count(*) from routes) as routes, (select count(*) from tickets) as tickets,
                  (select count(*) from seat_events) as events, (select count(*) from payment_attempts) as attempts,
                  (select count(*) from idempotency_records) as idempotency`,
        )
      )._unsafeUnwrap()[0];
    const before = await counts();
    expect(Number(before?.tickets)).toBeGreaterThan(1);

    await opened().close();
    storage = undefined;
    storage = await openStorage({ embedded: { dataDir } });

    expect(await counts()).toEqual(before);
    expect((await opened().routes.findById(route.id))._unsafeUnwrap()).toEqual(route);
    expect((await opened().tickets.findById(ticket.id))._unsafeUnwrap()).toEqual(ticket);
    // The constraint came back too: the same seat is still taken.
    const clash = await opened().unitOfWork.run((tx) => tx.tickets.insertIfSeatFree(sampleTicket(route)));
    expect(clash._unsafeUnwrapErr()).toMatchObject({ kind: 'seat_unavailable' });
  });
});
