import type { Route } from '@booking/core';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { errorCode, startApi, tokenFor, type Answer, type Harness } from './test-support/harness';

let api: Harness;
beforeEach(async () => {
  api = await startApi(); // the default limit: 10 unpaid seats per customer
});
afterEach(() => api.close());

const book = (route: Route, seatNumber: number, token = api.tokens.customer) =>
  api.request('POST', '/tickets', {
    token,
    body: { routeId: route.id, seatNumber, passengerName: 'Ada', gender: 'female' },
  });

const bookGroup = (route: Route, seats: number[], token = api.tokens.customer) =>
  api.request('POST', '/tickets', {
    token,
    body: {
      routeId: route.id,
      passengers: seats.map((seatNumber) => ({ seatNumber, passengerName: 'Ada', gender: 'female' })),
    },
  });

function expectHoldLimit(answer: Answer): void {
  expect({ status: answer.status, code: errorCode(answer) }).toEqual({
    status: 409,
    code: 'hold_limit_reached',
  });
  expect((answer.body as { error: { details: unknown } }).error.details).toEqual({ limit: 10 });
}

describe('MAX_HELD_SEATS: unpaid seats one customer may hold at once', () => {
  it('refuses the 11th unpaid seat with 409 hold_limit_reached, across routes, and books nothing', async () => {
    const first = await api.route({ seatCount: 6 });
    const second = await api.route({ seatCount: 6 });
    for (const seat of [1, 2, 3, 4, 5, 6]) expect((await book(first, seat)).status).toBe(201);
    for (const seat of [1, 2, 3, 4]) expect((await book(second, seat)).status).toBe(201);
    expectHoldLimit(await book(second, 5));
    expect(api.booking.ports.db.tickets.size).toBe(10);
    // another customer and an agent's counter sales are not limited by these holds
    expect((await book(second, 5, api.tokens.otherCustomer)).status).toBe(201);
    expect((await book(second, 6, api.tokens.agent)).status).toBe(201);
  });

  it('counts each seat of a group booking', async () => {
    const route = await api.route({ seatCount: 14 });
    expect((await bookGroup(route, [1, 2, 3, 4, 5, 6])).status).toBe(201);
    expect((await bookGroup(route, [7, 8, 9])).status).toBe(201);
    expectHoldLimit(await bookGroup(route, [10, 11]));
    expect((await book(route, 10)).status).toBe(201);
  });

  it('frees a place when a hold is paid or cancelled', async () => {
    const route = await api.route({ seatCount: 12 });
    const ids: string[] = [];
    for (let seat = 1; seat <= 10; seat++) ids.push(((await book(route, seat)).body as { id: string }).id);
    expectHoldLimit(await book(route, 11));
    const cancel = await api.request('POST', `/tickets/${ids[0]}/cancel`, { token: api.tokens.customer });
    expect(cancel.status).toBe(200);
    expect((await book(route, 11)).status).toBe(201);
    const paid = await api.request('POST', '/payments', {
      token: api.tokens.customer,
      body: {
        ticketId: ids[1],
        cardNumber: '4242424242424242',
        cardHolderName: 'ADA',
        expireMonth: 12,
        expireYear: 2035,
        cvc: '123',
      },
    });
    expect(paid.status).toBe(201);
    expect((await book(route, 12)).status).toBe(201);
  });

  it('holds under 30 parallel requests of one customer: exactly 10 seats are held', async () => {
    const routes = [await api.route({ seatCount: 15 }), await api.route({ seatCount: 15 })];
    const token = await tokenFor('parallel-customer', 'customer');
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => book(routes[i % 2] as Route, 1 + Math.floor(i / 2), token)),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    for (const refused of answers.filter((a) => a.status !== 201)) expectHoldLimit(refused);
  });
});
