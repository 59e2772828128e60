import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals';
import type { RouteRoomEvent } from '@booking/socketio';
import type { RunningServer } from './booking-server';
import { errorCode, eventually, request, type Answer } from './test-support/http-client';
import { watchRoute, type RouteWatcher } from './test-support/route-watcher';
import {
  createRouteAhead,
  describeOnEachDatabase,
  payWithTestCard,
  reserveSeats,
  startTestServer,
  testAuth,
  TEST_CARD,
  type TestDatabase,
} from './test-support/test-server';
import { listenToTickets, type TicketListener } from './test-support/ticket-listener';

const { secret, token } = testAuth();
const MINUTE_MS = 60_000;
/** Small, so that a move of half an hour frees the passengers of the fee. */
const FREE_CANCEL_AFTER_DELAY_MINUTES = 15;
const REASON = 'The bus broke down';

interface TicketJson {
  id: string;
  pnrNumber: string;
  routeId: string;
  seatNumber: number;
  status: string;
  price: number;
  passengerName: string;
  [field: string]: unknown;
}

interface Payments {
  paid: number;
  refunded: number;
  /** Moved on to the ticket this one was exchanged into, where the ledger tells it apart. */
  moved?: number;
  entries: { kind: string; amount: number; status: string }[];
}

interface HistoryEntry {
  action: string;
  reason: string | null;
  by: { userId: string | null; role: string };
  changes: Record<string, { from: unknown; to: unknown }>;
}

/** The ticket fields that both the REST ticket and its audit trail carry. */
const REPLAYED_FIELDS = [
  'pnrNumber',
  'routeId',
  'seatNumber',
  'fromStopIndex',
  'toStopIndex',
  'fromCity',
  'toCity',
  'passengerName',
  'gender',
  'price',
  'status',
  'holdExpiresAt',
] as const;

const expectStatus = (answer: Answer, status: number, code?: string) =>
  expect([answer.status, errorCode(answer)]).toEqual([status, code]);

/** [eventType, seatNumber or the route's status] of each event: what a seat map applies. */
const shapeOf = (events: readonly RouteRoomEvent[]) =>
  events.map((e) => (e.eventType === 'route_update' ? [e.eventType, e.status] : [e.eventType, e.seatNumber]));

const toCents = (amount: number) => Math.round(amount * 100);
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

function describeOnDatabase(open: () => Promise<TestDatabase>) {
  let server: RunningServer;
  let database: TestDatabase | undefined;
  let admin: string;
  const sockets: (RouteWatcher | TicketListener)[] = [];
  beforeAll(async () => {
    database = await open();
    server = await startTestServer(secret, database, {
      FREE_CANCEL_AFTER_DELAY_MINUTES: String(FREE_CANCEL_AFTER_DELAY_MINUTES),
    });
    admin = await token('admin');
  }, 120_000);
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  const call = (method: string, path: string, as: string, body?: unknown) =>
    request(server.url, method, path, { token: as, body });
  const watch = async (routeId: string, sinceSequence?: number) => {
    const watcher = await watchRoute(
      server.url,
      routeId,
      sinceSequence === undefined ? {} : { sinceSequence },
    );
    sockets.push(watcher);
    return watcher;
  };
  const listen = async (as: string) => {
    const listener = await listenToTickets(server.url, as);
    sockets.push(listener);
    return listener;
  };

  /** A route from Izmir to Bursa leaving `minutesAhead` from now, 8 seats. */
  const createRoute = (price = 30, minutesAhead = 60) =>
    createRouteAhead(server.url, admin, { price, minutesAhead });

  const reserve = (routeId: string, customer: string, seats: number[]) =>
    reserveSeats<TicketJson>(server.url, customer, routeId, seats);

  /** Books `seats` for the customer and pays them with one charge. */
  async function paidTickets(routeId: string, customer: string, seats: number[]): Promise<TicketJson[]> {
    const tickets = await reserve(routeId, customer, seats);
    await payWithTestCard(server.url, customer, tickets[0]?.id as string);
    return tickets.map((t) => ({ ...t, status: 'confirmed' }));
  }

  const ticket = async (id: string, as: string) => {
    const read = await call('GET', `/tickets/${id}`, as);
    expectStatus(read, 200);
    return read.body as TicketJson;
  };

  const payments = async (id: string, as: string) => {
    const read = await call('GET', `/tickets/${id}/payments`, as);
    expectStatus(read, 200);
    return read.body as unknown as Payments;
  };

  /** The ticket's payments once the gateway has answered every refund (they are sent after the commit). */
  const settledPayments = async (id: string, as: string) => {
    let last: Payments | undefined;
    const settled = await eventually(async () => {
      last = await payments(id, as);
      return last.entries.every((e) => e.status === 'succeeded');
    }, 10_000);
    expect(settled).toBe(true);
    return last as Payments;
  };

  const history = async (subject: 'tickets' | 'routes', id: string) => {
    const read = await call('GET', `/${subject}/${id}/history`, admin);
    expectStatus(read, 200);
    return read.body.entries as HistoryEntry[];
  };

  /** The trail's changes applied in order: what the trail says the ticket is now. */
  const replay = (entries: readonly HistoryEntry[]) => {
    const state: Record<string, unknown> = {};
    for (const entry of entries)
      for (const [field, change] of Object.entries(entry.changes)) state[field] = change.to;
    return state;
  };
  const replayedFields = (view: Record<string, unknown>) =>
    Object.fromEntries(REPLAYED_FIELDS.map((field) => [field, view[field] ?? null]));

  it('cancels a departure: route_update then every seat in sequence, owners told, every payment refunded in full, nothing sold afterwards, replayed to a late subscriber', async () => {
    const routeId = await createRoute();
    const [first, second] = [await token('customer'), await token('customer')];
    const firstPaid = await paidTickets(routeId, first, [1, 2]);
    const [secondPaid] = await paidTickets(routeId, second, [3]);
    const [unpaid] = await reserve(routeId, second, [4]);
    const holder = await token('customer');
    const hold = await call('POST', '/holds', holder, { routeId, seatNumbers: [6, 7] });
    expectStatus(hold, 201);
    const secondIds = [secondPaid?.id as string, unpaid?.id as string];
    const firstIds = firstPaid.map((t) => t.id);

    const room = await watch(routeId);
    const [firstSocket, secondSocket] = [await listen(first), await listen(second)];
    const cancelled = await call('POST', `/routes/${routeId}/cancel`, admin, { reason: REASON });
    expectStatus(cancelled, 200);
    expect(cancelled.body).toMatchObject({ id: routeId, status: 'cancelled', cancelReason: REASON });

    // The route_update first, then each ticket by seat, then the hold's seats; no number skipped.
    const at = room.subscribedAt;
    await room.waitForSequence(at + 11);
    expect(room.events.map((e) => e.sequence)).toEqual(range(at + 1, 11));
    expect(room.events[0]).toMatchObject({
      routeId,
      eventType: 'route_update',
      status: 'cancelled',
      reason: REASON,
      departureAt: cancelled.body.departureAt,
    });
    expect(shapeOf(room.events)).toEqual([
      ['route_update', 'cancelled'],
      ...[1, 2, 3, 4].flatMap((seat) => [
        ['seat_cancelled', seat],
        ['seat_available', seat],
      ]),
      ['seat_released', 6],
      ['seat_released', 7],
    ]);

    // Each owner hears of their own tickets, and only of those.
    await firstSocket.waitForStatus(firstIds, 'cancelled');
    await secondSocket.waitForStatus(secondIds, 'cancelled');
    expect(firstSocket.tickets.every((t) => firstIds.includes(t.id))).toBe(true);
    expect(secondSocket.tickets.every((t) => secondIds.includes(t.id))).toBe(true);

    // Full refunds, no fee, although the bus leaves within the hour (the policy's 25 % tier).
    for (const [id, owner] of [...firstIds.map((id) => [id, first]), [secondPaid?.id, second]]) {
      const money = await settledPayments(id as string, owner as string);
      expect(money).toMatchObject({ paid: 30, refunded: 30 });
      expect(money.entries.map(({ kind, amount, status }) => [kind, amount, status])).toEqual([
        ['charge', 30, 'succeeded'],
        ['refund', 30, 'succeeded'],
      ]);
    }
    expect(await payments(unpaid?.id as string, second)).toMatchObject({ paid: 0, refunded: 0, entries: [] });
    expect((await ticket(unpaid?.id as string, second)).status).toBe('cancelled');

    // For good: a second cancel, a booking and a hold are refused, and nothing reaches the room.
    expectStatus(
      await call('POST', `/routes/${routeId}/cancel`, admin, { reason: 'Again' }),
      409,
      'route_cancelled',
    );
    const booking = { routeId, seatNumber: 5, passengerName: 'Late Comer', gender: 'male' };
    expectStatus(await call('POST', '/tickets', first, booking), 409, 'route_cancelled');
    expectStatus(await call('POST', '/holds', holder, { routeId, seatNumbers: [5] }), 409, 'route_cancelled');
    const seats = await call('GET', `/routes/${routeId}/seats`, first);
    expectStatus(seats, 200);
    const seatStatuses = (seats.body.seats as { status: string }[]).map((s) => s.status);
    expect(seatStatuses).toEqual(range(1, 8).map(() => 'available'));

    const trail = await history('routes', routeId);
    expect(trail.at(-1)).toMatchObject({
      action: 'cancel_departure',
      reason: REASON,
      by: { role: 'admin' },
      changes: { status: { from: 'scheduled', to: 'cancelled' }, cancelReason: { from: null, to: REASON } },
    });
    expectStatus(await call('GET', `/routes/${routeId}/history`, first), 403, 'forbidden');
    const ticketTrail = await history('tickets', firstIds[0] as string);
    expect(ticketTrail.at(-1)).toMatchObject({ action: 'cancel_departure', reason: REASON });

    // A seat map that comes later from the last sequence it knew is told the same, in the same order.
    const late = await watch(routeId, at);
    await late.waitForSequence(at + 11);
    expect(late.events).toEqual(room.events);
    // The replay reached the present: the refusals above appended nothing.
    expect(late.subscribedAt).toBe(at + 11);
    expect(room.events.length).toBe(11);
  }, 60_000);

  it('moves a departure: route_update with the new time; a move beyond the free delay cancels without a fee, a smaller one keeps it', async () => {
    const routeId = await createRoute(30, 60);
    const customer = await token('customer');
    const [smallMove, bigMove] = await paidTickets(routeId, customer, [1, 2]);
    const route = await call('GET', `/routes/${routeId}`, customer);
    const scheduled = route.body.departureAt as string;
    const later = (minutes: number) => new Date(Date.parse(scheduled) + minutes * MINUTE_MS).toISOString();
    const room = await watch(routeId);

    // Ten minutes later: within the free delay, and still within two hours: the 25 % fee.
    const moved = await call('PATCH', `/routes/${routeId}`, admin, { departureAt: later(10) });
    expectStatus(moved, 200);
    expect(moved.body).toMatchObject({
      departureAt: later(10),
      scheduledDepartureAt: scheduled,
      status: 'scheduled',
    });
    const feeKept = await call('POST', `/tickets/${smallMove?.id}/cancel`, customer);
    expectStatus(feeKept, 200);
    expect(feeKept.body.refund).toEqual({ amount: 22.5, fee: 7.5, currency: 'EUR' });

    // Thirty minutes after the departure first announced: beyond the free delay, no fee.
    expectStatus(await call('PATCH', `/routes/${routeId}`, admin, { departureAt: later(30) }), 200);
    const free = await call('POST', `/tickets/${bigMove?.id}/cancel`, customer);
    expectStatus(free, 200);
    expect(free.body.refund).toEqual({ amount: 30, fee: 0, currency: 'EUR' });
    expect(await settledPayments(bigMove?.id as string, customer)).toMatchObject({ paid: 30, refunded: 30 });

    const at = room.subscribedAt;
    await room.waitForSequence(at + 6);
    expect(room.events.map((e) => e.sequence)).toEqual(range(at + 1, 6));
    expect(shapeOf(room.events)).toEqual([
      ['route_update', 'scheduled'],
      ['seat_cancelled', 1],
      ['seat_available', 1],
      ['route_update', 'scheduled'],
      ['seat_cancelled', 2],
      ['seat_available', 2],
    ]);
    const updates = room.events.filter((e) => e.eventType === 'route_update');
    expect(updates.map((u) => [u.routeId, u.departureAt])).toEqual([
      [routeId, later(10)],
      [routeId, later(30)],
    ]);
    const trail = await history('routes', routeId);
    expect(trail.map((e) => [e.action, e.changes.departureAt?.to])).toEqual([
      ['move_departure', later(10)],
      ['move_departure', later(30)],
    ]);
  }, 60_000);

  it('changes a seat: the same ticket, seat_available (seat_changed) then the new seat, in sequence; a taken seat is refused and changes nothing', async () => {
    const routeId = await createRoute();
    const [owner, neighbour, stranger] = [
      await token('customer'),
      await token('customer'),
      await token('customer'),
    ];
    const [paid] = await paidTickets(routeId, owner, [1]);
    const [taken] = await paidTickets(routeId, neighbour, [2]);
    const [held] = await reserve(routeId, neighbour, [3]);
    const room = await watch(routeId);
    const ownerSocket = await listen(owner);

    const changed = await call('POST', `/tickets/${paid?.id}/change-seat`, owner, { seatNumber: 5 });
    expectStatus(changed, 200);
    expect(changed.body).toMatchObject({
      id: paid?.id,
      pnrNumber: paid?.pnrNumber,
      status: 'confirmed',
      price: 30,
      seatNumber: 5,
    });
    const at = room.subscribedAt;
    await room.waitForSequence(at + 2);
    expect(room.events.map((e) => e.sequence)).toEqual([at + 1, at + 2]);
    expect(room.events[0]).toMatchObject({ eventType: 'seat_available', seatNumber: 1, ticketId: paid?.id });
    expect(room.events[0]).toMatchObject({ metadata: { reason: 'seat_changed' } });
    expect(room.events[1]).toMatchObject({ eventType: 'seat_confirmed', seatNumber: 5, ticketId: paid?.id });
    const [told] = await ownerSocket.waitForStatus([paid?.id as string], 'confirmed');
    expect(told?.seatNumber).toBe(5);

    // A seat taken by a paid ticket or an unpaid reservation, and someone else's ticket: refused.
    for (const seatNumber of [2, 3]) {
      const refused = await call('POST', `/tickets/${paid?.id}/change-seat`, owner, { seatNumber });
      expectStatus(refused, 409, 'seat_unavailable');
    }
    const notYours = await call('POST', `/tickets/${paid?.id}/change-seat`, stranger, { seatNumber: 6 });
    expectStatus(notYours, 404, 'ticket_not_found');
    expect(await ticket(paid?.id as string, owner)).toEqual(changed.body);
    expect(await ticket(taken?.id as string, neighbour)).toMatchObject({
      seatNumber: 2,
      status: 'confirmed',
    });
    expect(await ticket(held?.id as string, neighbour)).toMatchObject({ seatNumber: 3, status: 'reserved' });

    // The refusals sent nothing: the neighbour's change takes the very next numbers.
    const reservationMoved = await call('POST', `/tickets/${held?.id}/change-seat`, neighbour, {
      seatNumber: 1,
    });
    expectStatus(reservationMoved, 200);
    expect(reservationMoved.body).toMatchObject({ id: held?.id, status: 'reserved', seatNumber: 1 });
    await room.waitForSequence(at + 4);
    expect(room.events.map((e) => e.sequence)).toEqual(range(at + 1, 4));
    expect(shapeOf(room.events.slice(2))).toEqual([
      ['seat_available', 3],
      ['seat_reserved', 1],
    ]);
    const seats = await call('GET', `/routes/${routeId}/seats`, owner);
    const statusOf = (n: number) =>
      (seats.body.seats as { seatNumber: number; status: string }[]).find((s) => s.seatNumber === n)?.status;
    expect([1, 2, 3, 5].map(statusOf)).toEqual(['reserved', 'confirmed', 'available', 'confirmed']);
  }, 60_000);

  it('exchanges a paid ticket: a dearer trip charges the card (402 without one), a cheaper one refunds, a cancelled one is refused; not for another customer', async () => {
    const from = await createRoute(30);
    const dearer = await createRoute(45.5, 120);
    const cheaper = await createRoute(20, 180);
    const gone = await createRoute(30, 240);
    expectStatus(await call('POST', `/routes/${gone}/cancel`, admin, { reason: REASON }), 200);
    const [owner, stranger] = [await token('customer'), await token('customer')];
    const [paid] = await paidTickets(from, owner, [1]);
    const fromRoom = await watch(from);
    const dearerRoom = await watch(dearer);
    const ownerSocket = await listen(owner);
    const exchange = (id: string, as: string, body: Record<string, unknown>) =>
      call('POST', `/tickets/${id}/exchange`, as, body);

    // Refusals first: none may change the ticket, its money or a room (checked below).
    const unpaid = await exchange(paid?.id as string, owner, { routeId: dearer, seatNumber: 4 });
    expectStatus(unpaid, 402, 'payment_required');
    const notYours = await exchange(paid?.id as string, stranger, {
      routeId: dearer,
      seatNumber: 4,
      card: TEST_CARD,
    });
    expectStatus(notYours, 404, 'ticket_not_found');
    const declined = await exchange(paid?.id as string, owner, {
      routeId: dearer,
      seatNumber: 4,
      card: { ...TEST_CARD, cardNumber: '4000000000001111' },
    });
    expectStatus(declined, 402, 'payment_declined');
    const cancelledRoute = await exchange(paid?.id as string, owner, {
      routeId: gone,
      seatNumber: 4,
      card: TEST_CARD,
    });
    expectStatus(cancelledRoute, 409, 'route_cancelled');
    expect(await ticket(paid?.id as string, owner)).toMatchObject({
      routeId: from,
      seatNumber: 1,
      status: 'confirmed',
    });
    expect(await payments(paid?.id as string, owner)).toMatchObject({ paid: 30, refunded: 0 });

    const up = await exchange(paid?.id as string, owner, { routeId: dearer, seatNumber: 4, card: TEST_CARD });
    expectStatus(up, 201);
    expect(up.body).toMatchObject({
      ticket: {
        routeId: dearer,
        seatNumber: 4,
        pnrNumber: paid?.pnrNumber,
        status: 'confirmed',
        price: 45.5,
      },
      previous: { id: paid?.id, routeId: from, status: 'cancelled' },
      priceDifference: 15.5,
      payment: { amount: 15.5, currency: 'EUR', status: 'succeeded', last4: '4242' },
    });
    expect(up.body).not.toHaveProperty('refund');
    const upTicket = (up.body.ticket as TicketJson).id;
    await ownerSocket.waitForStatus([paid?.id as string], 'cancelled');
    await ownerSocket.waitForStatus([upTicket], 'confirmed');
    // Each room hears its side, in its own sequence.
    await fromRoom.waitForSequence(fromRoom.subscribedAt + 2);
    expect(shapeOf(fromRoom.events)).toEqual([
      ['seat_cancelled', 1],
      ['seat_available', 1],
    ]);
    await dearerRoom.waitForSequence(dearerRoom.subscribedAt + 1);
    expect(dearerRoom.events).toMatchObject([
      { eventType: 'seat_confirmed', seatNumber: 4, ticketId: upTicket },
    ]);

    const down = await exchange(upTicket, owner, { routeId: cheaper, seatNumber: 2 });
    expectStatus(down, 201);
    expect(down.body).toMatchObject({
      ticket: { routeId: cheaper, seatNumber: 2, pnrNumber: paid?.pnrNumber, status: 'confirmed', price: 20 },
      previous: { id: upTicket, status: 'cancelled' },
      priceDifference: -25.5,
      refund: { amount: 25.5, fee: 0, currency: 'EUR' },
    });
    expect(down.body).not.toHaveProperty('payment');
    const downTicket = (down.body.ticket as TicketJson).id;

    // The money over the chain: each ticket's balance went on to the next one, 15.5 more charged
    // going up, 25.5 given back going down: the card keeps 20, held by the ticket the owner has now.
    const chain = [paid?.id as string, upTicket, downTicket];
    const moneys = await Promise.all(chain.map((id) => settledPayments(id, owner)));
    expect(moneys.map((m) => toCents(m.paid) - toCents(m.refunded) - toCents(m.moved ?? 0))).toEqual([
      0, 0, 2000,
    ]);
    const atTheCard = (kind: string) =>
      moneys
        .flatMap((m) => m.entries)
        .filter((e) => e.kind === kind)
        .reduce((sum, e) => sum + toCents(e.amount), 0);
    expect(atTheCard('charge') - atTheCard('refund')).toBe(2000);

    // The last ticket on the cancelled route, a second exchange of a cancelled ticket: refused, nothing moves.
    const toGone = await exchange(downTicket, owner, { routeId: gone, seatNumber: 3 });
    expectStatus(toGone, 409, 'route_cancelled');
    const again = await exchange(upTicket, owner, { routeId: cheaper, seatNumber: 3 });
    expectStatus(again, 409, 'invalid_transition');
    expect(await ticket(downTicket, owner)).toMatchObject({
      routeId: cheaper,
      seatNumber: 2,
      status: 'confirmed',
    });
  }, 60_000);

  it("corrects a ticket (agents only) and replays every ticket's trail to the ticket as it is now", async () => {
    const routeId = await createRoute();
    const other = await createRoute(30, 120);
    const [customer, agent] = [await token('customer'), await token('agent')];
    const booked = await call('POST', '/tickets', customer, {
      routeId,
      seatNumber: 1,
      passengerName: 'Ada Byron',
      gender: 'female',
      phone: '+905551112233',
      email: 'ada@example.org',
    });
    expectStatus(booked, 201);
    const id = booked.body.id as string;
    expectStatus(await call('POST', '/payments', customer, { ticketId: id, ...TEST_CARD }), 201);
    expectStatus(await call('POST', `/tickets/${id}/change-seat`, customer, { seatNumber: 6 }), 200);

    const refused = await call('PATCH', `/tickets/${id}`, customer, { passengerName: 'Ada King' });
    expectStatus(refused, 403, 'forbidden');
    const badEmail = await call('PATCH', `/tickets/${id}`, agent, { email: 'not an address' });
    expectStatus(badEmail, 400, 'validation_failed');
    expect((await ticket(id, customer)).passengerName).toBe('Ada Byron');
    const corrected = await call('PATCH', `/tickets/${id}`, agent, {
      passengerName: 'Ada King',
      phone: null,
      email: 'ada.king@example.org',
      reason: 'Married name',
    });
    expectStatus(corrected, 200);
    expect(corrected.body).toMatchObject({
      id,
      passengerName: 'Ada King',
      seatNumber: 6,
      status: 'confirmed',
    });

    const trail = await history('tickets', id);
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(['book', 'change_seat', 'correct']));
    expect(trail.at(-1)).toMatchObject({
      action: 'correct',
      reason: 'Married name',
      by: { role: 'agent' },
      changes: {
        passengerName: { from: 'Ada Byron', to: 'Ada King' },
        phone: { from: '[redacted]', to: null },
        email: { from: '[redacted]', to: '[redacted]' },
      },
    });
    const now = await ticket(id, customer);
    expect(replayedFields(replay(trail))).toEqual(replayedFields(now));
    expect(replay(trail)).toMatchObject({ phone: null, email: '[redacted]', exchangedToId: null });
    expectStatus(await call('GET', `/tickets/${id}/history`, customer), 403, 'forbidden');
    expectStatus(await call('GET', `/tickets/${id}/history`, agent), 403, 'forbidden');

    // An exchange: both tickets' trails replay to them, and point at each other.
    const exchanged = await call('POST', `/tickets/${id}/exchange`, agent, { routeId: other, seatNumber: 3 });
    expectStatus(exchanged, 201);
    const next = (exchanged.body.ticket as TicketJson).id;
    for (const ticketId of [id, next]) {
      expect(replayedFields(replay(await history('tickets', ticketId)))).toEqual(
        replayedFields(await ticket(ticketId, customer)),
      );
    }
    expect(replay(await history('tickets', id))).toMatchObject({ status: 'cancelled', exchangedToId: next });
    expect(replay(await history('tickets', next))).toMatchObject({
      exchangedFromId: id,
      passengerName: 'Ada King',
      seatNumber: 3,
      routeId: other,
    });
  }, 60_000);
}

describeOnEachDatabase(
  'changes after the sale over HTTP and Socket.IO',
  'booking-changes-',
  describeOnDatabase,
);
