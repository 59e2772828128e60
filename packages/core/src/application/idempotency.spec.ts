import { beforeEach, describe, expect, it } from '@jest/globals';
import { ResultAsync } from 'neverthrow';
import type { Actor } from '../domain/actor';
import type { Route } from '../domain/route';
import type { Ticket } from '../domain/ticket';
import { createInMemoryBooking, type InMemoryBooking } from '../testing/in-memory-booking';
import type { PayCommand } from './payment-service';
import type { ReserveCommand } from './ticket-input';

const admin: Actor = { userId: 'admin-1', role: 'admin' };
const alice: Actor = { userId: 'alice', role: 'customer' };
const bob: Actor = { userId: 'bob', role: 'customer' };

let booking: InMemoryBooking;
let route: Route;

beforeEach(async () => {
  booking = createInMemoryBooking();
  route = (
    await booking.services.routes.create(admin, {
      fromCity: 'Izmir',
      toCity: 'Antalya',
      departureAt: '2030-01-02T09:00:00.000Z',
      seatCount: 10,
      price: 25,
    })
  )._unsafeUnwrap();
});

// The transport fingerprints the body; here the fingerprint is simply the JSON of the command.
const withKey = (key: string, body: object) => ({ key, fingerprint: JSON.stringify(body) });
const seatCommand = (seatNumber: number): ReserveCommand => ({
  routeId: route.id,
  seatNumber,
  passengerName: 'Ada',
  gender: 'female',
});
const reserve = (actor: Actor, seatNumber: number, key: string) =>
  booking.services.tickets.reserve(actor, seatCommand(seatNumber), withKey(key, seatCommand(seatNumber)));
const eventCount = () => booking.ports.db.events.get(route.id)?.length ?? 0;

describe('idempotent reserve', () => {
  it('answers a repeat with the first answer and does nothing new', async () => {
    const first = (await reserve(alice, 1, 'k1'))._unsafeUnwrap();
    booking.clock.advanceSeconds(5);
    const again = (await reserve(alice, 1, 'k1'))._unsafeUnwrap();
    expect(again).toEqual(first);
    expect(booking.ports.db.tickets.size).toBe(1);
    expect(eventCount()).toBe(1);
    expect(booking.notifier.events).toHaveLength(1);
  });

  it('answers idempotency_conflict for the same key with another body, and changes nothing', async () => {
    await reserve(alice, 1, 'k1');
    expect((await reserve(alice, 2, 'k1'))._unsafeUnwrapErr().kind).toBe('idempotency_conflict');
    expect(booking.ports.db.tickets.size).toBe(1);
    expect(eventCount()).toBe(1);
  });

  it("keeps users' keys apart", async () => {
    await reserve(alice, 1, 'shared');
    expect((await reserve(bob, 2, 'shared'))._unsafeUnwrap().ownerId).toBe('bob');
    expect(eventCount()).toBe(2);
  });

  it('gives two concurrent twins one ticket, one event, and the same answer', async () => {
    const [a, b] = await Promise.all([reserve(alice, 1, 'k1'), reserve(alice, 1, 'k1')]);
    expect(a._unsafeUnwrap()).toEqual(b._unsafeUnwrap());
    expect(booking.ports.db.tickets.size).toBe(1);
    expect(eventCount()).toBe(1);
  });

  it('gives concurrent twins of a counter sale the same answer too', async () => {
    const sell = () =>
      booking.services.tickets.reserve(admin, seatCommand(4), withKey('counter', seatCommand(4)));
    const answers = await Promise.all([sell(), sell(), sell()]);
    const tickets = answers.map((a) => a._unsafeUnwrap());
    expect(new Set(tickets.map((t) => t.id)).size).toBe(1);
    expect(eventCount()).toBe(1);
  });
});

describe('idempotent pay', () => {
  let ticket: Ticket;
  const body = (cardNumber = '4242424242424242'): PayCommand => ({
    ticketId: ticket.id,
    cardNumber,
    cardHolderName: 'ADA',
    expireMonth: 1,
    expireYear: 2032,
    cvc: '999',
  });
  const pay = (key: string, cardNumber?: string) =>
    booking.services.payments.pay(alice, body(cardNumber), withKey(key, body(cardNumber)));

  beforeEach(async () => {
    ticket = (await booking.services.tickets.reserve(alice, seatCommand(7)))._unsafeUnwrap();
  });

  it('answers a repeat with the first receipt: one charge, one payment, one seat_confirmed', async () => {
    const first = (await pay('p1'))._unsafeUnwrap();
    const again = (await pay('p1'))._unsafeUnwrap();
    expect(again).toEqual(first);
    expect(booking.gateway.charges).toHaveLength(1);
    expect(booking.ports.db.ledger.size).toBe(1);
    expect(eventCount()).toBe(2);
  });

  it('answers idempotency_conflict for the same key with another card, charging nothing more', async () => {
    await pay('p1');
    expect((await pay('p1', '5555555555554444'))._unsafeUnwrapErr().kind).toBe('idempotency_conflict');
    expect(booking.gateway.charges).toHaveLength(1);
  });

  it('does not remember a declined attempt: the same key may be retried after fixing the card', async () => {
    expect((await pay('p1', '4000000000001111'))._unsafeUnwrapErr().kind).toBe('payment_declined');
    expect((await pay('p2'))._unsafeUnwrap().ticket.status).toBe('confirmed');
  });

  it('gives two concurrent twins one effect and one charge: the other waits for nothing (payment_in_progress) or gets the receipt', async () => {
    const answers = await Promise.all([pay('p1'), pay('p1')]);
    const receipt = answers.find((a) => a.isOk())?._unsafeUnwrap();
    expect(receipt?.ticket.status).toBe('confirmed');
    for (const answer of answers) {
      expect(answer.isOk() ? answer.value : answer.error.kind).toEqual(
        answer.isOk() ? receipt : 'payment_in_progress',
      );
    }
    expect(booking.ports.db.ledger.size).toBe(1);
    expect(eventCount()).toBe(2);
    expect(booking.gateway.charges).toHaveLength(1);
    expect(booking.gateway.settled).toHaveLength(1);
    // Once the first has answered, the twin's retry gets the receipt.
    expect((await pay('p1'))._unsafeUnwrap()).toEqual(receipt);
  });

  it('answers the receipt to a twin that arrives after the first one confirmed the ticket', async () => {
    // The twin's first look finds no record yet; by the time it loads the ticket, it is confirmed.
    const find = booking.ports.idempotency.find.bind(booking.ports.idempotency);
    let first: Awaited<ReturnType<typeof pay>> | undefined;
    let hooked = false;
    booking.ports.idempotency.find = (scope, key) => {
      if (hooked) return find(scope, key);
      hooked = true;
      return find(scope, key).andThen((record) =>
        ResultAsync.fromSafePromise(pay('p1')).map((answer) => {
          first = answer;
          return record;
        }),
      );
    };
    const twin = await booking.services.payments.pay(alice, body(), withKey('p1', body()));
    const receipt = first!._unsafeUnwrap();
    expect(twin._unsafeUnwrap()).toEqual(receipt);
    expect(booking.gateway.settled).toHaveLength(1);
  });
});
