import { describe, expect, it } from '@jest/globals';
import { useWatchTestServer } from './test-support/watch-test-suite';

/** A client that only calls the REST API never needs its socket to connect. */
const REST_ONLY = { autoConnect: false };

describe("an admin's changes of a departure through BookingClient", () => {
  const suite = useWatchTestServer({ forceNew: true });

  it('moves a departure, cancels it with its tickets, and reads its history', async () => {
    const route = await suite.server.createRoute();
    const ticket = await suite.server.book(route, 3);
    const admin = suite.connect(REST_ONLY, await suite.server.token('admin'));

    const moved = await admin.moveDeparture(route.id.toUpperCase(), {
      departureAt: '2030-06-01T10:30:00+01:00',
    });
    expect(moved).toMatchObject({
      id: route.id,
      departureAt: '2030-06-01T09:30:00.000Z',
      scheduledDepartureAt: '2030-06-01T09:00:00.000Z',
      status: 'scheduled',
    });
    // The times it already has: the route as it is, and nothing in the trail.
    expect(await admin.moveDeparture(route.id, { departureAt: '2030-06-01T09:30:00Z' })).toEqual(moved);
    const stopTimes = [
      '2030-06-01T09:00:00.000Z',
      '2030-06-01T10:00:00.000Z',
      '2030-06-01T11:00:00.000Z',
      '2030-06-01T12:00:00.000Z',
    ];
    expect((await admin.moveDeparture(route.id, { stopTimes })).stopTimes).toEqual(stopTimes);

    const cancelled = await admin.cancelDeparture(route.id, 'Snow on the pass');
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Snow on the pass' });
    expect(suite.server.ports.db.tickets.get(ticket?.id as string)?.status).toBe('cancelled');
    await expect(admin.cancelDeparture(route.id, 'Again')).rejects.toMatchObject({
      code: 'route_cancelled',
      status: 409,
    });

    const history = await admin.routeHistory(route.id);
    expect(history.entries.map((e) => [e.action, e.reason])).toEqual([
      ['move_departure', null],
      ['move_departure', null],
      ['cancel_departure', 'Snow on the pass'],
    ]);
  });

  it('answers the server refusals as RestErrors', async () => {
    const route = await suite.server.createRoute();
    const admin = suite.connect(REST_ONLY, await suite.server.token('admin'));
    const agent = suite.connect(REST_ONLY, await suite.server.token('agent'));
    await expect(agent.cancelDeparture(route.id, 'No')).rejects.toMatchObject({
      code: 'forbidden',
      status: 403,
    });
    await expect(agent.routeHistory(route.id)).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    await expect(admin.cancelDeparture(route.id, 'two\nlines')).rejects.toMatchObject({
      code: 'validation_failed',
      status: 400,
    });
    await expect(admin.moveDeparture(route.id, {})).rejects.toMatchObject({
      code: 'validation_failed',
      status: 400,
    });
    expect((await admin.routeHistory(route.id)).entries).toEqual([]);
  });
});
