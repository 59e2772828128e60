import { describe, expect, it } from '@jest/globals';
import type { SeatUpdate } from '@booking/protocol';
import type { RestError } from './rest';
import { useWatchTestServer } from './test-support/watch-test-suite';

/** A client that only calls the REST API never needs its socket to connect. */
const REST_ONLY = { autoConnect: false };

describe('the manifest and no-shows through BookingClient', () => {
  const suite = useWatchTestServer({ forceNew: true });

  it('reads the manifest, departs a stop once, and is refused to customers', async () => {
    const route = await suite.server.createRoute();
    const absent = await suite.server.book(route, 3, { staff: true });
    const driver = suite.connect(REST_ONLY, await suite.server.token('driver'));
    const customer = suite.connect(REST_ONLY, await suite.server.token('customer'));

    const before = await driver.manifest(route.id);
    expect(before).toMatchObject({
      routeId: route.id,
      stops: route.stops,
      passengers: [{ ticketId: absent?.id, seatNumber: 3, status: 'confirmed', boardedAt: null }],
    });

    // A seat map of the later segment watches live: the no-show's seat comes free there.
    const watch = suite.connect().watchRoute(route.id, { fromCity: route.stops[1], toCity: route.stops[3] });
    expect((await watch.ready).seats[2]?.status).toBe('confirmed');
    const freed = new Promise<SeatUpdate>((resolve) => watch.onUpdate(resolve));

    suite.server.clock.set('2030-06-01T09:01:00.000Z');
    const departed = await driver.departStop(route.id, 0);
    expect(departed).toMatchObject({
      alreadyDeparted: false,
      noShows: [{ id: absent?.id, status: 'no_show' }],
    });
    expect(await driver.departStop(route.id, 0)).toMatchObject({ alreadyDeparted: true, noShows: [] });
    expect(await freed).toMatchObject({
      eventType: 'seat_available',
      seatNumber: 3,
      metadata: { reason: 'no_show' },
    });
    expect(watch.seats()[2]?.status).toBe('available');
    expect((await driver.manifest(route.id)).passengers[0]?.status).toBe('no_show');

    const refused = await customer.manifest(route.id).catch((error: RestError) => error);
    expect(refused).toMatchObject({ status: 403, code: 'forbidden' });
    const badStop = await driver.departStop(route.id, 3).catch((error: RestError) => error);
    expect(badStop).toMatchObject({ status: 400, code: 'validation_failed' });
  });
});
