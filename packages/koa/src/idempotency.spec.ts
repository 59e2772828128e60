import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { canonicalJson } from './http/idempotency-key';
import { errorCode, startApi, type Harness } from './test-support/harness';

let api: Harness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe('Idempotency-Key on POST /tickets', () => {
  it('answers the first answer again for the same key and body, booking once and emitting one event', async () => {
    const route = await api.route();
    const body = { routeId: route.id, seatNumber: 2, passengerName: 'Ada', gender: 'female' };
    const events = api.booking.notifier.events.length;
    const send = (payload: object) =>
      api.request('POST', '/tickets', {
        token: api.tokens.customer,
        body: payload,
        headers: { 'Idempotency-Key': 'booking-attempt-1' },
      });
    const first = await send(body);
    // The same body with its keys in another order is the same request.
    const again = await send({ gender: 'female', passengerName: 'Ada', seatNumber: 2, routeId: route.id });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(api.booking.notifier.events.length).toBe(events + 1);
    expect(api.booking.ports.db.ticketsByRoute.get(route.id)?.size).toBe(1);

    const other = await send({ ...body, seatNumber: 3 });
    expect(other.status).toBe(409);
    expect(errorCode(other)).toBe('idempotency_conflict');
    expect(api.booking.ports.db.ticketsByRoute.get(route.id)?.size).toBe(1);
  });

  it('keeps the keys of different users apart', async () => {
    const route = await api.route();
    const headers = { 'Idempotency-Key': 'shared-key' };
    const mine = await api.request('POST', '/tickets', {
      token: api.tokens.customer,
      headers,
      body: { routeId: route.id, seatNumber: 1, passengerName: 'Ada', gender: 'female' },
    });
    const theirs = await api.request('POST', '/tickets', {
      token: api.tokens.otherCustomer,
      headers,
      body: { routeId: route.id, seatNumber: 2, passengerName: 'Bob', gender: 'male' },
    });
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect((theirs.body as { id: string }).id).not.toBe((mine.body as { id: string }).id);
  });

  it.each([['x'.repeat(201)], ['has spaces'], ['ünicode']])('answers 400 for the key %s', async (key) => {
    const route = await api.route();
    const answer = await api.request('POST', '/tickets', {
      token: api.tokens.customer,
      headers: { 'Idempotency-Key': key },
      body: { routeId: route.id, seatNumber: 1, passengerName: 'Ada', gender: 'female' },
    });
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe('validation_failed');
    expect(api.booking.ports.db.ticketsByRoute.get(route.id)?.size ?? 0).toBe(0);
  });
});

describe('Idempotency-Key on POST /payments', () => {
  it('charges once for a repeated payment and refuses the key with another body', async () => {
    const route = await api.route();
    const ticket = await api.request('POST', '/tickets', {
      token: api.tokens.customer,
      body: { routeId: route.id, seatNumber: 1, passengerName: 'Ada', gender: 'female' },
    });
    const ticketId = (ticket.body as { id: string }).id;
    const card = {
      cardNumber: '4242424242424242',
      cardHolderName: 'Ada',
      expireMonth: 1,
      expireYear: 2032,
      cvc: '123',
    };
    const send = (payload: object) =>
      api.request('POST', '/payments', {
        token: api.tokens.customer,
        body: payload,
        headers: { 'Idempotency-Key': 'pay-1' },
      });
    const first = await send({ ticketId, ...card });
    const again = await send({ ticketId, ...card });
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(api.booking.gateway.settled.filter((c) => c.reference === ticketId)).toHaveLength(1);

    const other = await send({ ticketId, ...card, cvc: '999' });
    expect(other.status).toBe(409);
    expect(errorCode(other)).toBe('idempotency_conflict');
  });

  it('stores a keyed fingerprint: guessing the CVC against a plain SHA-256 of the body finds nothing', async () => {
    const route = await api.route();
    const booked = await api.request('POST', '/tickets', {
      token: api.tokens.customer,
      body: { routeId: route.id, seatNumber: 2, passengerName: 'Ada', gender: 'female' },
    });
    const ticketId = (booked.body as { id: string }).id;
    const body = {
      ticketId,
      cardNumber: '4012888888881881',
      cardHolderName: 'Ada',
      expireMonth: 7,
      expireYear: 2033,
      cvc: '481',
    };
    const headers = { 'Idempotency-Key': 'pay-keyed' };
    const paid = await api.request('POST', '/payments', { token: api.tokens.customer, body, headers });
    expect(paid.status).toBe(201);
    const record = [...api.booking.ports.db.idempotency.values()].find((r) => r.key === 'pay-keyed');
    expect(record?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    // What someone holding the database and the card number would try: every CVC.
    const guesses = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
    const plain = (cvc: string) =>
      createHash('sha256')
        .update(canonicalJson({ ...body, cvc }))
        .digest('hex');
    expect(guesses.filter((cvc) => plain(cvc) === record?.fingerprint)).toEqual([]);
    // The expiry as card forms send it is the same request: the first answer again.
    const again = await api.request('POST', '/payments', {
      token: api.tokens.customer,
      body: { ...body, expireMonth: '07', expireYear: '33' },
      headers,
    });
    expect({ status: again.status, body: again.body }).toEqual({ status: 201, body: paid.body });
  });
});
