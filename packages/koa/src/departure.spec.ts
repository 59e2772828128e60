import type { Route } from '@booking/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { expectError, startApi, type Harness } from './test-support/harness';

const DEPARTURE = '2030-01-01T09:00:00.000Z';
const BEFORE = '2030-01-01T08:00:00.000Z';
const card = {
  cardNumber: '4242 4242 4242 4242',
  cardHolderName: 'Ada Lovelace',
  expireMonth: 12,
  expireYear: 2035,
  cvc: '123',
};

let api: Harness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());
afterEach(() => api.booking.clock.set(BEFORE));

/** A route leaving at 09:00 (the clock is at 08:00) and one ticket on it, booked with `token`. */
async function ticketOnRoute(token: string, seatNumber = 1): Promise<{ route: Route; id: string }> {
  const route = await api.route({ departureAt: DEPARTURE });
  const booked = await api.request('POST', '/tickets', {
    token,
    body: { routeId: route.id, seatNumber, passengerName: 'Ada', gender: 'female' },
  });
  expect(booked.status).toBe(201);
  return { route, id: (booked.body as { id: string }).id };
}

const statusOf = async (id: string) =>
  ((await api.request('GET', `/tickets/${id}`, { token: api.tokens.admin })).body as { status: string })
    .status;

describe('after the bus has left (the departure of the segment’s first stop)', () => {
  it('refuses a new booking with 422 route_departed, customers and staff alike', async () => {
    const route = await api.route({ departureAt: DEPARTURE });
    api.booking.clock.set(DEPARTURE);
    for (const token of [api.tokens.customer, api.tokens.agent]) {
      const answer = await api.request('POST', '/tickets', {
        token,
        body: { routeId: route.id, seatNumber: 2, passengerName: 'Late', gender: 'male' },
      });
      expectError(answer, 422, 'route_departed');
    }
  });

  it('refuses to pay for a hold (422 route_departed) before the card is charged; the hold stays unpaid', async () => {
    const { id } = await ticketOnRoute(api.tokens.customer);
    api.booking.clock.set('2030-01-01T09:00:30.000Z'); // the hold (10 minutes) still runs; the bus has left
    const charges = api.booking.gateway.charges.length;
    const answer = await api.request('POST', '/payments', {
      token: api.tokens.customer,
      body: { ticketId: id, ...card },
      headers: { 'Idempotency-Key': 'pay-after-departure' },
    });
    expectError(answer, 422, 'route_departed');
    expect(api.booking.gateway.charges.length).toBe(charges);
    expect(await statusOf(id)).toBe('reserved');
  });

  it("refuses a customer's cancel with 422 route_departed, and changes nothing", async () => {
    const { id } = await ticketOnRoute(api.tokens.customer);
    api.booking.clock.set(DEPARTURE);
    expectError(
      await api.request('POST', `/tickets/${id}/cancel`, { token: api.tokens.customer }),
      422,
      'route_departed',
    );
    expect(await statusOf(id)).toBe('reserved');
  });

  it.each(['agent', 'admin'] as const)('lets an %s still cancel a ticket', async (role) => {
    const { id } = await ticketOnRoute(api.tokens.customer);
    api.booking.clock.set(DEPARTURE);
    const answer = await api.request('POST', `/tickets/${id}/cancel`, { token: api.tokens[role] });
    expect(answer.status).toBe(200);
    expect((answer.body as { status: string }).status).toBe('cancelled');
  });

  it('lets staff suspend and confirm a sold ticket, but never confirm an unpaid hold', async () => {
    const sold = await ticketOnRoute(api.tokens.agent, 1);
    const held = await ticketOnRoute(api.tokens.customer, 2);
    api.booking.clock.set(DEPARTURE);
    const act = (id: string, action: string) =>
      api.request('POST', `/tickets/${id}/${action}`, { token: api.tokens.agent });
    expect((await act(sold.id, 'suspend')).status).toBe(200);
    expect((await act(sold.id, 'confirm')).status).toBe(200);
    expectError(await act(held.id, 'confirm'), 422, 'route_departed');
    expectError(await act(held.id, 'suspend'), 422, 'route_departed');
    expect(await statusOf(held.id)).toBe('reserved');
  });

  it('releases an unpaid hold of a departed bus at the next expiry sweep (seat_available, hold_expired)', async () => {
    api.booking.clock.set('2030-01-01T08:55:00.000Z'); // booked 5 minutes before departure: its hold runs to 09:05
    const { route, id } = await ticketOnRoute(api.tokens.customer, 3);
    api.booking.clock.set('2030-01-01T08:59:59.999Z');
    await api.booking.services.tickets.expireHolds();
    expect(await statusOf(id)).toBe('reserved');
    api.booking.clock.set(DEPARTURE);
    const released = (await api.booking.services.tickets.expireHolds())._unsafeUnwrap();
    expect(released.map((t) => t.id)).toContain(id);
    expect(await statusOf(id)).toBe('expired');
    expect(api.booking.notifier.events.at(-1)).toMatchObject({
      routeId: route.id,
      seatNumber: 3,
      eventType: 'seat_available',
      metadata: { reason: 'hold_expired' },
    });
  });
});

describe('GET /openapi.json', () => {
  it('documents route_departed as 422 wherever the departure rule answers, and hold_limit_reached as 409 for bookings', async () => {
    const doc = (await api.request('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
    };
    const answers = (path: string, status: string) =>
      doc.paths[path]?.post?.responses[status]?.description ?? '';
    for (const path of ['/tickets', '/payments', '/tickets/{id}/cancel', '/tickets/{id}/confirm']) {
      expect(answers(path, '422')).toContain('route_departed');
      expect(answers(path, '409')).not.toContain('route_departed');
    }
    expect(answers('/tickets', '409')).toContain('hold_limit_reached');
  });
});
