import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeWithService, sampleRoute, sampleTicket } from '@booking/core/testing';
import type { MikroOrmStorage } from './open-storage';
import { createTestStorage } from './testing/test-storage';

/**
 * Values the database cannot store, given straight to the repositories (as an embedder that skips
 * the core's checks would): the caller's error, `validation_failed`, never `persistence_unavailable`
 * (which reports an outage and pages an operator). Nothing is stored, and the storage serves on.
 */
function describeRefusedValues(kind: 'embedded' | 'postgres'): void {
  let storage: MikroOrmStorage | undefined;
  const opened = () => {
    if (!storage) throw new Error('storage not opened');
    return storage;
  };
  beforeAll(async () => {
    storage = await createTestStorage(process.env, { kind });
  }, 60_000);
  afterAll(async () => {
    await storage?.close();
  });

  const refused = { kind: 'validation_failed', message: expect.any(String), details: [expect.any(String)] };

  it.each([
    ['NUL', 'Ada\u0000Lovelace'],
    ['a lone surrogate', 'Ada\ud800Lovelace'],
  ])('a passenger name with %s: validation_failed, no ticket stored', async (_what, name) => {
    const route = sampleRoute();
    expect((await opened().routes.insert(route)).isOk()).toBe(true);
    const ticket = sampleTicket(route, { passengerName: name });
    expect((await opened().tickets.insertIfSeatFree(ticket))._unsafeUnwrapErr()).toEqual(refused);
    const inTransaction = await opened().unitOfWork.run((tx) => tx.tickets.insertIfSeatFree(ticket));
    expect(inTransaction._unsafeUnwrapErr()).toEqual(refused);
    expect((await opened().tickets.findById(ticket.id))._unsafeUnwrap()).toBeUndefined();
  });

  it('a city with NUL, in a new route or in a search: validation_failed, no route stored', async () => {
    const route = sampleRoute({ stops: ['Istanbul', 'Bolu\u0000', 'Ankara'] });
    expect((await opened().routes.insert(route))._unsafeUnwrapErr()).toEqual(refused);
    expect((await opened().routes.findById(route.id))._unsafeUnwrap()).toBeUndefined();
    const search = await opened().routes.list({ stopsIn: ['Bolu\u0000'], limit: 10 });
    expect(search._unsafeUnwrapErr()).toEqual(refused);
    const tickets = await opened().tickets.list({ pnrNumber: 'AB\u0000C', limit: 10 });
    expect(tickets._unsafeUnwrapErr()).toEqual(refused);
  });

  it('a price beyond what the column holds (SQLSTATE 22003): validation_failed, no route stored', async () => {
    const route = sampleRoute({ price: 1e12 });
    expect((await opened().routes.insert(route))._unsafeUnwrapErr()).toEqual(refused);
    const inTransaction = await opened().unitOfWork.run((tx) =>
      tx.routes.insert(sampleRoute({ price: 1e12 })),
    );
    expect(inTransaction._unsafeUnwrapErr()).toEqual(refused);
    expect((await opened().routes.findById(route.id))._unsafeUnwrap()).toBeUndefined();
  });

  it('quotes no refused value in the error (driver messages do; they may hold personal data)', async () => {
    const route = sampleRoute();
    await opened().routes.insert(route);
    const error = (
      await opened().tickets.insertIfSeatFree(sampleTicket(route, { passengerName: 'Secret\u0000Name' }))
    )._unsafeUnwrapErr();
    expect(JSON.stringify(error)).not.toContain('Secret');
  });

  it('serves ordinary requests afterwards', async () => {
    const route = sampleRoute({ stops: ['İzmir', 'Şanlıurfa 🚌'] });
    expect((await opened().routes.insert(route)).isOk()).toBe(true);
    const ticket = sampleTicket(route, { passengerName: 'Şükrü Öztürk' });
    expect((await opened().tickets.insertIfSeatFree(ticket)).isOk()).toBe(true);
    expect((await opened().tickets.findById(ticket.id))._unsafeUnwrap()?.passengerName).toBe('Şükrü Öztürk');
    expect(await opened().isHealthy()).toBe(true);
  });
}

describe('values the embedded database refuses', () => describeRefusedValues('embedded'));
describeWithService('DATABASE_URL', process.env, 'values PostgreSQL refuses', () =>
  describeRefusedValues('postgres'),
);
