import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { card, expectError, snapshot, startApi, type Harness } from './test-support/harness';

/** The harness clock's start, when tickets are booked and paid. */
const START = '2030-01-01T08:00:00.000Z';
/** A minute later, when they are cancelled (entries of one instant are listed in no particular order). */
const CANCEL_AT = '2030-01-01T08:01:00.000Z';
const HOUR_MS = 3_600_000;
/** A departure `hours` after the cancellation. */
const departingIn = (hours: number) => new Date(Date.parse(CANCEL_AT) + hours * HOUR_MS).toISOString();

interface TicketJson {
  id: string;
  status: string;
  refund?: { amount: number; fee: number; currency: string };
}
interface PaymentsJson {
  ticketId: string;
  currency: string;
  paid: number;
  refunded: number;
  moved: number;
  entries: {
    id: string;
    kind: string;
    amount: number;
    status: string;
    createdAt: string;
    last4?: string;
    movedTo?: string;
    movedFrom?: string;
  }[];
}

let api: Harness;
let harnesses: Harness[] = [];
beforeEach(async () => {
  api = await startApi();
  harnesses.push(api);
});
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
  harnesses = [];
});

/** A customer's reservation of `seats` on a route departing `hours` after `CANCEL_AT` (price 25). */
async function reserved(hours: number, seats = [1], token = api.tokens.customer): Promise<TicketJson[]> {
  const route = await api.route({ departureAt: departingIn(hours) });
  const passengers = seats.map((seatNumber) => ({ seatNumber, passengerName: 'Ada', gender: 'female' }));
  const answer = await api.request('POST', '/tickets', { token, body: { routeId: route.id, passengers } });
  expect(answer.status).toBe(201);
  return (answer.body as { tickets: TicketJson[] }).tickets;
}

async function paid(hours: number, seats = [1]): Promise<TicketJson[]> {
  const tickets = await reserved(hours, seats);
  const answer = await api.request('POST', '/payments', {
    token: api.tokens.customer,
    body: { ticketId: tickets[0]?.id, ...card },
  });
  expect(answer.status).toBe(201);
  return tickets;
}

const cancel = (ticketId: string, token: string, body?: unknown) => {
  api.booking.clock.set(CANCEL_AT);
  return api.request('POST', `/tickets/${ticketId}/cancel`, {
    token,
    ...(body === undefined ? {} : { body }),
  });
};

const paymentsOf = async (ticketId: string, token = api.tokens.customer): Promise<PaymentsJson> => {
  const answer = await api.request('GET', `/tickets/${ticketId}/payments`, { token });
  expect(answer.status).toBe(200);
  return answer.body as PaymentsJson;
};

describe('POST /tickets/:id/cancel of a paid ticket', () => {
  it.each([
    ['30 hours', 30, 25, 0],
    ['exactly 24 hours', 24, 25, 0],
    ['5 hours', 5, 22.5, 2.5],
    ['1 hour', 1, 18.75, 6.25],
  ])('%s before departure refunds %f and keeps a fee of %f', async (_name, hours, amount, fee) => {
    const [ticket] = await paid(hours);
    const answer = await cancel(ticket?.id as string, api.tokens.customer);
    expect(answer.status).toBe(200);
    const cancelled = answer.body as TicketJson;
    expect(cancelled).toMatchObject({ id: ticket?.id, status: 'cancelled' });
    expect(cancelled.refund).toEqual({ amount, fee, currency: 'EUR' });
    expect(api.booking.gateway.charges[0]?.refundedCents).toBe(amount * 100);
    expect(api.booking.notifier.events.map((e) => e.eventType).slice(-2)).toEqual([
      'seat_cancelled',
      'seat_available',
    ]);
  });

  it('shows the charge and the refund in GET /tickets/:id/payments', async () => {
    const [ticket] = await paid(1);
    await cancel(ticket?.id as string, api.tokens.customer, {});
    const payments = await paymentsOf(ticket?.id as string);
    expect(payments).toMatchObject({ ticketId: ticket?.id, currency: 'EUR', paid: 25, refunded: 18.75 });
    expect(
      payments.entries.map(({ kind, amount, status, last4 }) => ({ kind, amount, status, last4 })),
    ).toEqual([
      { kind: 'charge', amount: 25, status: 'succeeded', last4: '4242' },
      { kind: 'refund', amount: 18.75, status: 'succeeded', last4: '4242' },
    ]);
    expect(payments.entries.map((e) => e.createdAt)).toEqual([START, CANCEL_AT]);
  });

  it.each(['agent', 'admin'] as const)(
    'lets an %s waive the fee: the whole price goes back',
    async (role) => {
      const [ticket] = await paid(1);
      const answer = await cancel(ticket?.id as string, api.tokens[role], { waiveFee: true });
      expect(answer.status).toBe(200);
      expect((answer.body as TicketJson).refund).toEqual({ amount: 25, fee: 0, currency: 'EUR' });
      expect((await paymentsOf(ticket?.id as string, api.tokens[role])).refunded).toBe(25);
    },
  );

  it('takes waiveFee false from a customer as no body at all', async () => {
    const [ticket] = await paid(1);
    const answer = await cancel(ticket?.id as string, api.tokens.customer, { waiveFee: false });
    expect((answer.body as TicketJson).refund).toEqual({ amount: 18.75, fee: 6.25, currency: 'EUR' });
  });

  it('answers 403 forbidden to a customer who asks to waive the fee, and changes nothing', async () => {
    const [ticket] = await paid(1);
    const before = snapshot(api.booking);
    expectError(
      await cancel(ticket?.id as string, api.tokens.customer, { waiveFee: true }),
      403,
      'forbidden',
    );
    expect(snapshot(api.booking)).toBe(before);
  });

  it.each([
    ['a string', { waiveFee: 'true' }],
    ['a number', { waiveFee: 1 }],
    ['null', { waiveFee: null }],
    ['an unknown field', { refund: false }],
    ['a body that is not an object', [true]],
  ])('answers 400 validation_failed for %s, and changes nothing', async (_name, body) => {
    const [ticket] = await paid(1);
    const before = snapshot(api.booking);
    const answer = await cancel(ticket?.id as string, api.tokens.agent, body);
    expectError(answer, 400, 'validation_failed');
    expect(snapshot(api.booking)).toBe(before);
  });

  it('answers a second cancel 409 invalid_transition, refunding nothing more', async () => {
    const [ticket] = await paid(1);
    expect((await cancel(ticket?.id as string, api.tokens.customer)).status).toBe(200);
    const before = snapshot(api.booking);
    expectError(
      await cancel(ticket?.id as string, api.tokens.agent, { waiveFee: true }),
      409,
      'invalid_transition',
    );
    expect(snapshot(api.booking)).toBe(before);
    expect((await paymentsOf(ticket?.id as string)).refunded).toBe(18.75);
  });

  it('answers a refund the provider cannot take now as given, pending until reconciliation sends it', async () => {
    const [ticket] = await paid(1);
    api.booking.gateway.available = false;
    const answer = await cancel(ticket?.id as string, api.tokens.customer);
    api.booking.gateway.available = true;
    expect((answer.body as TicketJson).refund).toEqual({ amount: 18.75, fee: 6.25, currency: 'EUR' });
    expect((await paymentsOf(ticket?.id as string)).entries.map((e) => [e.kind, e.status])).toEqual([
      ['charge', 'succeeded'],
      ['refund', 'pending'],
    ]);
    expect(api.booking.gateway.charges[0]?.refundedCents).toBe(0);

    api.booking.clock.advanceSeconds(600);
    (await api.booking.services.payments.reconcile())._unsafeUnwrap();
    expect((await paymentsOf(ticket?.id as string)).entries.map((e) => [e.kind, e.status])).toEqual([
      ['charge', 'succeeded'],
      ['refund', 'succeeded'],
    ]);
    expect(api.booking.gateway.charges[0]?.refundedCents).toBe(1875);
  });

  it('refunds one passenger of a group paid at once their own share only', async () => {
    const [first, second] = await paid(1, [1, 2]);
    expect(api.booking.gateway.charges.map((c) => c.amountCents)).toEqual([5000]);
    const answer = await cancel(first?.id as string, api.tokens.customer);
    expect((answer.body as TicketJson).refund).toEqual({ amount: 18.75, fee: 6.25, currency: 'EUR' });
    expect(await paymentsOf(first?.id as string)).toMatchObject({ paid: 25, refunded: 18.75 });
    expect(await paymentsOf(second?.id as string)).toMatchObject({ paid: 25, refunded: 0 });
    expect(api.booking.gateway.charges[0]?.refundedCents).toBe(1875);
  });
});

describe('POST /tickets/:id/cancel of a ticket never paid for', () => {
  it('cancels it with no refund in the answer and no money moved', async () => {
    const [ticket] = await reserved(1);
    const answer = await cancel(ticket?.id as string, api.tokens.customer);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: ticket?.id, status: 'cancelled' });
    expect(answer.body).not.toHaveProperty('refund');
    expect(api.booking.gateway.charges).toEqual([]);
    expect(await paymentsOf(ticket?.id as string)).toEqual({
      ticketId: ticket?.id,
      currency: 'EUR',
      paid: 0,
      refunded: 0,
      moved: 0,
      entries: [],
    });
  });

  it("cancels an agent's counter sale with no refund: no card paid for it", async () => {
    const route = await api.route({ departureAt: departingIn(1) });
    const sold = await api.request('POST', '/tickets', {
      token: api.tokens.agent,
      body: { routeId: route.id, seatNumber: 3, passengerName: 'Ada', gender: 'female' },
    });
    const answer = await cancel((sold.body as TicketJson).id, api.tokens.agent, { waiveFee: true });
    expect(answer.status).toBe(200);
    expect(answer.body).not.toHaveProperty('refund');
  });
});

describe('GET /tickets/:id/payments', () => {
  it("shows a group's one charge as each ticket's share, with the last four digits only", async () => {
    const tickets = await paid(30, [4, 5, 6]);
    for (const ticket of tickets) {
      const payments = await paymentsOf(ticket.id);
      expect(payments).toMatchObject({ ticketId: ticket.id, currency: 'EUR', paid: 25, refunded: 0 });
      expect(payments.entries).toEqual([
        {
          id: expect.any(String),
          kind: 'charge',
          amount: 25,
          status: 'succeeded',
          createdAt: START,
          last4: '4242',
        },
      ]);
    }
    const answer = await api.request('GET', `/tickets/${tickets[0]?.id}/payments`, {
      token: api.tokens.agent,
    });
    expect(answer.text).not.toContain('4242 4242');
  });

  it("tells an exchanged ticket's money as moved to the new ticket, not refunded to the card", async () => {
    const [ticket] = await paid(30);
    const other = await api.route({ departureAt: departingIn(31) });
    api.booking.clock.set(CANCEL_AT);
    const exchanged = await api.request('POST', `/tickets/${ticket?.id}/exchange`, {
      token: api.tokens.customer,
      body: { routeId: other.id, seatNumber: 2, fromCity: other.fromCity, toCity: other.toCity },
    });
    expect(exchanged.status).toBe(201);
    const fresh = (exchanged.body as { ticket: TicketJson }).ticket.id;
    const old = await paymentsOf(ticket?.id as string);
    expect(old).toMatchObject({ paid: 25, refunded: 0, moved: 25 });
    expect(old.entries.map(({ id: _id, ...entry }) => entry)).toEqual([
      { kind: 'charge', amount: 25, status: 'succeeded', createdAt: START, last4: '4242' },
      {
        kind: 'moved_out',
        amount: 25,
        status: 'succeeded',
        createdAt: CANCEL_AT,
        last4: '4242',
        movedTo: fresh,
      },
    ]);
    const now = await paymentsOf(fresh);
    expect(now).toMatchObject({ paid: 25, refunded: 0, moved: 0 });
    expect(now.entries.map(({ id: _id, ...entry }) => entry)).toEqual([
      {
        kind: 'moved_in',
        amount: 25,
        status: 'succeeded',
        createdAt: CANCEL_AT,
        last4: '4242',
        movedFrom: ticket?.id,
      },
    ]);
    expect(api.booking.gateway.charges.map((c) => [c.amountCents, c.refundedCents])).toEqual([[2500, 0]]);
  });

  it.each(['agent', 'admin'] as const)("lets an %s read a customer's ticket", async (role) => {
    const [ticket] = await paid(30);
    expect((await paymentsOf(ticket?.id as string, api.tokens[role])).paid).toBe(25);
  });

  it("answers another customer's ticket 404 ticket_not_found, one without a token 401", async () => {
    const [ticket] = await paid(30);
    const path = `/tickets/${ticket?.id}/payments`;
    expectError(await api.request('GET', path, { token: api.tokens.otherCustomer }), 404, 'ticket_not_found');
    expectError(await api.request('GET', path), 401, 'unauthorized');
  });

  it('answers 404 ticket_not_found for an unknown ticket and 400 for an id that is not a UUID', async () => {
    const token = api.tokens.admin;
    expectError(
      await api.request('GET', '/tickets/00000000-0000-4000-8000-000000000000/payments', { token }),
      404,
      'ticket_not_found',
    );
    expectError(await api.request('GET', '/tickets/not-an-id/payments', { token }), 400, 'validation_failed');
  });
});
