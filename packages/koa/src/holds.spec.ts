import { DEFAULT_SEAT_HOLD_SECONDS } from '@booking/core';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { expectError, snapshot, startApi, type Answer, type Harness } from './test-support/harness';

interface HoldBody {
  id: string;
  routeId: string;
  seatNumbers: number[];
  fromStopIndex: number;
  toStopIndex: number;
  status: string;
  expiresAt: string;
}

let api: Harness;
beforeEach(async () => {
  api = await startApi();
});
afterEach(() => api.close());

const later = (seconds: number) => new Date(api.booking.clock.now().getTime() + seconds * 1000).toISOString();

const place = (body: object, token = api.tokens.customer, headers: Record<string, string> = {}) =>
  api.request('POST', '/holds', { token, body, headers });

async function held(routeId: string, seatNumbers: number[], extra: object = {}): Promise<HoldBody> {
  const answer = await place({ routeId, seatNumbers, ...extra });
  expect(answer.status).toBe(201);
  return answer.body as HoldBody;
}

async function seatStatuses(routeId: string, query = ''): Promise<Record<number, string>> {
  const map = await api.request('GET', `/routes/${routeId}/seats${query}`);
  const seats = (map.body as { seats: { seatNumber: number; status: string }[] }).seats;
  return Object.fromEntries(seats.map((s) => [s.seatNumber, s.status]));
}

const details = (answer: Answer) => (answer.body as { error: { details?: unknown } }).error.details;

describe('POST /holds', () => {
  it('holds the named seats for SEAT_HOLD_SECONDS: 201 hold, held on the seat map, seat_held per seat', async () => {
    const route = await api.route();
    const events = api.booking.notifier.events.length;
    const answer = await place({
      routeId: route.id,
      fromCity: route.stops[1],
      toCity: route.stops[3],
      seatNumbers: [4, 2],
    });
    expect(answer.status).toBe(201);
    const hold = answer.body as HoldBody;
    expect(hold).toEqual({
      id: expect.any(String),
      routeId: route.id,
      seatNumbers: [2, 4],
      fromStopIndex: 1,
      toStopIndex: 3,
      status: 'active',
      expiresAt: later(DEFAULT_SEAT_HOLD_SECONDS),
    });
    const statuses = await seatStatuses(route.id, `?fromCity=${route.stops[1]}&toCity=${route.stops[3]}`);
    expect([statuses[2], statuses[3], statuses[4]]).toEqual(['held', 'available', 'held']);
    // Held seats occupy their segment only, like tickets.
    const after = await seatStatuses(route.id, `?fromCity=${route.stops[3]}`);
    expect(after[2]).toBe('available');
    const added = api.booking.notifier.events.slice(events);
    expect(added.map((e) => [e.eventType, e.seatNumber, e.ticketId, e.metadata.gender])).toEqual([
      ['seat_held', 2, hold.id, undefined],
      ['seat_held', 4, hold.id, undefined],
    ]);
  });

  it('with quantity, holds seats the server chooses, after its preferences', async () => {
    const route = await api.route();
    const answer = await place({
      routeId: route.id,
      quantity: 2,
      preferences: { together: true, position: 'window' },
    });
    expect(answer.status).toBe(201);
    const hold = answer.body as HoldBody;
    expect(hold.seatNumbers).toHaveLength(2);
    const statuses = await seatStatuses(route.id);
    expect(hold.seatNumbers.map((seat) => statuses[seat])).toEqual(['held', 'held']);
  });

  it('accepts the route id in any letter case', async () => {
    const route = await api.route();
    const hold = await held(route.id.toUpperCase(), [1]);
    expect(hold.routeId).toBe(route.id);
  });

  it('answers 409 seat_unavailable for a seat a ticket or another hold has, holding none of the seats', async () => {
    const route = await api.route();
    await held(route.id, [3]);
    const ticket = await api.request('POST', '/tickets', {
      token: api.tokens.agent,
      body: { routeId: route.id, seatNumber: 5, passengerName: 'Ada', gender: 'female' },
    });
    expect(ticket.status).toBe(201);
    const before = snapshot(api.booking);
    const onHold = await place({ routeId: route.id, seatNumbers: [1, 3] }, api.tokens.otherCustomer);
    expectError(onHold, 409, 'seat_unavailable');
    expect(details(onHold)).toEqual({ seatNumbers: [3] });
    expectError(await place({ routeId: route.id, seatNumbers: [5, 6] }), 409, 'seat_unavailable');
    expect(snapshot(api.booking)).toBe(before);
    expect((await seatStatuses(route.id))[1]).toBe('available');
  });

  it('answers 409 not_enough_seats when fewer seats than the quantity are free', async () => {
    const route = await api.route({ seatCount: 4 });
    await held(route.id, [1, 2, 3]);
    const before = snapshot(api.booking);
    const answer = await place({ routeId: route.id, quantity: 2 }, api.tokens.otherCustomer);
    expectError(answer, 409, 'not_enough_seats');
    expect(details(answer)).toEqual({ requested: 2, available: 1 });
    expect(snapshot(api.booking)).toBe(before);
  });

  it('refuses bad input with a clear 4xx and changes nothing', async () => {
    const route = await api.route();
    const before = snapshot(api.booking);
    const refusals: [object, number, string][] = [
      [{ routeId: route.id, seatNumbers: [11] }, 422, 'seat_out_of_range'],
      [{ routeId: route.id, seatNumbers: [2, 2] }, 400, 'validation_failed'],
      [{ routeId: route.id, seatNumbers: [] }, 400, 'validation_failed'],
      [{ routeId: route.id, seatNumbers: [1, 2, 3, 4, 5, 6, 7] }, 400, 'validation_failed'],
      [{ routeId: route.id, quantity: 7 }, 400, 'validation_failed'],
      [{ routeId: route.id, quantity: 0 }, 400, 'validation_failed'],
      [{ routeId: route.id, quantity: 1, preferences: { position: 'middle' } }, 400, 'validation_failed'],
      [{ routeId: route.id, seatNumbers: [1], quantity: 1 }, 400, 'validation_failed'],
      [{ routeId: route.id }, 400, 'validation_failed'],
      [{ routeId: 'not-an-id', seatNumbers: [1] }, 400, 'validation_failed'],
      [{ routeId: '00000000-0000-4000-8000-000000000000', seatNumbers: [1] }, 404, 'route_not_found'],
      [
        { routeId: route.id, fromCity: route.stops[3], toCity: route.stops[1], seatNumbers: [1] },
        422,
        'invalid_segment',
      ],
    ];
    for (const [body, status, code] of refusals) expectError(await place(body), status, code);
    expectError(
      await api.request('POST', '/holds', { body: { routeId: route.id, seatNumbers: [1] } }),
      401,
      'unauthorized',
    );
    expect(snapshot(api.booking)).toBe(before);
  });

  it('names the closest shape in a validation error', async () => {
    const route = await api.route();
    const answer = await place({ routeId: route.id, seatNumbers: [2, 2] });
    expect(details(answer)).toEqual([
      { in: 'body', path: 'seatNumbers', message: 'must not name a seat twice' },
    ]);
  });

  it('takes an Idempotency-Key: the same key and body hold once, another body is 409', async () => {
    const route = await api.route();
    const headers = { 'Idempotency-Key': 'hold-attempt-1' };
    const first = await place({ routeId: route.id, seatNumbers: [7] }, api.tokens.customer, headers);
    const again = await place({ seatNumbers: [7], routeId: route.id }, api.tokens.customer, headers);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body).toEqual(first.body);
    const holds = [...api.booking.ports.db.holds.values()].filter((h) => h.routeId === route.id);
    expect(holds).toHaveLength(1);
    const before = snapshot(api.booking);
    expectError(
      await place({ routeId: route.id, seatNumbers: [8] }, api.tokens.customer, headers),
      409,
      'idempotency_conflict',
    );
    expect(snapshot(api.booking)).toBe(before);
  });
});

describe('GET /holds/:id', () => {
  it('shows the hold to its owner (any letter case), an agent and an admin', async () => {
    const route = await api.route();
    const hold = await held(route.id, [1, 2]);
    for (const [token, id] of [
      [api.tokens.customer, hold.id],
      [api.tokens.customer, hold.id.toUpperCase()],
      [api.tokens.agent, hold.id],
      [api.tokens.admin, hold.id],
    ] as const) {
      const answer = await api.request('GET', `/holds/${id}`, { token });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(hold);
    }
  });

  it("answers 404 hold_not_found for another customer's hold and for an unknown id, 400 for a bad id", async () => {
    const route = await api.route();
    const hold = await held(route.id, [1]);
    expectError(
      await api.request('GET', `/holds/${hold.id}`, { token: api.tokens.otherCustomer }),
      404,
      'hold_not_found',
    );
    expectError(
      await api.request('GET', '/holds/00000000-0000-4000-8000-000000000000', { token: api.tokens.customer }),
      404,
      'hold_not_found',
    );
    expectError(
      await api.request('GET', '/holds/nope', { token: api.tokens.customer }),
      400,
      'validation_failed',
    );
    expectError(await api.request('GET', `/holds/${hold.id}`), 401, 'unauthorized');
  });
});

describe('POST /holds/:id/extend', () => {
  it('sets expiresAt to now + SEAT_HOLD_SECONDS once; a second time is 409 hold_not_extendable', async () => {
    const route = await api.route();
    const hold = await held(route.id, [3]);
    api.booking.clock.advanceSeconds(200);
    const extended = await api.request('POST', `/holds/${hold.id.toUpperCase()}/extend`, {
      token: api.tokens.customer,
    });
    expect(extended.status).toBe(200);
    expect(extended.body).toEqual({ ...hold, expiresAt: later(DEFAULT_SEAT_HOLD_SECONDS) });
    const before = snapshot(api.booking);
    const again = await api.request('POST', `/holds/${hold.id}/extend`, { token: api.tokens.customer });
    expectError(again, 409, 'hold_not_extendable');
    expect(snapshot(api.booking)).toBe(before);
  });

  it('lets an agent extend, not another customer (404), and not an expired hold (409 hold_expired)', async () => {
    const route = await api.route();
    const hold = await held(route.id, [4]);
    const before = snapshot(api.booking);
    expectError(
      await api.request('POST', `/holds/${hold.id}/extend`, { token: api.tokens.otherCustomer }),
      404,
      'hold_not_found',
    );
    expect(snapshot(api.booking)).toBe(before);
    expect((await api.request('POST', `/holds/${hold.id}/extend`, { token: api.tokens.agent })).status).toBe(
      200,
    );

    const late = await held(route.id, [5]);
    api.booking.clock.advanceSeconds(DEFAULT_SEAT_HOLD_SECONDS);
    const expired = snapshot(api.booking);
    expectError(
      await api.request('POST', `/holds/${late.id}/extend`, { token: api.tokens.customer }),
      409,
      'hold_expired',
    );
    expect(snapshot(api.booking)).toBe(expired);
  });
});

describe('DELETE /holds/:id', () => {
  it('releases the seats at once: 200 status released, available again, seat_released with reason released', async () => {
    const route = await api.route();
    const hold = await held(route.id, [6, 7]);
    const events = api.booking.notifier.events.length;
    const released = await api.request('DELETE', `/holds/${hold.id.toUpperCase()}`, {
      token: api.tokens.customer,
    });
    expect(released.status).toBe(200);
    expect(released.body).toEqual({ ...hold, status: 'released' });
    const statuses = await seatStatuses(route.id);
    expect([statuses[6], statuses[7]]).toEqual(['available', 'available']);
    expect(
      api.booking.notifier.events.slice(events).map((e) => [e.eventType, e.seatNumber, e.metadata.reason]),
    ).toEqual([
      ['seat_released', 6, 'released'],
      ['seat_released', 7, 'released'],
    ]);
    expect((await api.request('GET', `/holds/${hold.id}`, { token: api.tokens.customer })).body).toEqual({
      ...hold,
      status: 'released',
    });
  });

  it("refuses another customer's hold (404) and a second release (409 hold_expired), changing nothing", async () => {
    const route = await api.route();
    const hold = await held(route.id, [8]);
    const before = snapshot(api.booking);
    expectError(
      await api.request('DELETE', `/holds/${hold.id}`, { token: api.tokens.otherCustomer }),
      404,
      'hold_not_found',
    );
    expect(snapshot(api.booking)).toBe(before);
    expect((await api.request('DELETE', `/holds/${hold.id}`, { token: api.tokens.admin })).status).toBe(200);
    const released = snapshot(api.booking);
    expectError(
      await api.request('DELETE', `/holds/${hold.id}`, { token: api.tokens.customer }),
      409,
      'hold_expired',
    );
    expect(snapshot(api.booking)).toBe(released);
  });
});

describe('expiry', () => {
  it('the sweep frees the seats of a hold past expiresAt: status expired, seat_released hold_expired', async () => {
    const route = await api.route();
    const hold = await held(route.id, [9]);
    api.booking.clock.advanceSeconds(DEFAULT_SEAT_HOLD_SECONDS);
    const events = api.booking.notifier.events.length;
    await api.booking.services.holds.expireDue();
    const after = await api.request('GET', `/holds/${hold.id}`, { token: api.tokens.customer });
    expect((after.body as HoldBody).status).toBe('expired');
    expect((await seatStatuses(route.id))[9]).toBe('available');
    expect(api.booking.notifier.events.slice(events).map((e) => [e.eventType, e.metadata.reason])).toEqual([
      ['seat_released', 'hold_expired'],
    ]);
  });
});

describe('browsers', () => {
  it('a CORS preflight for DELETE /holds/:id allows the method', async () => {
    const answer = await api.request('OPTIONS', '/holds/00000000-0000-4000-8000-000000000000', {
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'DELETE',
        'Access-Control-Request-Headers': 'Authorization',
      },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-methods')?.split(',')).toContain('DELETE');
  });
});
