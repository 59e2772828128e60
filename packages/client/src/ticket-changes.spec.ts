import { describe, expect, it } from '@jest/globals';
import type { SeatMapStatus } from '@booking/protocol';
import type { RouteWatch } from './route-watch';
import { useWatchTestServer } from './test-support/watch-test-suite';

/** A client that only calls the REST API never needs its socket to connect. */
const REST_ONLY = { autoConnect: false };

/** Resolves once the watch shows this seat with this status (the test timeout catches a hang). */
function seatShown(watch: RouteWatch, seatNumber: number, status: SeatMapStatus): Promise<void> {
  const shown = () => watch.seats().find((s) => s.seatNumber === seatNumber)?.status === status;
  if (shown()) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = watch.onChange(() => {
      if (!shown()) return;
      stop();
      resolve();
    });
  });
}

describe('changes of a ticket through BookingClient', () => {
  const suite = useWatchTestServer({ forceNew: true });

  it('moves a ticket to another seat, and the watch shows the old seat free and the new one taken', async () => {
    const route = await suite.server.createRoute();
    const ticket = await suite.server.book(route, 3, { staff: true });
    const agent = suite.connect(undefined, await suite.server.token('agent'));
    const watch = agent.watchRoute(route.id);
    await watch.ready;
    const moved = await agent.changeSeat(ticket?.id as string, 7);
    expect(moved).toMatchObject({
      id: ticket?.id,
      pnrNumber: ticket?.pnrNumber,
      seatNumber: 7,
      status: 'confirmed',
    });
    await seatShown(watch, 7, 'confirmed');
    await seatShown(watch, 3, 'available');
  });

  it('exchanges a ticket to another departure, corrects it, and reads its trail', async () => {
    const route = await suite.server.createRoute();
    const later = await suite.server.createRoute();
    const ticket = await suite.server.book(route, 2, { staff: true });
    const agent = suite.connect(REST_ONLY, await suite.server.token('agent'));
    const admin = suite.connect(REST_ONLY, await suite.server.token('admin'));
    const exchanged = await agent.exchangeTicket(ticket?.id as string, {
      routeId: later.id,
      seatNumber: 5,
      fromCity: later.stops[0],
      toCity: later.stops[later.stops.length - 1],
    });
    expect(exchanged).toMatchObject({
      ticket: { routeId: later.id, seatNumber: 5, pnrNumber: ticket?.pnrNumber, status: 'confirmed' },
      previous: { id: ticket?.id, status: 'cancelled' },
      priceDifference: 0,
    });
    const corrected = await agent.correctTicket(exchanged.ticket.id, {
      passengerName: 'Grace Hopper',
      reason: 'Spelling',
    });
    expect(corrected.passengerName).toBe('Grace Hopper');
    const trail = await admin.ticketHistory(exchanged.ticket.id);
    expect(trail.entries.map((e) => [e.action, e.reason])).toEqual([
      ['exchange', null],
      ['correct', 'Spelling'],
    ]);
  });

  it("answers the server's refusals as RestErrors", async () => {
    const route = await suite.server.createRoute();
    const ticket = await suite.server.book(route, 1);
    const taken = await suite.server.book(route, 2);
    const stranger = suite.connect(REST_ONLY, await suite.server.token('customer'));
    const agent = suite.connect(REST_ONLY, await suite.server.token('agent'));
    const id = ticket?.id as string;
    await expect(stranger.changeSeat(id, 4)).rejects.toMatchObject({ code: 'ticket_not_found', status: 404 });
    await expect(agent.changeSeat(id, taken?.seatNumber as number)).rejects.toMatchObject({
      code: 'seat_unavailable',
      status: 409,
    });
    await expect(stranger.correctTicket(id, { passengerName: 'Eve' })).rejects.toMatchObject({
      code: 'forbidden',
      status: 403,
    });
    await expect(agent.ticketHistory(id)).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    await expect(agent.exchangeTicket(id, { routeId: 'nope', seatNumber: 1 })).rejects.toMatchObject({
      code: 'validation_failed',
      status: 400,
    });
  });
});
