import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Logger, Route } from '@booking/core';
import { TICKET_VIEW_KEYS } from '@booking/core/testing';
import { card, expectError, snapshot, startApi, type Answer, type Harness } from './test-support/harness';

const declined = { ...card, cardNumber: '4000 0000 0000 1111' };
/** The clock's start; the routes depart 2030-06-01 and 02. */
const NOW = '2030-01-01T08:00:00.000Z';

interface TicketJson {
  id: string;
  pnrNumber: string;
  routeId: string;
  seatNumber: number;
  status: string;
  price: number;
  passengerName: string;
}
interface ExchangeJson {
  ticket: TicketJson;
  previous: TicketJson;
  priceDifference: number;
  refund?: unknown;
  payment?: Record<string, unknown>;
}

/** Every warning or error the API logs. */
const logged: unknown[] = [];
const logger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (fields, message) => logged.push({ fields, message }),
  error: (fields, message) => logged.push({ fields, message }),
};

let api: Harness;
/** 25.00 the whole way, departing 2030-06-01. */
let route: Route;
/** 40.00 the whole way, departing a day later. */
let dearer: Route;
beforeAll(async () => {
  api = await startApi({ logger }, { currency: 'EUR' });
});
afterAll(() => api.close());
let hour = 0;
beforeEach(async () => {
  // An hour later each time: the customer's reservations of earlier tests ran out (the held-seats limit).
  hour += 1;
  api.booking.clock.set(new Date(Date.parse(NOW) + hour * 3_600_000));
  logged.length = 0;
  route = await api.route();
  dearer = (
    await api.booking.services.routes.create(
      { userId: 'admin-1', role: 'admin' },
      {
        fromCity: route.fromCity,
        toCity: route.toCity,
        stations: route.stops.slice(1, -1),
        departureAt: '2030-06-02T09:00:00.000Z',
        seatCount: 10,
        price: 40,
      },
    )
  )._unsafeUnwrap();
});

async function book(token: string, seatNumber: number, routeId = route.id): Promise<TicketJson> {
  const answer = await api.request('POST', '/tickets', {
    token,
    body: {
      routeId,
      seatNumber,
      passengerName: 'Ada Lovelace',
      gender: 'female',
      phone: '+90 555 000 00 00',
    },
  });
  expect(answer.status).toBe(201);
  return answer.body as TicketJson;
}

async function paid(seatNumber: number): Promise<TicketJson> {
  const ticket = await book(api.tokens.customer, seatNumber);
  const answer = await api.request('POST', '/payments', {
    token: api.tokens.customer,
    body: { ticketId: ticket.id, ...card },
  });
  expect(answer.status).toBe(201);
  return (answer.body as { ticket: TicketJson }).ticket;
}

const changeSeat = (id: string, token: string, body: unknown) =>
  api.request('POST', `/tickets/${id}/change-seat`, { token, body });
const exchange = (id: string, token: string, body: unknown, headers?: Record<string, string>) =>
  api.request('POST', `/tickets/${id}/exchange`, { token, body, ...(headers ? { headers } : {}) });
const correct = (id: string, token: string, body: unknown) =>
  api.request('PATCH', `/tickets/${id}`, { token, body });

/** Everything a refused request must leave as it was: the database, the gateway and the trail. */
const state = () => `${snapshot(api.booking)} ${api.booking.ports.db.history.length}`;
async function expectUnchanged(send: () => Promise<Answer>, status: number, code: string): Promise<Answer> {
  const before = state();
  const answer = await send();
  expectError(answer, status, code);
  expect(state()).toBe(before);
  return answer;
}

describe('POST /tickets/:id/change-seat', () => {
  it('moves the owner’s ticket: the same ticket, PNR and status on the new seat', async () => {
    const ticket = await book(api.tokens.customer, 1);
    const answer = await changeSeat(ticket.id, api.tokens.customer, { seatNumber: 4 });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body as object).sort()).toEqual(TICKET_VIEW_KEYS);
    expect(answer.body).toMatchObject({
      id: ticket.id,
      pnrNumber: ticket.pnrNumber,
      status: 'reserved',
      seatNumber: 4,
    });
    const events = api.booking.notifier.events.slice(-2);
    expect(events.map((e) => [e.eventType, e.seatNumber, e.metadata.reason])).toEqual([
      ['seat_available', 1, 'seat_changed'],
      ['seat_reserved', 4, undefined],
    ]);
    expect(events[1]?.sequence).toBe((events[0]?.sequence ?? 0) + 1);
  });

  it('lets an agent move a counter sale', async () => {
    const ticket = await book(api.tokens.agent, 2);
    const answer = await changeSeat(ticket.id, api.tokens.agent, { seatNumber: 6 });
    expect(answer.body).toMatchObject({ status: 'confirmed', seatNumber: 6 });
  });

  it('refuses a taken seat with 409 seat_unavailable and changes nothing', async () => {
    const ticket = await book(api.tokens.customer, 1);
    await book(api.tokens.otherCustomer, 2);
    await expectUnchanged(
      () => changeSeat(ticket.id, api.tokens.customer, { seatNumber: 2 }),
      409,
      'seat_unavailable',
    );
  });

  it("answers another customer's ticket with 404, a seat the bus lacks with 422, a cancelled ticket with 409", async () => {
    const ticket = await book(api.tokens.customer, 1);
    await expectUnchanged(
      () => changeSeat(ticket.id, api.tokens.otherCustomer, { seatNumber: 3 }),
      404,
      'ticket_not_found',
    );
    await expectUnchanged(
      () => changeSeat(ticket.id, api.tokens.customer, { seatNumber: 11 }),
      422,
      'seat_out_of_range',
    );
    await api.request('POST', `/tickets/${ticket.id}/cancel`, { token: api.tokens.customer });
    await expectUnchanged(
      () => changeSeat(ticket.id, api.tokens.customer, { seatNumber: 3 }),
      409,
      'invalid_transition',
    );
  });

  it.each([
    ['no seat', {}],
    ['a seat as text', { seatNumber: '3' }],
    ['seat 0', { seatNumber: 0 }],
    ['another field', { seatNumber: 3, routeId: '00000000-0000-4000-8000-000000000000' }],
  ])('refuses a body with %s (400) and changes nothing', async (_name, body) => {
    const ticket = await book(api.tokens.customer, 1);
    await expectUnchanged(() => changeSeat(ticket.id, api.tokens.customer, body), 400, 'validation_failed');
  });

  it('needs a signed-in user', async () => {
    const ticket = await book(api.tokens.customer, 1);
    const answer = await api.request('POST', `/tickets/${ticket.id}/change-seat`, {
      body: { seatNumber: 3 },
    });
    expectError(answer, 401, 'unauthorized');
  });
});

describe('POST /tickets/:id/exchange', () => {
  it('answers 201 with the new ticket, the old one cancelled, and the price difference', async () => {
    const ticket = await book(api.tokens.customer, 1);
    const answer = await exchange(ticket.id, api.tokens.customer, { routeId: dearer.id, seatNumber: 5 });
    expect(answer.status).toBe(201);
    const result = answer.body as ExchangeJson;
    expect(Object.keys(result).sort()).toEqual(['previous', 'priceDifference', 'ticket']);
    expect(Object.keys(result.ticket).sort()).toEqual(TICKET_VIEW_KEYS);
    expect(result.ticket).toMatchObject({
      pnrNumber: ticket.pnrNumber,
      routeId: dearer.id,
      seatNumber: 5,
      status: 'reserved',
      price: 40,
    });
    expect(result.previous).toMatchObject({ id: ticket.id, status: 'cancelled' });
    expect(result.priceDifference).toBe(15);
    const events = api.booking.notifier.events.slice(-3);
    expect(events.map((e) => [e.routeId, e.eventType])).toEqual([
      [route.id, 'seat_cancelled'],
      [route.id, 'seat_available'],
      [dearer.id, 'seat_reserved'],
    ]);
  });

  it('charges a paid ticket the difference to the card (402 payment_required without one)', async () => {
    const ticket = await paid(1);
    const required = await expectUnchanged(
      () => exchange(ticket.id, api.tokens.customer, { routeId: dearer.id, seatNumber: 5 }),
      402,
      'payment_required',
    );
    expect((required.body as { error: { details: unknown } }).error.details).toEqual({
      amount: 15,
      currency: 'EUR',
    });
    const answer = await exchange(ticket.id, api.tokens.customer, {
      routeId: dearer.id,
      seatNumber: 5,
      card,
    });
    expect(answer.status).toBe(201);
    const result = answer.body as ExchangeJson;
    expect(result.payment).toMatchObject({ amount: 15, currency: 'EUR', status: 'succeeded', last4: '4242' });
    expect(Object.keys(result.payment ?? {}).sort()).toEqual([
      'amount',
      'currency',
      'id',
      'last4',
      'status',
      'ticketId',
    ]);
    expect(result.ticket.status).toBe('confirmed');
    expect(answer.text).not.toContain('4242 4242');
    const payments = await api.request('GET', `/tickets/${result.ticket.id}/payments`, {
      token: api.tokens.customer,
    });
    expect(payments.body).toMatchObject({ paid: 40, refunded: 0 });
  });

  it('refunds the difference of a cheaper trip', async () => {
    const ticket = await paid(1);
    const answer = await exchange(ticket.id, api.tokens.customer, {
      routeId: route.id,
      seatNumber: 7,
      fromCity: route.stops[1],
      toCity: route.stops[3],
    });
    expect(answer.status).toBe(201);
    // Every segment of these routes costs the route's price: nothing goes back.
    expect(answer.body).toMatchObject({ priceDifference: 0 });
    expect(answer.body).not.toHaveProperty('refund');
    const back = await exchange((answer.body as ExchangeJson).ticket.id, api.tokens.customer, {
      routeId: dearer.id,
      seatNumber: 2,
      card,
    });
    const dear = (back.body as ExchangeJson).ticket;
    const cheaper = await exchange(dear.id, api.tokens.customer, { routeId: route.id, seatNumber: 9 });
    expect(cheaper.status).toBe(201);
    expect(cheaper.body).toMatchObject({
      priceDifference: -15,
      refund: { amount: 15, fee: 0, currency: 'EUR' },
    });
  });

  it('changes nothing when the card is declined (402 payment_declined), and logs no card data', async () => {
    const ticket = await paid(1);
    const before = {
      tickets: [...api.booking.ports.db.tickets.values()],
      history: api.booking.ports.db.history.length,
    };
    const answer = await exchange(ticket.id, api.tokens.customer, {
      routeId: dearer.id,
      seatNumber: 5,
      card: declined,
    });
    expectError(answer, 402, 'payment_declined');
    expect(answer.text).not.toContain('4000 0000');
    expect({
      tickets: [...api.booking.ports.db.tickets.values()],
      history: api.booking.ports.db.history.length,
    }).toEqual(before);
    expect(api.booking.notifier.events.filter((e) => e.routeId === dearer.id)).toEqual([]);
    expect(JSON.stringify(logged)).not.toContain('4000');
  });

  it('gives the charge back when the new seat is taken, and changes nothing else (409 seat_unavailable)', async () => {
    const ticket = await paid(1);
    await book(api.tokens.otherCustomer, 5, dearer.id);
    const tickets = JSON.stringify([...api.booking.ports.db.tickets.values()]);
    const answer = await exchange(ticket.id, api.tokens.customer, {
      routeId: dearer.id,
      seatNumber: 5,
      card,
    });
    expectError(answer, 409, 'seat_unavailable');
    expect(JSON.stringify([...api.booking.ports.db.tickets.values()])).toBe(tickets);
    expect(api.booking.gateway.charges.at(-1)).toMatchObject({ amountCents: 1500, refundedCents: 1500 });
  });

  it('refuses a cancelled departure with 409 route_cancelled and changes nothing', async () => {
    const ticket = await book(api.tokens.customer, 1);
    const cancelled = await api.request('POST', `/routes/${dearer.id}/cancel`, {
      token: api.tokens.admin,
      body: { reason: 'No driver' },
    });
    expect(cancelled.status).toBe(200);
    await expectUnchanged(
      () => exchange(ticket.id, api.tokens.customer, { routeId: dearer.id, seatNumber: 5 }),
      409,
      'route_cancelled',
    );
  });

  it("answers another customer's ticket with 404 and changes nothing", async () => {
    const ticket = await book(api.tokens.customer, 1);
    await expectUnchanged(
      () => exchange(ticket.id, api.tokens.otherCustomer, { routeId: dearer.id, seatNumber: 5 }),
      404,
      'ticket_not_found',
    );
  });

  it.each([
    ['no route', () => ({ seatNumber: 5 })],
    ['a route that is no UUID', () => ({ routeId: 'x', seatNumber: 5 })],
    [
      'a short card number',
      () => ({ routeId: dearer.id, seatNumber: 5, card: { ...card, cardNumber: '4242' } }),
    ],
    ['a card without cvc', () => ({ routeId: dearer.id, seatNumber: 5, card: { ...card, cvc: undefined } })],
    ['another field', () => ({ routeId: dearer.id, seatNumber: 5, waiveFee: true, card })],
  ])('refuses a body with %s (400), changes nothing and never echoes the card', async (_name, body) => {
    const ticket = await book(api.tokens.customer, 1);
    const answer = await expectUnchanged(
      () => exchange(ticket.id, api.tokens.customer, body()),
      400,
      'validation_failed',
    );
    expect(answer.text).not.toContain('4242');
  });

  it('answers a repeated Idempotency-Key with the first exchange', async () => {
    const ticket = await book(api.tokens.customer, 1);
    const headers = { 'Idempotency-Key': 'exchange-1' };
    const body = { routeId: dearer.id, seatNumber: 5 };
    const first = await exchange(ticket.id, api.tokens.customer, body, headers);
    const again = await exchange(ticket.id, api.tokens.customer, body, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
  });

  it('answers the same Idempotency-Key on another ticket with 409 idempotency_conflict, changing nothing', async () => {
    const first = await book(api.tokens.customer, 1);
    const other = await book(api.tokens.customer, 2);
    const headers = { 'Idempotency-Key': 'exchange-one-ticket' };
    const body = { routeId: dearer.id, seatNumber: 6 };
    expect((await exchange(first.id, api.tokens.customer, body, headers)).status).toBe(201);
    const elsewhere = await expectUnchanged(
      () => exchange(other.id, api.tokens.customer, body, headers),
      409,
      'idempotency_conflict',
    );
    expect(JSON.stringify(elsewhere.body)).not.toContain(first.id);
    const read = await api.request('GET', `/tickets/${other.id}`, { token: api.tokens.customer });
    expect(read.body).toMatchObject({ routeId: route.id, status: 'reserved' });
  });
});

describe('PATCH /tickets/:id', () => {
  it('lets an agent correct the passenger, with a reason for the trail', async () => {
    const ticket = await book(api.tokens.customer, 1);
    const answer = await correct(ticket.id, api.tokens.agent, {
      passengerName: 'Ada King',
      email: 'ada@example.org',
      reason: 'Married name',
    });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body as object).sort()).toEqual(TICKET_VIEW_KEYS);
    expect(answer.body).toMatchObject({ id: ticket.id, passengerName: 'Ada King' });
    expect(answer.text).not.toContain('ada@example.org');
    expect(api.booking.notifier.changes.at(-1)?.tickets.map((t) => t.passengerName)).toEqual(['Ada King']);
  });

  it('is staff work: a customer gets 403, even for their own ticket', async () => {
    const ticket = await book(api.tokens.customer, 1);
    await expectUnchanged(
      () => correct(ticket.id, api.tokens.customer, { passengerName: 'Eve' }),
      403,
      'forbidden',
    );
  });

  it.each([
    ['nothing to correct', {}],
    ['only a reason', { reason: 'Because' }],
    ['an empty name', { passengerName: ' ' }],
    ['a name on two lines', { passengerName: 'Ada\nKing' }],
    ['a bad e-mail', { email: 'ada' }],
    ['a bad phone', { phone: 'call me' }],
    ['the gender', { gender: 'male' }],
  ])('refuses %s (400) and changes nothing', async (_name, body) => {
    const ticket = await book(api.tokens.customer, 1);
    await expectUnchanged(() => correct(ticket.id, api.tokens.agent, body), 400, 'validation_failed');
  });

  it('answers an unknown ticket with 404', async () => {
    const answer = await correct('00000000-0000-4000-8000-000000000000', api.tokens.admin, {
      passengerName: 'Ada',
    });
    expectError(answer, 404, 'ticket_not_found');
  });
});

describe('GET /tickets/:id/history', () => {
  it("shows an admin the ticket's trail, oldest first, contact details redacted", async () => {
    const ticket = await book(api.tokens.customer, 1);
    await changeSeat(ticket.id, api.tokens.customer, { seatNumber: 3 });
    await correct(ticket.id, api.tokens.agent, { phone: '+90 555 111 11 11', reason: 'New number' });
    const answer = await api.request('GET', `/tickets/${ticket.id}/history`, { token: api.tokens.admin });
    expect(answer.status).toBe(200);
    const { entries } = answer.body as {
      entries: {
        action: string;
        by: { userId: string | null; role: string };
        reason: string | null;
        changes: object;
      }[];
    };
    expect(entries.map((e) => [e.action, e.by.role, e.reason])).toEqual([
      ['book', 'customer', null],
      ['change_seat', 'customer', null],
      ['correct', 'agent', 'New number'],
    ]);
    expect(entries[2]?.changes).toEqual({ phone: { from: '[redacted]', to: '[redacted]' } });
    expect(answer.text).not.toContain('555');
  });

  it('is for admins only', async () => {
    const ticket = await book(api.tokens.customer, 1);
    for (const token of [api.tokens.agent, api.tokens.customer]) {
      expectError(await api.request('GET', `/tickets/${ticket.id}/history`, { token }), 403, 'forbidden');
    }
    const missing = await api.request('GET', '/tickets/00000000-0000-4000-8000-000000000000/history', {
      token: api.tokens.admin,
    });
    expectError(missing, 404, 'ticket_not_found');
  });
});
