import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { card, expectError, startApi, type Harness } from './test-support/harness';

let api: Harness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

async function reservedTicket(token = api.tokens.customer): Promise<string> {
  const route = await api.route();
  const answer = await api.request('POST', '/tickets', {
    token,
    body: { routeId: route.id, seatNumber: 1, passengerName: 'Ada', gender: 'female' },
  });
  return (answer.body as { id: string }).id;
}

const pay = (ticketId: string, token: string, change: Record<string, unknown> = {}) =>
  api.request('POST', '/payments', { token, body: { ticketId, ...card, ...change } });

describe('POST /payments', () => {
  it('charges the owner and confirms the ticket, answering the payment with the last four digits only', async () => {
    const ticketId = await reservedTicket();
    const answer = await pay(ticketId, api.tokens.customer);
    expect(answer.status).toBe(201);
    const receipt = answer.body as { payment: Record<string, unknown>; ticket: { status: string } };
    expect(Object.keys(receipt.payment).sort()).toEqual([
      'amount',
      'currency',
      'id',
      'last4',
      'status',
      'ticketId',
    ]);
    expect(receipt.payment).toMatchObject({
      ticketId,
      amount: 25,
      currency: 'EUR',
      status: 'succeeded',
      last4: '4242',
    });
    expect(receipt.ticket.status).toBe('confirmed');
    expect(answer.text).not.toContain('4242 4242');
    expect(api.booking.notifier.events.at(-1)?.eventType).toBe('seat_confirmed');
  });

  it.each(['agent', 'admin'] as const)("lets an %s pay for a customer's ticket", async (role) => {
    const ticketId = await reservedTicket();
    expect((await pay(ticketId, api.tokens[role])).status).toBe(201);
  });

  it.each([
    ['1111', 'insufficient_funds'],
    ['2222', 'invalid_card'],
  ])(
    'answers 402 payment_declined for a card ending in %s and leaves the ticket reserved',
    async (end, reason) => {
      const ticketId = await reservedTicket();
      const answer = await pay(ticketId, api.tokens.customer, { cardNumber: `400000000000${end}` });
      expectError(answer, 402, 'payment_declined');
      expect((answer.body as { error: { details: unknown } }).error.details).toEqual({ reason });
      expect(answer.text).not.toContain(`400000000000${end}`);
      expect(api.booking.ports.db.tickets.get(ticketId)?.status).toBe('reserved');
    },
  );

  it('answers 409 hold_expired after the hold ran out, charging nothing', async () => {
    const ticketId = await reservedTicket();
    const charges = api.booking.gateway.charges.length;
    api.booking.clock.advanceSeconds(601);
    try {
      expectError(await pay(ticketId, api.tokens.customer), 409, 'hold_expired');
    } finally {
      api.booking.clock.set('2030-01-01T08:00:00.000Z');
    }
    expect(api.booking.gateway.charges.length).toBe(charges);
  });

  it('answers 409 invalid_transition for a ticket that is already paid', async () => {
    const ticketId = await reservedTicket();
    expect((await pay(ticketId, api.tokens.customer)).status).toBe(201);
    expectError(await pay(ticketId, api.tokens.customer), 409, 'invalid_transition');
  });

  it("answers 404 ticket_not_found for another customer's ticket and 401 without a token", async () => {
    const ticketId = await reservedTicket();
    expectError(await pay(ticketId, api.tokens.otherCustomer), 404, 'ticket_not_found');
    expectError(await api.request('POST', '/payments', { body: { ticketId, ...card } }), 401, 'unauthorized');
    expect(api.booking.ports.db.tickets.get(ticketId)?.status).toBe('reserved');
  });

  it('answers 503 payment_gateway_unavailable when the provider is down', async () => {
    const ticketId = await reservedTicket();
    api.booking.gateway.available = false;
    try {
      expectError(await pay(ticketId, api.tokens.customer), 503, 'payment_gateway_unavailable');
    } finally {
      api.booking.gateway.available = true;
    }
    expect(api.booking.ports.db.tickets.get(ticketId)?.status).toBe('reserved');
  });

  it.each([
    ['numbers', 7, 2031],
    ['digit strings', '07', '2031'],
    ['a two-digit year string', '7', '31'],
    ['a two-digit year number', 12, 31],
  ])('accepts the expiry as %s (two-digit years mean 20YY)', async (_name, expireMonth, expireYear) => {
    const ticketId = await reservedTicket();
    const answer = await pay(ticketId, api.tokens.customer, { expireMonth, expireYear });
    expect(answer.status).toBe(201);
    expect(api.booking.ports.db.tickets.get(ticketId)?.status).toBe('confirmed');
  });

  it('accepts a card through the last moment of its expiry month (by the clock)', async () => {
    // The test clock reads 2030-01-01T08:00Z.
    const ticketId = await reservedTicket();
    expect((await pay(ticketId, api.tokens.customer, { expireMonth: '01', expireYear: '30' })).status).toBe(
      201,
    );
  });

  it.each([
    ['a month ago', 12, 2029],
    ['as digit strings', '12', '29'],
    ['years ago', 6, 2024],
  ])(
    'declines a card that expired %s with 402 payment_declined (card_expired), charging nothing',
    async (_name, expireMonth, expireYear) => {
      const ticketId = await reservedTicket();
      const charges = api.booking.gateway.charges.length;
      const answer = await pay(ticketId, api.tokens.customer, { expireMonth, expireYear });
      expectError(answer, 402, 'payment_declined');
      expect((answer.body as { error: { details: unknown } }).error.details).toEqual({
        reason: 'card_expired',
      });
      expect(api.booking.gateway.charges.length).toBe(charges);
      expect(api.booking.ports.db.tickets.get(ticketId)?.status).toBe('reserved');
    },
  );

  it.each([
    ['a short card number', { cardNumber: '4242' }],
    ['letters in the card number', { cardNumber: '4242x4242x4242x4242' }],
    ['month 13', { expireMonth: 13 }],
    ['month 0', { expireMonth: 0 }],
    ['a three-digit year', { expireYear: 203 }],
    ['a year in the last century', { expireYear: 1999 }],
    ['a month with a letter', { expireMonth: '0x7' }],
    ['a month with spaces', { expireMonth: ' 07' }],
    ['a fractional month', { expireMonth: 7.5 }],
    ['a three-digit month string', { expireMonth: '007' }],
    ['a three-digit year string', { expireYear: '203' }],
    ['a year with a letter', { expireYear: '2O31' }],
    ['a signed year', { expireYear: '-31' }],
    ['a 5-digit cvc', { cvc: '12345' }],
    ['a numeric cvc', { cvc: 123 }],
    ['no holder', { cardHolderName: '' }],
  ])('answers 400 validation_failed for %s without echoing card data', async (_name, change) => {
    const ticketId = await reservedTicket();
    const answer = await pay(ticketId, api.tokens.customer, { cvc: '9876', ...change });
    expectError(answer, 400, 'validation_failed');
    expect(answer.text).not.toContain('9876');
    expect(answer.text).not.toContain('4242');
    expect(api.booking.gateway.charges).not.toContainEqual(expect.objectContaining({ reference: ticketId }));
  });
});
