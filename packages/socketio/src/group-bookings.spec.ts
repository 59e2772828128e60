import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { genderAdjacencyPolicy, type SeatMap } from '@booking/core';
import { SeatTestServer, customer } from './test-support/seat-test-server';

describe('group bookings and seat rules on /seats', () => {
  let server: SeatTestServer;

  beforeAll(async () => {
    server = await SeatTestServer.start({ booking: { seatPolicies: [genderAdjacencyPolicy()] } });
  });
  afterAll(() => server.close());

  it('sends one seat_update per seat of a group, with consecutive sequences, and a ticket_update each', async () => {
    const route = await server.createRoute();
    await server.book(route, 10);
    const owner = customer();
    const watcher = await server.connect();
    const ownerSocket = await server.connect({ token: await server.tokenFor(owner) });
    await watcher.request('subscribe_route', { routeId: route.id });
    const group = (
      await server.services.tickets.reserveGroup(owner, {
        routeId: route.id,
        passengers: [7, 3, 5].map((seatNumber) => ({
          seatNumber,
          passengerName: 'P',
          gender: 'male' as const,
        })),
      })
    )._unsafeUnwrap();
    await watcher.until(() => watcher.sequences(route.id).length === 3);
    expect(watcher.updates(route.id).map((u) => [u.sequence, u.seatNumber, u.eventType])).toEqual([
      [2, 3, 'seat_reserved'],
      [3, 5, 'seat_reserved'],
      [4, 7, 'seat_reserved'],
    ]);
    expect(JSON.stringify(watcher.updates(route.id))).not.toContain(group.pnrNumber);
    await ownerSocket.until(
      () => ownerSocket.received.filter((r) => r.kind === 'ticket_update').length === 3,
    );
    const pnrs = ownerSocket.received.flatMap((r) =>
      r.kind === 'ticket_update' ? [r.update.ticket.pnrNumber] : [],
    );
    expect(pnrs).toEqual([group.pnrNumber, group.pnrNumber, group.pnrNumber]);
  });

  it('get_seat_availability answers each seat with deck, row and column, as REST does', async () => {
    const route = await server.createRoute(6);
    const client = await server.connect();
    const ack = (await client.request('get_seat_availability', { routeId: route.id })) as SeatMap & {
      ok: true;
    };
    expect(ack.seats.map((s) => [s.seatNumber, s.deck, s.row, s.column])).toEqual([
      [1, 1, 1, 1],
      [2, 1, 1, 2],
      [3, 1, 1, 3],
      [4, 1, 1, 4],
      [5, 1, 2, 1],
      [6, 1, 2, 2],
    ]);
    expect(ack).toEqual({ ok: true, ...(await server.services.routes.seatMap(route.id))._unsafeUnwrap() });
  });

  it('get_seat_availability with gender marks the seats a rule refuses that passenger', async () => {
    const route = await server.createRoute(8);
    await server.book(route, 1); // a woman (the test server books women)
    const client = await server.connect();
    const forMan = (await client.request('get_seat_availability', {
      routeId: route.id,
      gender: 'male',
    })) as SeatMap;
    expect(forMan.seats.filter((s) => s.blocked).map((s) => [s.seatNumber, s.blocked?.rule])).toEqual([
      [2, 'gender_adjacency'],
    ]);
    const forWoman = (await client.request('get_seat_availability', {
      routeId: route.id,
      gender: 'female',
    })) as SeatMap;
    expect(forWoman.seats.some((s) => s.blocked)).toBe(false);
    const bad = await client.request('get_seat_availability', { routeId: route.id, gender: 'robot' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });
});
