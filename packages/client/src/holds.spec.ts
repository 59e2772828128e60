import { describe, expect, it } from '@jest/globals';
import type { Route } from '@booking/core';
import type { SeatMapStatus } from '@booking/protocol';
import type { RouteWatch } from './route-watch';
import { useWatchTestServer } from './test-support/watch-test-suite';

/** Resolves once the watch shows these seats with this status (the test timeout catches a hang). */
function seatsShown(watch: RouteWatch, seatNumbers: number[], status: SeatMapStatus): Promise<void> {
  const shown = () =>
    seatNumbers.every((n) => watch.seats().find((s) => s.seatNumber === n)?.status === status);
  if (shown()) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = watch.onChange(() => {
      if (!shown()) return;
      stop();
      resolve();
    });
  });
}

/** A client that only calls the REST API never needs its socket to connect. */
const REST_ONLY = { autoConnect: false };

describe('seat holds through BookingClient', () => {
  const suite = useWatchTestServer({ forceNew: true });

  /** A customer's client and a watch of a new route, live. */
  async function customerOnNewRoute(): Promise<{
    route: Route;
    client: ReturnType<typeof suite.connect>;
    watch: RouteWatch;
  }> {
    const route = await suite.server.createRoute();
    const client = suite.connect(undefined, await suite.server.token());
    const watch = client.watchRoute(route.id);
    await watch.ready;
    return { route, client, watch };
  }

  it('holds named seats at once; the watch shows them held, and free again after the release', async () => {
    const { route, client, watch } = await customerOnNewRoute();
    const hold = await client.hold({ routeId: route.id, seatNumbers: [4, 3] });
    expect(hold).toMatchObject({
      routeId: route.id,
      seatNumbers: [3, 4],
      fromStopIndex: 0,
      toStopIndex: 3,
      status: 'active',
    });
    await seatsShown(watch, [3, 4], 'held');
    expect(await client.getHold(hold.id)).toEqual(hold);

    const released = await client.releaseHold(hold.id);
    expect(released).toMatchObject({ id: hold.id, status: 'released' });
    await seatsShown(watch, [3, 4], 'available');
    expect((await suite.server.seatMap(route)).seats.filter((s) => s.status !== 'available')).toEqual([]);
  });

  it('holds seats the server chooses: a quantity, with preferences', async () => {
    const { route, client, watch } = await customerOnNewRoute();
    const hold = await client.hold({
      routeId: route.id,
      fromCity: route.stops[1],
      toCity: route.stops[2],
      quantity: 2,
      preferences: { together: true },
    });
    expect(hold.seatNumbers).toHaveLength(2);
    expect(hold).toMatchObject({ fromStopIndex: 1, toStopIndex: 2, status: 'active' });
    // The whole route's watch overlaps the held segment: the seats show held there too.
    await seatsShown(watch, hold.seatNumbers, 'held');
  });

  it('extends a hold once from now; a second time is refused with hold_not_extendable', async () => {
    const { route, client } = await customerOnNewRoute();
    const hold = await client.hold({ routeId: route.id, seatNumbers: [1] });
    suite.server.clock.advanceSeconds(60);
    const extended = await client.extendHold(hold.id);
    expect(Date.parse(extended.expiresAt) - Date.parse(hold.expiresAt)).toBe(60_000);
    await expect(client.extendHold(hold.id)).rejects.toMatchObject({
      code: 'hold_not_extendable',
      status: 409,
    });
  });

  it('books a hold: one PNR, a reserved ticket per held seat, shown on the watch', async () => {
    const { route, client, watch } = await customerOnNewRoute();
    const hold = await client.hold({ routeId: route.id, seatNumbers: [7, 8] });
    const booking = await client.bookHold(hold.id, [
      { seatNumber: 7, passengerName: 'Ada Lovelace', gender: 'female' },
      { seatNumber: 8, passengerName: 'Alan Turing', gender: 'male', phone: '+44 20 7946 0000' },
    ]);
    expect(booking.tickets.map((t) => [t.seatNumber, t.status, t.pnrNumber])).toEqual([
      [7, 'reserved', booking.pnrNumber],
      [8, 'reserved', booking.pnrNumber],
    ]);
    await seatsShown(watch, [7, 8], 'reserved');
    expect(await client.getHold(hold.id)).toMatchObject({ status: 'converted' });
  });

  it("rejects with the server's code and HTTP status", async () => {
    const { route, client } = await customerOnNewRoute();
    await suite.server.book(route, 2);
    await expect(client.hold({ routeId: route.id, seatNumbers: [2] })).rejects.toEqual(
      expect.objectContaining({ code: 'seat_unavailable', status: 409 }),
    );
    const hold = await client.hold({ routeId: route.id, seatNumbers: [5] });
    await expect(
      client.bookHold(hold.id, [{ seatNumber: 6, passengerName: 'Ada Lovelace', gender: 'female' }]),
    ).rejects.toMatchObject({ code: 'hold_mismatch', status: 422 });
    // Another customer learns nothing of this hold.
    const other = suite.connect(REST_ONLY, await suite.server.token());
    await expect(other.getHold(hold.id)).rejects.toMatchObject({ code: 'hold_not_found', status: 404 });
  });

  it('frees the seats when the hold runs out; booking it then is refused with hold_expired', async () => {
    const { route, client, watch } = await customerOnNewRoute();
    const hold = await client.hold({ routeId: route.id, seatNumbers: [9] });
    await seatsShown(watch, [9], 'held');
    const reasons: (string | undefined)[] = [];
    watch.onUpdate((update) => reasons.push(update.metadata.reason));
    suite.server.clock.set(hold.expiresAt);
    (await suite.server.services.holds.expireDue())._unsafeUnwrap();
    await seatsShown(watch, [9], 'available');
    expect(reasons).toEqual(['hold_expired']);
    await expect(
      client.bookHold(hold.id, [{ seatNumber: 9, passengerName: 'Ada Lovelace', gender: 'female' }]),
    ).rejects.toMatchObject({ code: 'hold_expired', status: 409 });
  });

  it('asks a token function for the current token at each call', async () => {
    const route = await suite.server.createRoute();
    const signedIn: { token?: string } = {};
    const client = suite.connect(REST_ONLY, () => signedIn.token);
    await expect(client.hold({ routeId: route.id, seatNumbers: [1] })).rejects.toMatchObject({
      code: 'unauthorized',
      status: 401,
    });
    signedIn.token = await suite.server.token();
    expect(await client.hold({ routeId: route.id, seatNumbers: [1] })).toMatchObject({ status: 'active' });
  });

  it('keeps the watch exact when holds on a part of the watched segment become tickets', async () => {
    const route = await suite.server.createRoute();
    // One hold the watch knows only from its first seat map ("held", not by whom), one it sees placed.
    const before = (await suite.server.hold(route, 6, { from: 1, to: 2 }))!;
    const watch = suite.connect().watchRoute(route.id);
    await watch.ready;
    const after = (await suite.server.hold(route, 7, { from: 1, to: 2 }))!;
    await seatsShown(watch, [6, 7], 'held');
    // Each becomes a ticket (no seat_released for the hold), then the ticket is cancelled.
    for (const hold of [after, before]) {
      const [ticket] = (await suite.server.bookHold(hold))!;
      await suite.server.cancel(ticket!);
      await caughtUp(watch, route);
      expect(watch.snapshot()).toEqual(await suite.server.seatMap(route));
      expect(watch.seats().find((seat) => seat.seatNumber === hold.seatNumbers[0])?.status).toBe('available');
    }
  });

  /** Resolves once the watch has applied everything the server committed on the route. */
  async function caughtUp(watch: RouteWatch, route: Route): Promise<void> {
    const last = await suite.server.currentSequence(route);
    if (watch.sequence >= last) return;
    await new Promise<void>((resolve) => {
      const stop = watch.onChange(() => {
        if (watch.sequence < last) return;
        stop();
        resolve();
      });
    });
  }
});
