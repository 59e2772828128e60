import type { Route } from '@booking/core';
import { TICKET_VIEW_KEYS } from '@booking/core/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectError, startApi, type Harness } from './test-support/harness';

const UNKNOWN_ID = '7d1f2c9e-3b4a-4c5d-8e6f-0a1b2c3d4e5f';

interface TicketBody {
  id: string;
  status: string;
  seatNumber: number;
  holdExpiresAt: string | null;
}

let api: Harness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

async function book(route: Route, seatNumber: number, token = api.tokens.customer): Promise<TicketBody> {
  const answer = await api.request('POST', '/tickets', {
    token,
    body: {
      routeId: route.id,
      seatNumber,
      passengerName: 'Ada Lovelace',
      gender: 'female',
      phone: '+44 20 1234',
    },
  });
  expect(answer.status).toBe(201);
  return answer.body as TicketBody;
}

describe('POST /tickets', () => {
  it("gives a customer a reserved hold of HOLD_SECONDS with exactly the contract's fields", async () => {
    const route = await api.route();
    const answer = await api.request('POST', '/tickets', {
      token: api.tokens.customer,
      body: {
        routeId: route.id,
        seatNumber: 4,
        fromCity: route.stops[1],
        passengerName: ' Ada ',
        gender: 'female',
      },
    });
    expect(answer.status).toBe(201);
    expect(Object.keys(answer.body as object).sort()).toEqual(TICKET_VIEW_KEYS);
    expect(answer.body).toMatchObject({
      routeId: route.id,
      seatNumber: 4,
      fromCity: route.stops[1],
      toCity: route.stops[4],
      fromStopIndex: 1,
      toStopIndex: 4,
      passengerName: 'Ada',
      status: 'reserved',
      price: 25,
      holdExpiresAt: '2030-01-01T08:10:00.000Z',
    });
    expect(api.booking.notifier.events.at(-1)?.eventType).toBe('seat_reserved');
  });

  it.each(['agent', 'admin'] as const)(
    'sells a confirmed ticket at once to an %s (a counter sale)',
    async (role) => {
      const route = await api.route();
      const ticket = await book(route, 1, api.tokens[role]);
      expect(ticket.status).toBe('confirmed');
      expect(ticket.holdExpiresAt).toBeNull();
    },
  );

  it('answers 409 seat_unavailable for an overlapping seat, and books the same seat on another segment', async () => {
    const route = await api.route();
    await book(route, 5);
    const body = { routeId: route.id, seatNumber: 5, passengerName: 'Bob', gender: 'male' };
    expectError(
      await api.request('POST', '/tickets', { token: api.tokens.otherCustomer, body }),
      409,
      'seat_unavailable',
    );

    const first = await api.request('POST', '/tickets', {
      token: api.tokens.otherCustomer,
      body: { ...body, seatNumber: 6, toCity: route.stops[2] },
    });
    const second = await api.request('POST', '/tickets', {
      token: api.tokens.otherCustomer,
      body: { ...body, seatNumber: 6, fromCity: route.stops[2] },
    });
    expect([first.status, second.status]).toEqual([201, 201]);
  });

  it('answers 422 for a seat beyond the bus or an invalid segment, 409 for a departed route', async () => {
    const route = await api.route({ seatCount: 10 });
    const body = { routeId: route.id, seatNumber: 11, passengerName: 'Bob', gender: 'male' };
    const token = api.tokens.customer;
    expectError(await api.request('POST', '/tickets', { token, body }), 422, 'seat_out_of_range');
    expectError(
      await api.request('POST', '/tickets', {
        token,
        body: { ...body, seatNumber: 1, fromCity: 'Atlantis' },
      }),
      422,
      'invalid_segment',
    );
    expectError(
      await api.request('POST', '/tickets', {
        token,
        body: { ...body, seatNumber: 1, fromCity: route.stops[3], toCity: route.stops[1] },
      }),
      422,
      'invalid_segment',
    );
    const early = await api.route({ departureAt: '2030-01-01T09:00:00.000Z' });
    api.booking.clock.set('2030-01-01T09:00:00.000Z');
    try {
      expectError(
        await api.request('POST', '/tickets', { token, body: { ...body, routeId: early.id, seatNumber: 1 } }),
        422,
        'route_departed',
      );
    } finally {
      api.booking.clock.set('2030-01-01T08:00:00.000Z');
    }
  });

  it('answers 404 route_not_found for an unknown route and 401 without a token', async () => {
    const body = { routeId: UNKNOWN_ID, seatNumber: 1, passengerName: 'Bob', gender: 'male' };
    expectError(
      await api.request('POST', '/tickets', { token: api.tokens.customer, body }),
      404,
      'route_not_found',
    );
    expectError(await api.request('POST', '/tickets', { body }), 401, 'unauthorized');
  });

  it.each([
    ['no seat', { seatNumber: undefined }],
    ['seat 0', { seatNumber: 0 }],
    ['a string seat', { seatNumber: '1' }],
    ['an empty name', { passengerName: '   ' }],
    ['a 101-character name', { passengerName: 'n'.repeat(101) }],
    ['an unknown gender', { gender: 'robot' }],
    ['a phone made of letters', { phone: 'call me' }],
    ['a route id that is not a UUID', { routeId: 'route-1' }],
    ['group bookings (not offered)', { passengers: [] }],
  ])('answers 400 validation_failed for %s', async (_name, change) => {
    const route = await api.route();
    const before = api.booking.ports.db.tickets.size;
    const body = { routeId: route.id, seatNumber: 1, passengerName: 'Bob', gender: 'male', ...change };
    expectError(
      await api.request('POST', '/tickets', { token: api.tokens.customer, body }),
      400,
      'validation_failed',
    );
    expect(api.booking.ports.db.tickets.size).toBe(before);
  });
});

describe('GET /tickets/:id', () => {
  it('shows a ticket to its owner, an agent and an admin; another customer gets 404 and no data', async () => {
    const route = await api.route();
    const ticket = await book(route, 1);
    for (const token of [api.tokens.customer, api.tokens.agent, api.tokens.admin]) {
      const answer = await api.request('GET', `/tickets/${ticket.id}`, { token });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(ticket);
    }
    const stranger = await api.request('GET', `/tickets/${ticket.id}`, { token: api.tokens.otherCustomer });
    expectError(stranger, 404, 'ticket_not_found');
    expect(stranger.text).not.toContain('Ada');
    expectError(await api.request('GET', `/tickets/${ticket.id}`), 401, 'unauthorized');
    expectError(
      await api.request('GET', `/tickets/${UNKNOWN_ID}`, { token: api.tokens.admin }),
      404,
      'ticket_not_found',
    );
    expectError(
      await api.request('GET', '/tickets/123', { token: api.tokens.admin }),
      400,
      'validation_failed',
    );
  });
});

describe('GET /tickets', () => {
  it('lists only their own tickets to a customer and all to staff, with filters and pages', async () => {
    const route = await api.route();
    // Lists are ordered by creation time: let a second pass between bookings.
    const later = async <T>(booking: Promise<T>) => {
      const ticket = await booking;
      api.booking.clock.advanceSeconds(1);
      return ticket;
    };
    const mine = [await later(book(route, 1)), await later(book(route, 2))];
    const theirs = await later(book(route, 3, api.tokens.otherCustomer));
    api.booking.clock.set('2030-01-01T08:00:00.000Z');
    const ids = async (query: string, token: string) =>
      (
        (await api.request('GET', `/tickets?${query}`, { token })).body as { tickets: { id: string }[] }
      ).tickets.map((t) => t.id);
    expect(await ids(`routeId=${route.id}`, api.tokens.customer)).toEqual(mine.map((t) => t.id));
    expect(await ids(`routeId=${route.id}`, api.tokens.agent)).toEqual([...mine, theirs].map((t) => t.id));
    expect(await ids(`routeId=${route.id}&status=confirmed`, api.tokens.agent)).toEqual([]);

    const pnr = (await api.request('GET', `/tickets/${theirs.id}`, { token: api.tokens.admin })).body as {
      pnrNumber: string;
    };
    expect(await ids(`pnr=${pnr.pnrNumber}`, api.tokens.admin)).toEqual([theirs.id]);
    expect(await ids(`pnr=${pnr.pnrNumber}`, api.tokens.customer)).toEqual([]);

    const first = await api.request('GET', `/tickets?routeId=${route.id}&limit=2`, {
      token: api.tokens.admin,
    });
    const page = first.body as { tickets: { id: string }[]; nextCursor: string };
    expect(page.tickets.map((t) => t.id)).toEqual(mine.map((t) => t.id));
    const rest = await ids(`routeId=${route.id}&limit=2&cursor=${page.nextCursor}`, api.tokens.admin);
    expect(rest).toEqual([theirs.id]);
  });

  it.each(['limit=0', 'limit=1001', 'limit=ten', 'status=lost', 'cursor=abc', 'sort=asc'])(
    'answers 400 validation_failed for ?%s',
    async (query) => {
      expectError(
        await api.request('GET', `/tickets?${query}`, { token: api.tokens.agent }),
        400,
        'validation_failed',
      );
    },
  );

  it('needs a token', async () => {
    expectError(await api.request('GET', '/tickets'), 401, 'unauthorized');
  });
});

describe.each(['confirm', 'suspend'] as const)('POST /tickets/:id/%s', (action) => {
  const done = { confirm: 'confirmed', suspend: 'suspended' }[action];

  it.each(['agent', 'admin'] as const)(`lets an %s ${action} a reserved ticket`, async (role) => {
    const ticket = await book(await api.route(), 1);
    const answer = await api.request('POST', `/tickets/${ticket.id}/${action}`, { token: api.tokens[role] });
    expect(answer.status).toBe(200);
    expect((answer.body as TicketBody).status).toBe(done);
  });

  it('refuses customers (even the owner) with 403 and changes nothing', async () => {
    const ticket = await book(await api.route(), 1);
    expectError(
      await api.request('POST', `/tickets/${ticket.id}/${action}`, { token: api.tokens.customer }),
      403,
      'forbidden',
    );
    expectError(await api.request('POST', `/tickets/${ticket.id}/${action}`), 401, 'unauthorized');
    expect(api.booking.ports.db.tickets.get(ticket.id)?.status).toBe('reserved');
  });

  it('answers 409 invalid_transition for a cancelled ticket and 404 for an unknown one', async () => {
    const ticket = await book(await api.route(), 1);
    await api.request('POST', `/tickets/${ticket.id}/cancel`, { token: api.tokens.customer });
    expectError(
      await api.request('POST', `/tickets/${ticket.id}/${action}`, { token: api.tokens.agent }),
      409,
      'invalid_transition',
    );
    expectError(
      await api.request('POST', `/tickets/${UNKNOWN_ID}/${action}`, { token: api.tokens.agent }),
      404,
      'ticket_not_found',
    );
  });

  it('takes no body: anything but nothing or {} is 400', async () => {
    const ticket = await book(await api.route(), 1);
    const answer = await api.request('POST', `/tickets/${ticket.id}/${action}`, {
      token: api.tokens.agent,
      body: { status: 'confirmed' },
    });
    expectError(answer, 400, 'validation_failed');
    const empty = await api.request('POST', `/tickets/${ticket.id}/${action}`, {
      token: api.tokens.agent,
      body: {},
    });
    expect(empty.status).toBe(200);
  });
});

describe('POST /tickets/:id/confirm after the hold', () => {
  it('answers 409 hold_expired once the hold has run out', async () => {
    const ticket = await book(await api.route(), 1);
    api.booking.clock.advanceSeconds(600);
    try {
      expectError(
        await api.request('POST', `/tickets/${ticket.id}/confirm`, { token: api.tokens.agent }),
        409,
        'hold_expired',
      );
    } finally {
      api.booking.clock.set('2030-01-01T08:00:00.000Z');
    }
  });
});

describe('POST /tickets/:id/cancel', () => {
  it('lets the owner, an agent and an admin cancel; the seat becomes available', async () => {
    const route = await api.route();
    for (const [seat, token] of [
      [1, api.tokens.customer],
      [2, api.tokens.agent],
      [3, api.tokens.admin],
    ] as const) {
      const ticket = await book(route, seat);
      const answer = await api.request('POST', `/tickets/${ticket.id}/cancel`, { token });
      expect(answer.status).toBe(200);
      expect((answer.body as TicketBody).status).toBe('cancelled');
    }
    const map = await api.request('GET', `/routes/${route.id}/seats`);
    expect((map.body as { seats: { status: string }[] }).seats.every((s) => s.status === 'available')).toBe(
      true,
    );
    expect(api.booking.notifier.events.slice(-2).map((e) => e.eventType)).toEqual([
      'seat_cancelled',
      'seat_available',
    ]);
  });

  it('answers 404 to another customer and 409 when cancelling twice', async () => {
    const ticket = await book(await api.route(), 1);
    expectError(
      await api.request('POST', `/tickets/${ticket.id}/cancel`, { token: api.tokens.otherCustomer }),
      404,
      'ticket_not_found',
    );
    expect(api.booking.ports.db.tickets.get(ticket.id)?.status).toBe('reserved');
    await api.request('POST', `/tickets/${ticket.id}/cancel`, { token: api.tokens.customer });
    expectError(
      await api.request('POST', `/tickets/${ticket.id}/cancel`, { token: api.tokens.customer }),
      409,
      'invalid_transition',
    );
  });
});
