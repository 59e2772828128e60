import { DEFAULT_HOLD_SECONDS, DEFAULT_SEAT_HOLD_SECONDS, seatPoliciesFrom } from '@booking/core';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { errorCode, expectError, snapshot, startApi, type Harness } from './test-support/harness';

interface HoldBody {
  id: string;
  seatNumbers: number[];
  status: string;
}
interface TicketBody {
  id: string;
  pnrNumber: string;
  seatNumber: number;
  fromStopIndex: number;
  toStopIndex: number;
  status: string;
  holdExpiresAt: string | null;
}
interface GroupBody {
  pnrNumber: string;
  tickets: TicketBody[];
}

const CARD = {
  cardNumber: '4242 4242 4242 4242',
  cardHolderName: 'ADA',
  expireMonth: 12,
  expireYear: 2035,
  cvc: '123',
};

let api: Harness;
beforeEach(async () => {
  api = await startApi(
    {},
    { seatPolicies: seatPoliciesFrom({ rules: ['gender_adjacency'], salesCutoffMinutes: 0 }) },
  );
});
afterEach(() => api.close());

const later = (seconds: number) => new Date(api.booking.clock.now().getTime() + seconds * 1000).toISOString();

const passengers = (seats: number[], gender = 'female') =>
  seats.map((seatNumber) => ({ seatNumber, passengerName: `P${seatNumber}`, gender }));

async function held(routeId: string, seatNumbers: number[], token = api.tokens.customer, extra: object = {}) {
  const answer = await api.request('POST', '/holds', { token, body: { routeId, seatNumbers, ...extra } });
  expect(answer.status).toBe(201);
  return answer.body as HoldBody;
}

const bookHold = (holdId: string, body: object[], token = api.tokens.customer) =>
  api.request('POST', '/tickets', { token, body: { holdId, passengers: body } });

const holdStatus = async (holdId: string) =>
  ((await api.request('GET', `/holds/${holdId}`, { token: api.tokens.admin })).body as HoldBody).status;

describe('POST /tickets with holdId', () => {
  it("books exactly the hold's seats on its segment under one PNR: reserved for HOLD_SECONDS, hold converted", async () => {
    const route = await api.route();
    const hold = await held(route.id, [3, 4], api.tokens.customer, {
      fromCity: route.stops[1],
      toCity: route.stops[2],
    });
    const events = api.booking.notifier.events.length;
    const answer = await bookHold(hold.id.toUpperCase(), passengers([4, 3]));
    expect(answer.status).toBe(201);
    const group = answer.body as GroupBody;
    expect(Object.keys(group).sort()).toEqual(['pnrNumber', 'tickets']);
    expect(
      group.tickets.map((t) => [t.seatNumber, t.pnrNumber, t.status, t.fromStopIndex, t.toStopIndex]),
    ).toEqual([
      [4, group.pnrNumber, 'reserved', 1, 2],
      [3, group.pnrNumber, 'reserved', 1, 2],
    ]);
    expect(group.tickets.map((t) => t.holdExpiresAt)).toEqual([
      later(DEFAULT_HOLD_SECONDS),
      later(DEFAULT_HOLD_SECONDS),
    ]);
    expect(await holdStatus(hold.id)).toBe('converted');
    expect(api.booking.notifier.events.slice(events).map((e) => [e.eventType, e.seatNumber])).toEqual([
      ['seat_reserved', 3],
      ['seat_reserved', 4],
    ]);
    const map = await api.request(
      'GET',
      `/routes/${route.id}/seats?fromCity=${route.stops[1]}&toCity=${route.stops[2]}`,
    );
    const seats = (map.body as { seats: { seatNumber: number; status: string }[] }).seats;
    expect(seats.filter((s) => s.seatNumber === 3 || s.seatNumber === 4).map((s) => s.status)).toEqual([
      'reserved',
      'reserved',
    ]);
    const paid = await api.request('POST', '/payments', {
      token: api.tokens.customer,
      body: { pnrNumber: group.pnrNumber, ...CARD },
    });
    expect(paid.status).toBe(201);
    expect((paid.body as { tickets: TicketBody[] }).tickets.map((t) => t.status)).toEqual([
      'confirmed',
      'confirmed',
    ]);
  });

  it("keeps each passenger's phone and e-mail for later messages, and never shows them in a ticket", async () => {
    const route = await api.route();
    const hold = await held(route.id, [7]);
    const contact = { phone: '+90 555 000 1122', email: 'ada@example.org' };
    const answer = await bookHold(hold.id, [{ ...passengers([7])[0], ...contact }]);
    expect(answer.status).toBe(201);
    const [ticket] = (answer.body as GroupBody).tickets;
    expect(JSON.stringify(answer.body)).not.toContain('example.org');
    expect(api.booking.ports.db.tickets.get(ticket?.id as string)).toMatchObject(contact);
    const refused = await bookHold(hold.id, [{ ...passengers([7])[0], email: 'not an address' }]);
    expect(refused.status).toBe(400);
  });

  it("confirms an agent's tickets at once, seat_confirmed per seat, also for a customer's hold", async () => {
    const route = await api.route();
    const hold = await held(route.id, [5]);
    const events = api.booking.notifier.events.length;
    const answer = await bookHold(hold.id, passengers([5]), api.tokens.agent);
    expect(answer.status).toBe(201);
    expect((answer.body as GroupBody).tickets.map((t) => [t.status, t.holdExpiresAt])).toEqual([
      ['confirmed', null],
    ]);
    expect(api.booking.notifier.events.slice(events).map((e) => e.eventType)).toEqual(['seat_confirmed']);
  });

  it('consumes the hold: a second use is 409 hold_expired and books nothing', async () => {
    const route = await api.route();
    const hold = await held(route.id, [6]);
    expect((await bookHold(hold.id, passengers([6]))).status).toBe(201);
    const before = snapshot(api.booking);
    expectError(await bookHold(hold.id, passengers([6])), 409, 'hold_expired');
    expect(snapshot(api.booking)).toBe(before);
  });

  it('answers 422 hold_mismatch for other seats, fewer or more, and changes nothing', async () => {
    const route = await api.route();
    const hold = await held(route.id, [1, 2]);
    const before = snapshot(api.booking);
    for (const seats of [[1, 3], [1], [1, 2, 3]]) {
      const answer = await bookHold(hold.id, passengers(seats));
      expectError(answer, 422, 'hold_mismatch');
      expect((answer.body as { error: { details: unknown } }).error.details).toEqual({ holdId: hold.id });
    }
    expect(snapshot(api.booking)).toBe(before);
    expect(await holdStatus(hold.id)).toBe('active');
  });

  it('answers 409 hold_expired for a hold past its time or released, changing nothing', async () => {
    const route = await api.route();
    const released = await held(route.id, [6]);
    expect(
      (await api.request('DELETE', `/holds/${released.id}`, { token: api.tokens.customer })).status,
    ).toBe(200);
    const hold = await held(route.id, [7]);
    api.booking.clock.advanceSeconds(DEFAULT_SEAT_HOLD_SECONDS);
    const before = snapshot(api.booking);
    const late = await bookHold(hold.id, passengers([7]));
    expectError(late, 409, 'hold_expired');
    expect((late.body as { error: { details: unknown } }).error.details).toEqual({ holdId: hold.id });
    expectError(await bookHold(released.id, passengers([6])), 409, 'hold_expired');
    expect(snapshot(api.booking)).toBe(before);
  });

  it("answers 404 hold_not_found for another customer's hold or an unknown one, changing nothing", async () => {
    const route = await api.route();
    const hold = await held(route.id, [8]);
    const before = snapshot(api.booking);
    expectError(await bookHold(hold.id, passengers([8]), api.tokens.otherCustomer), 404, 'hold_not_found');
    expectError(
      await bookHold('00000000-0000-4000-8000-000000000000', passengers([8])),
      404,
      'hold_not_found',
    );
    expect(snapshot(api.booking)).toBe(before);
  });

  it('checks the seat rules now that the passengers are known: 422 seat_rule_violation, hold kept', async () => {
    const route = await api.route();
    const woman = await api.request('POST', '/tickets', {
      token: api.tokens.otherCustomer,
      body: { routeId: route.id, seatNumber: 1, passengerName: 'Ada', gender: 'female' },
    });
    expect(woman.status).toBe(201);
    const hold = await held(route.id, [2]);
    const before = snapshot(api.booking);
    const man = await bookHold(hold.id, passengers([2], 'male'));
    expectError(man, 422, 'seat_rule_violation');
    expect(snapshot(api.booking)).toBe(before);
    expect((await bookHold(hold.id, passengers([2], 'female'))).status).toBe(201);
  });

  it('refuses a bad passenger list with 400 naming the field, and changes nothing', async () => {
    const route = await api.route();
    const hold = await held(route.id, [9]);
    const before = snapshot(api.booking);
    const bad = await bookHold(hold.id, [{ seatNumber: 9, passengerName: 'X', gender: 'robot' }]);
    expectError(bad, 400, 'validation_failed');
    expect((bad.body as { error: { details: { path: string }[] } }).error.details.map((d) => d.path)).toEqual(
      ['passengers.0.gender'],
    );
    expectError(await bookHold(hold.id, []), 400, 'validation_failed');
    expectError(await bookHold(hold.id, passengers([9, 9])), 400, 'validation_failed');
    const email = await bookHold(hold.id, [{ ...passengers([9])[0], email: 'ada at example.com' }]);
    expectError(email, 400, 'validation_failed');
    expectError(await bookHold('not-an-id', passengers([9])), 400, 'validation_failed');
    expect(snapshot(api.booking)).toBe(before);
    const phone = await bookHold(hold.id, [{ ...passengers([9])[0], phone: '+90 555 000 00 00' }]);
    expect(phone.status).toBe(201);
  });
});

describe('MAX_HELD_SEATS counts held seats', () => {
  it('refuses a hold beyond 10 unpaid seats (holds + reserved tickets) with 409 hold_limit_reached', async () => {
    const route = await api.route({ seatCount: 14 });
    await held(route.id, [1, 2, 3, 4, 5, 6]);
    const group = await api.request('POST', '/tickets', {
      token: api.tokens.customer,
      body: { routeId: route.id, passengers: passengers([7, 8, 9]) },
    });
    expect(group.status).toBe(201);
    const before = snapshot(api.booking);
    const refused = await api.request('POST', '/holds', {
      token: api.tokens.customer,
      body: { routeId: route.id, seatNumbers: [10, 11] },
    });
    expect({ status: refused.status, code: errorCode(refused) }).toEqual({
      status: 409,
      code: 'hold_limit_reached',
    });
    expect(snapshot(api.booking)).toBe(before);
    // The tenth seat still fits, and others are not limited by this customer's seats.
    await held(route.id, [10]);
    await held(route.id, [11, 12], api.tokens.otherCustomer);
    await held(route.id, [13, 14], api.tokens.agent);
  });

  it('a converted hold counts once: its tickets, not the hold too', async () => {
    const route = await api.route({ seatCount: 12 });
    const hold = await held(route.id, [1, 2, 3, 4, 5]);
    expect((await bookHold(hold.id, passengers([1, 2, 3, 4, 5]))).status).toBe(201);
    await held(route.id, [6, 7, 8, 9, 10]);
  });
});
