import { seatPoliciesFrom } from '@booking/core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectError, snapshot, startApi, type Harness } from './test-support/harness';

const CARD = {
  cardNumber: '4242 4242 4242 4242',
  cardHolderName: 'ADA',
  expireMonth: 12,
  expireYear: 2035,
  cvc: '123',
};

interface TicketBody {
  id: string;
  pnrNumber: string;
  seatNumber: number;
  status: string;
}
interface GroupBody {
  pnrNumber: string;
  tickets: TicketBody[];
}

const passengers = (...seats: number[]) =>
  seats.map((seatNumber) => ({ seatNumber, passengerName: `P${seatNumber}`, gender: 'female' }));

describe('group bookings over REST', () => {
  let api: Harness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  const bookGroup = (routeId: string, seats: number[], token = api.tokens.customer) =>
    api.request('POST', '/tickets', { token, body: { routeId, passengers: passengers(...seats) } });

  it('POST /tickets with passengers answers 201 { pnrNumber, tickets } with one PNR', async () => {
    const route = await api.route();
    const answer = await bookGroup(route.id, [3, 1]);
    expect(answer.status).toBe(201);
    const group = answer.body as GroupBody;
    expect(Object.keys(group).sort()).toEqual(['pnrNumber', 'tickets']);
    expect(group.tickets.map((t) => [t.seatNumber, t.pnrNumber, t.status])).toEqual([
      [3, group.pnrNumber, 'reserved'],
      [1, group.pnrNumber, 'reserved'],
    ]);
    const listed = await api.request('GET', `/tickets?pnr=${group.pnrNumber}`, {
      token: api.tokens.customer,
    });
    expect((listed.body as { tickets: TicketBody[] }).tickets).toHaveLength(2);
  });

  it('answers 409 seat_unavailable naming every taken seat, and books none', async () => {
    const route = await api.route();
    expect((await bookGroup(route.id, [2, 5], api.tokens.agent)).status).toBe(201);
    const before = snapshot(api.booking);
    const refused = await bookGroup(route.id, [5, 4, 2]);
    expectError(refused, 409, 'seat_unavailable');
    expect((refused.body as { error: { details: unknown } }).error.details).toEqual({ seatNumbers: [2, 5] });
    expect(snapshot(api.booking)).toBe(before);
  });

  it('answers 400 for too many passengers, a seat asked twice or a bad passenger, naming the field', async () => {
    const route = await api.route();
    const before = snapshot(api.booking);
    expectError(await bookGroup(route.id, [1, 2, 3, 4, 5, 6, 7]), 400, 'validation_failed');
    expectError(await bookGroup(route.id, [1, 1]), 400, 'validation_failed');
    expectError(await bookGroup(route.id, []), 400, 'validation_failed');
    const bad = await api.request('POST', '/tickets', {
      token: api.tokens.customer,
      body: { routeId: route.id, passengers: [{ seatNumber: 1, passengerName: 'X', gender: 'robot' }] },
    });
    expectError(bad, 400, 'validation_failed');
    expect((bad.body as { error: { details: { path: string }[] } }).error.details.map((d) => d.path)).toEqual(
      ['passengers.0.gender'],
    );
    const both = await api.request('POST', '/tickets', {
      token: api.tokens.customer,
      body: {
        routeId: route.id,
        seatNumber: 1,
        passengerName: 'X',
        gender: 'male',
        passengers: passengers(2),
      },
    });
    expectError(both, 400, 'validation_failed');
    expect(snapshot(api.booking)).toBe(before);
  });

  it('keeps the single-booking errors as they were (the closest shape explains the problem)', async () => {
    const route = await api.route();
    const answer = await api.request('POST', '/tickets', {
      token: api.tokens.customer,
      body: { routeId: route.id, seatNumber: 0, passengerName: 'X', gender: 'male' },
    });
    expectError(answer, 400, 'validation_failed');
    expect(
      (answer.body as { error: { details: { path: string }[] } }).error.details.map((d) => d.path),
    ).toEqual(['seatNumber']);
  });

  it('one POST /payments pays the whole PNR, by a ticket id or by the PNR', async () => {
    const route = await api.route();
    const group = (await bookGroup(route.id, [7, 8, 9])).body as GroupBody;
    const [first, second, third] = group.tickets;
    const cancelled = await api.request('POST', `/tickets/${third?.id}/cancel`, {
      token: api.tokens.customer,
    });
    expect(cancelled.status).toBe(200);
    const paid = await api.request('POST', '/payments', {
      token: api.tokens.customer,
      body: { ticketId: second?.id, ...CARD },
    });
    expect(paid.status).toBe(201);
    const receipt = paid.body as {
      payment: { amount: number; ticketId: string };
      ticket: TicketBody;
      tickets: TicketBody[];
    };
    expect(receipt.payment).toMatchObject({ amount: 50, ticketId: second?.id });
    expect(receipt.tickets.map((t) => [t.id, t.status])).toEqual([
      [second?.id, 'confirmed'],
      [first?.id, 'confirmed'],
    ]);

    const other = (await bookGroup(route.id, [1, 2])).body as GroupBody;
    const byPnr = await api.request('POST', '/payments', {
      token: api.tokens.customer,
      body: { pnrNumber: other.pnrNumber.toLowerCase(), ...CARD },
    });
    expect(byPnr.status).toBe(201);
    expect((byPnr.body as { tickets: TicketBody[] }).tickets.map((t) => t.status)).toEqual([
      'confirmed',
      'confirmed',
    ]);
    const stranger = await api.request('POST', '/payments', {
      token: api.tokens.otherCustomer,
      body: { pnrNumber: other.pnrNumber, ...CARD },
    });
    expectError(stranger, 404, 'ticket_not_found');
  });

  it('seat maps carry deck, row and column; a double-decker numbers its upper deck from row 1', async () => {
    const created = await api.request('POST', '/routes', {
      token: api.tokens.admin,
      body: {
        fromCity: 'Adana',
        toCity: 'Mersin',
        departureAt: '2030-06-01T09:00:00Z',
        seatCount: 10,
        price: 5,
        layout: '2+1',
        decks: 2,
      },
    });
    expect(created.status).toBe(201);
    const route = created.body as { id: string; decks: number; layout: string };
    expect(route).toMatchObject({ decks: 2, layout: '2+1' });
    const map = await api.request('GET', `/routes/${route.id}/seats`);
    const seats = (map.body as { seats: { seatNumber: number; deck: number; row: number; column: number }[] })
      .seats;
    expect(seats.map((s) => `${s.seatNumber}:${s.deck}.${s.row}.${s.column}`)).toEqual([
      '1:1.1.1', '2:1.1.2', '3:1.1.3', '4:1.2.1', '5:1.2.2',
      '6:2.1.1', '7:2.1.2', '8:2.1.3', '9:2.2.1', '10:2.2.2',
    ]); // prettier-ignore
    const badDecks = await api.request('POST', '/routes', {
      token: api.tokens.admin,
      body: {
        fromCity: 'A',
        toCity: 'B',
        departureAt: '2030-06-01T09:00:00Z',
        seatCount: 10,
        price: 5,
        decks: 3,
      },
    });
    expectError(badDecks, 400, 'validation_failed');
  });
});

describe('seat rules over REST', () => {
  let api: Harness;
  beforeAll(async () => {
    api = await startApi(
      {},
      {
        seatPolicies: seatPoliciesFrom({
          rules: ['gender_adjacency', 'sales_cutoff'],
          salesCutoffMinutes: 60,
        }),
      },
    );
  });
  afterAll(() => api.close());

  it('answers 422 seat_rule_violation with the rule, and marks the seat for ?gender=', async () => {
    const route = await api.route();
    const woman = await api.request('POST', '/tickets', {
      token: api.tokens.customer,
      body: { routeId: route.id, seatNumber: 1, passengerName: 'Ada', gender: 'female' },
    });
    expect(woman.status).toBe(201);
    const man = await api.request('POST', '/tickets', {
      token: api.tokens.otherCustomer,
      body: { routeId: route.id, seatNumber: 2, passengerName: 'Bob', gender: 'male' },
    });
    expectError(man, 422, 'seat_rule_violation');
    expect((man.body as { error: { details: unknown } }).error.details).toEqual({ rule: 'gender_adjacency' });
    const map = await api.request('GET', `/routes/${route.id}/seats?gender=male`);
    const seats = (
      map.body as { seats: { seatNumber: number; blocked?: { rule: string; message: string } }[] }
    ).seats;
    expect(seats.filter((s) => s.blocked).map((s) => [s.seatNumber, s.blocked?.rule])).toEqual([
      [2, 'gender_adjacency'],
    ]);
    expectError(await api.request('GET', `/routes/${route.id}/seats?gender=robot`), 400, 'validation_failed');
  });

  it('closes online sales before departure (422 route_departed) while an agent still sells', async () => {
    const route = await api.route({ departureAt: '2030-01-01T08:59:00.000Z' }); // the clock is at 08:00
    const body = { routeId: route.id, seatNumber: 5, passengerName: 'Late', gender: 'male' };
    expectError(
      await api.request('POST', '/tickets', { token: api.tokens.customer, body }),
      422,
      'route_departed',
    );
    const counter = await api.request('POST', '/tickets', { token: api.tokens.agent, body });
    expect(counter.status).toBe(201);
  });
});
