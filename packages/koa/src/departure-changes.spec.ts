import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Route } from '@booking/core';
import { InMemoryTicketRepository } from '@booking/core/testing';
import { errAsync, ResultAsync } from 'neverthrow';
import { card, expectError, snapshot, startApi, type Harness } from './test-support/harness';

/** The harness clock's start; routes depart 2030-06-01T09:00Z. */
const NOW = '2030-01-01T08:00:00.000Z';
const DEPARTURE = '2030-06-01T09:00:00.000Z';
const REASON = 'The bus broke down';

interface RouteJson {
  id: string;
  status: string;
  cancelReason: string | null;
  departureAt: string;
  stopTimes: string[] | null;
  scheduledDepartureAt: string;
}
interface TicketJson {
  id: string;
  status: string;
}

let api: Harness;
let route: Route;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());
beforeEach(async () => {
  api.booking.clock.set(NOW);
  route = await api.route();
});
afterEach(() => {
  jest.restoreAllMocks();
});

const passengers = (...seats: number[]) =>
  seats.map((seatNumber) => ({ seatNumber, passengerName: 'Ada Lovelace', gender: 'female' }));

async function paidTickets(...seats: number[]): Promise<TicketJson[]> {
  const token = api.tokens.customer;
  const booked = await api.request('POST', '/tickets', {
    token,
    body: { routeId: route.id, passengers: passengers(...seats) },
  });
  expect(booked.status).toBe(201);
  const tickets = (booked.body as { tickets: TicketJson[] }).tickets;
  const paid = await api.request('POST', '/payments', { token, body: { ticketId: tickets[0]?.id, ...card } });
  expect(paid.status).toBe(201);
  return tickets;
}

const cancelRoute = (body: unknown, token = api.tokens.admin, id = route.id) =>
  api.request('POST', `/routes/${id}/cancel`, { token, body });
const moveRoute = (body: unknown, token = api.tokens.admin, id = route.id) =>
  api.request('PATCH', `/routes/${id}`, { token, body });

describe('POST /routes/:id/cancel', () => {
  it('cancels the route: every ticket cancelled and refunded in full, holds released, the trail kept', async () => {
    const tickets = await paidTickets(1, 2);
    const hold = await api.request('POST', '/holds', {
      token: api.tokens.otherCustomer,
      body: { routeId: route.id, seatNumbers: [5] },
    });
    expect(hold.status).toBe(201);

    const answer = await cancelRoute({ reason: `  ${REASON}  ` });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: route.id,
      status: 'cancelled',
      cancelReason: REASON,
      departureAt: DEPARTURE,
    });
    // The refunds go to the gateway after the answer.
    await api.booking.services.departures.refundsSent();
    for (const ticket of tickets) {
      const read = await api.request('GET', `/tickets/${ticket.id}`, { token: api.tokens.customer });
      expect((read.body as TicketJson).status).toBe('cancelled');
      const money = await api.request('GET', `/tickets/${ticket.id}/payments`, {
        token: api.tokens.customer,
      });
      expect(money.body).toMatchObject({ paid: 25, refunded: 25 });
    }
    const map = await api.request('GET', `/routes/${route.id}/seats`);
    const statuses = (map.body as { seats: { seatNumber: number; status: string }[] }).seats
      .filter((s) => [1, 2, 5].includes(s.seatNumber))
      .map((s) => s.status);
    expect(statuses).toEqual(['available', 'available', 'available']);
    expect((await api.request('GET', `/routes/${route.id}`)).body).toMatchObject({ status: 'cancelled' });

    const history = await api.request('GET', `/routes/${route.id}/history`, { token: api.tokens.admin });
    expect(history.status).toBe(200);
    expect(history.body).toEqual({
      entries: [
        {
          id: expect.any(String),
          subject: 'route',
          subjectId: route.id,
          routeId: route.id,
          at: NOW,
          by: { userId: 'admin-1', role: 'admin' },
          action: 'cancel_departure',
          reason: REASON,
          changes: {
            status: { from: 'scheduled', to: 'cancelled' },
            cancelReason: { from: null, to: REASON },
          },
        },
      ],
    });
  });

  it('answers 409 route_cancelled to a second cancel, and to a booking or a hold afterwards, changing nothing', async () => {
    expect((await cancelRoute({ reason: REASON })).status).toBe(200);
    const before = snapshot(api.booking);
    expectError(await cancelRoute({ reason: 'Again' }), 409, 'route_cancelled');
    expectError(
      await api.request('POST', '/tickets', {
        token: api.tokens.customer,
        body: { routeId: route.id, ...passengers(3)[0] },
      }),
      409,
      'route_cancelled',
    );
    expectError(
      await api.request('POST', '/holds', {
        token: api.tokens.customer,
        body: { routeId: route.id, seatNumbers: [3] },
      }),
      409,
      'route_cancelled',
    );
    expectError(await moveRoute({ departureAt: '2030-06-01T10:00:00Z' }), 409, 'route_cancelled');
    expect(snapshot(api.booking)).toBe(before);
  });

  it.each([
    ['no body', undefined],
    ['no reason', {}],
    ['an empty reason', { reason: '' }],
    ['a blank reason', { reason: '   ' }],
    ['a reason on two lines', { reason: 'Broken\nbus' }],
    ['a reason too long', { reason: 'x'.repeat(501) }],
    ['a reason that is not text', { reason: 7 }],
    ['an unknown field', { reason: REASON, refund: false }],
  ])('answers 400 validation_failed to %s, changing nothing', async (_what, body) => {
    await paidTickets(1);
    const before = snapshot(api.booking);
    expectError(await cancelRoute(body), 400, 'validation_failed');
    expect(snapshot(api.booking)).toBe(before);
  });

  it('is for admins: 401 without a token, 403 for agents and customers; 404 for an unknown route; 422 once departed', async () => {
    await paidTickets(1);
    const before = snapshot(api.booking);
    expectError(
      await api.request('POST', `/routes/${route.id}/cancel`, { body: { reason: REASON } }),
      401,
      'unauthorized',
    );
    expectError(await cancelRoute({ reason: REASON }, api.tokens.agent), 403, 'forbidden');
    expectError(await cancelRoute({ reason: REASON }, api.tokens.customer), 403, 'forbidden');
    const unknown = '00000000-0000-4000-8000-000000000000';
    expectError(await cancelRoute({ reason: REASON }, api.tokens.admin, unknown), 404, 'route_not_found');
    expectError(
      await cancelRoute({ reason: REASON }, api.tokens.admin, 'not-an-id'),
      400,
      'validation_failed',
    );
    api.booking.clock.set(DEPARTURE);
    expectError(await cancelRoute({ reason: REASON }), 422, 'route_departed');
    expect(snapshot(api.booking)).toBe(before);
  });
});

describe('POST /routes/:id/cancel and its refunds', () => {
  it('answers once the cancellation has committed, without waiting for the gateway to send the refunds', async () => {
    const tickets = await paidTickets(1, 2);
    let open = () => undefined as void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const refund = api.booking.gateway.refund.bind(api.booking.gateway);
    jest
      .spyOn(api.booking.gateway, 'refund')
      .mockImplementation((request) => ResultAsync.fromSafePromise(gate).andThen(() => refund(request)));

    const answer = await cancelRoute({ reason: REASON });

    expect(answer.status).toBe(200);
    const payments = (id: string | undefined) =>
      api.request('GET', `/tickets/${id}/payments`, { token: api.tokens.customer });
    for (const ticket of tickets) {
      const money = (await payments(ticket.id)).body as { entries: { kind: string; status: string }[] };
      expect(money.entries.filter((e) => e.kind === 'refund').map((e) => e.status)).toEqual(['pending']);
    }
    open();
    await api.booking.services.departures.refundsSent();
    for (const ticket of tickets) {
      expect((await payments(ticket.id)).body).toMatchObject({ paid: 25, refunded: 25 });
    }
  });

  it('answers 409 invalid_transition when its tickets change under it through every try, changing nothing', async () => {
    await paidTickets(1);
    const before = snapshot(api.booking);
    jest
      .spyOn(InMemoryTicketRepository.prototype, 'update')
      .mockImplementation((ticket) => errAsync({ kind: 'stale_ticket' as const, ticketId: ticket.id }));
    expectError(await cancelRoute({ reason: REASON }), 409, 'invalid_transition');
    expect(snapshot(api.booking)).toBe(before);

    // And the API's document says so.
    const document = (await api.request('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
    };
    const cancel = document.paths['/routes/{routeId}/cancel']?.post;
    expect(cancel?.responses['409']?.description).toContain('invalid_transition');
  });
});

describe('PATCH /routes/:id', () => {
  it('moves the departure, sets stop times, and shifts them with a new departure alone', async () => {
    const moved = await moveRoute({ departureAt: '2030-06-01T11:30:00+02:00' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      departureAt: '2030-06-01T09:30:00.000Z',
      scheduledDepartureAt: DEPARTURE,
      stopTimes: null,
      status: 'scheduled',
    });
    const stopTimes = [
      '2030-06-01T09:30:00.000Z',
      '2030-06-01T10:00:00.000Z',
      '2030-06-01T11:00:00.000Z',
      '2030-06-01T11:00:00.000Z',
      '2030-06-01T12:00:00.000Z',
    ];
    expect((await moveRoute({ stopTimes })).body).toMatchObject({ stopTimes });
    const shifted = (await moveRoute({ departureAt: '2030-06-01T10:30:00Z' })).body as RouteJson;
    expect(shifted.stopTimes).toEqual([
      '2030-06-01T10:30:00.000Z',
      '2030-06-01T11:00:00.000Z',
      '2030-06-01T12:00:00.000Z',
      '2030-06-01T12:00:00.000Z',
      '2030-06-01T13:00:00.000Z',
    ]);
    expect((await api.request('GET', `/routes/${route.id}`)).body).toEqual(shifted);
    const history = await api.request('GET', `/routes/${route.id}/history`, { token: api.tokens.admin });
    expect((history.body as { entries: { action: string }[] }).entries.map((e) => e.action)).toEqual([
      'move_departure',
      'move_departure',
      'move_departure',
    ]);
  });

  it.each([
    ['no body', undefined],
    ['nothing to change', {}],
    ['a departure that is not a time', { departureAt: 'tomorrow' }],
    ['a departure in the past', { departureAt: '2029-12-31T00:00:00Z' }],
    ['stop times for fewer stops', { stopTimes: ['2030-06-01T10:00:00Z', '2030-06-01T11:00:00Z'] }],
    [
      'stop times going back',
      {
        stopTimes: [
          '2030-06-01T10:00:00Z',
          '2030-06-01T11:00:00Z',
          '2030-06-01T10:59:00Z',
          '2030-06-01T12:00:00Z',
          '2030-06-01T13:00:00Z',
        ],
      },
    ],
    [
      'a first stop time other than departureAt',
      {
        departureAt: '2030-06-01T09:00:00Z',
        stopTimes: [
          '2030-06-01T10:00:00Z',
          '2030-06-01T11:00:00Z',
          '2030-06-01T12:00:00Z',
          '2030-06-01T12:00:00Z',
          '2030-06-01T13:00:00Z',
        ],
      },
    ],
    ['an unknown field', { departureAt: '2030-06-01T10:00:00Z', price: 1 }],
  ])('answers 400 validation_failed to %s, changing nothing', async (_what, body) => {
    const before = snapshot(api.booking);
    expectError(await moveRoute(body), 400, 'validation_failed');
    expect(snapshot(api.booking)).toBe(before);
  });

  it('answers a move to the times the route already has with 200 and the route unchanged, writing nothing', async () => {
    const stopTimes = [DEPARTURE, ...['10', '11', '11', '12'].map((h) => `2030-06-01T${h}:00:00.000Z`)];
    const timed = (await moveRoute({ stopTimes })).body as RouteJson;
    const before = snapshot(api.booking);
    for (const same of [{ departureAt: '2030-06-01T11:00:00+02:00' }, { stopTimes }]) {
      const answer = await moveRoute(same);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(timed);
    }
    expect(snapshot(api.booking)).toBe(before);
  });

  it('answers 400 to a new departure that would shift the stop times past the year 9999, changing nothing', async () => {
    const stopTimes = [DEPARTURE, ...['10', '11', '11', '12'].map((h) => `2030-06-01T${h}:00:00.000Z`)];
    expect((await moveRoute({ stopTimes })).status).toBe(200);
    const before = snapshot(api.booking);
    const answer = await moveRoute({ departureAt: '9999-12-31T22:00:00Z' });
    expectError(answer, 400, 'validation_failed');
    expect(JSON.stringify(answer.body)).toContain('year 9999');
    expect(snapshot(api.booking)).toBe(before);
  });

  it('is for admins, and refuses a departed route', async () => {
    const body = { departureAt: '2030-06-01T10:00:00Z' };
    const before = snapshot(api.booking);
    expectError(await moveRoute(body, api.tokens.agent), 403, 'forbidden');
    expectError(await moveRoute(body, api.tokens.customer), 403, 'forbidden');
    api.booking.clock.set(DEPARTURE);
    expectError(await moveRoute(body), 422, 'route_departed');
    expect(snapshot(api.booking)).toBe(before);
  });
});

describe('GET /routes/:id/history', () => {
  it('is for admins; an unknown route is 404', async () => {
    expectError(
      await api.request('GET', `/routes/${route.id}/history`, { token: api.tokens.agent }),
      403,
      'forbidden',
    );
    const unknown = '00000000-0000-4000-8000-000000000000';
    expectError(
      await api.request('GET', `/routes/${unknown}/history`, { token: api.tokens.admin }),
      404,
      'route_not_found',
    );
    expect(
      (await api.request('GET', `/routes/${route.id}/history`, { token: api.tokens.admin })).body,
    ).toEqual({
      entries: [],
    });
  });
});

describe('the free cancellation after a move', () => {
  it('lets a passenger cancel without a fee once the bus moved by more than an hour', async () => {
    const [ticket] = await paidTickets(4);
    // Two hours before departure the default policy keeps 10 %; moved by 61 minutes it keeps nothing.
    api.booking.clock.set('2030-06-01T07:00:00.000Z');
    expect((await moveRoute({ departureAt: '2030-06-01T10:01:00Z' })).status).toBe(200);
    const cancelled = await api.request('POST', `/tickets/${ticket?.id}/cancel`, {
      token: api.tokens.customer,
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', refund: { amount: 25, fee: 0 } });
  });
});
