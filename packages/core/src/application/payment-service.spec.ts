import { beforeEach, describe, expect, it } from '@jest/globals';
import { ResultAsync } from 'neverthrow';
import type { Actor } from '../domain/actor';
import type { Ticket } from '../domain/ticket';
import { createInMemoryBooking, type InMemoryBooking } from '../testing/in-memory-booking';
import type { PayCommand } from './payment-service';

const admin: Actor = { userId: 'admin-1', role: 'admin' };
const agent: Actor = { userId: 'agent-1', role: 'agent' };
const alice: Actor = { userId: 'alice', role: 'customer' };
const bob: Actor = { userId: 'bob', role: 'customer' };

let booking: InMemoryBooking;
let ticket: Ticket;

beforeEach(async () => {
  booking = createInMemoryBooking({ holdSeconds: 600, currency: 'TRY' });
  const route = (
    await booking.services.routes.create(admin, {
      fromCity: 'Istanbul',
      toCity: 'Ankara',
      departureAt: '2030-01-02T09:00:00.000Z',
      seatCount: 10,
      price: 19.99,
    })
  )._unsafeUnwrap();
  ticket = (
    await booking.services.tickets.reserve(alice, {
      routeId: route.id,
      seatNumber: 3,
      passengerName: 'Ada',
      gender: 'female',
    })
  )._unsafeUnwrap();
  booking.notifier.clear();
});

const card = (cardNumber = '4242424242424242'): Omit<PayCommand, 'ticketId'> => ({
  cardNumber,
  cardHolderName: 'ADA LOVELACE',
  expireMonth: 12,
  expireYear: 2031,
  cvc: '123',
});

const pay = (actor: Actor = alice, cardNumber?: string) =>
  booking.services.payments.pay(actor, { ticketId: ticket.id, ...card(cardNumber) });

const stored = () => booking.ports.db.tickets.get(ticket.id);
const eventTypes = () => booking.ports.db.events.get(ticket.routeId)?.map((s) => s.event.eventType);

describe('pay', () => {
  it('charges the price, confirms the ticket with seat_confirmed and keeps only the last four digits', async () => {
    booking.clock.advanceSeconds(599);
    const receipt = (await pay())._unsafeUnwrap();
    expect(receipt.ticket).toMatchObject({
      id: ticket.id,
      status: 'confirmed',
      holdExpiresAt: null,
      version: 2,
    });
    expect(receipt.payment).toEqual({
      id: expect.any(String),
      ticketId: ticket.id,
      amount: 19.99,
      currency: 'TRY',
      status: 'succeeded',
      last4: '4242',
      createdAt: '2030-01-01T08:09:59.000Z',
    });
    expect(stored()?.status).toBe('confirmed');
    expect(eventTypes()).toEqual(['seat_reserved', 'seat_confirmed']);
    expect(booking.notifier.events.map((e) => e.eventType)).toEqual(['seat_confirmed']);
    expect(booking.gateway.settled).toEqual([
      expect.objectContaining({ amountCents: 1999, reference: ticket.id }),
    ]);
    const payments = [...booking.ports.db.attempts.values(), ...booking.ports.db.ledger.values()];
    expect(payments.map((p) => ('kind' in p ? p.kind : p.status))).toEqual(['confirmed', 'charge']);
    expect(JSON.stringify(payments)).not.toContain('4242424242424242');
    expect(JSON.stringify(payments)).not.toContain('"123"');
  });

  it('lets staff pay for a customer', async () => {
    expect((await pay(agent))._unsafeUnwrap().ticket.status).toBe('confirmed');
  });

  it.each([
    ['4000000000001111', 'insufficient_funds'],
    ['4000000000002222', 'invalid_card'],
    ['12ab', 'invalid_card'],
  ])('declines card %s (%s): ticket unchanged, no event, no money kept', async (number, reason) => {
    const before = stored();
    expect((await pay(alice, number))._unsafeUnwrapErr()).toMatchObject({ kind: 'payment_declined', reason });
    expect(stored()).toEqual(before);
    expect(eventTypes()).toEqual(['seat_reserved']);
    expect(booking.gateway.settled).toEqual([]);
    expect(booking.ports.db.ledger.size).toBe(0);
    // and the customer may try another card
    expect((await pay())._unsafeUnwrap().ticket.status).toBe('confirmed');
  });

  it('answers hold_expired and charges nothing once the hold has run out, before or after the sweep', async () => {
    booking.clock.advanceSeconds(600);
    expect((await pay())._unsafeUnwrapErr().kind).toBe('hold_expired');
    expect(booking.gateway.charges).toEqual([]);
    expect(stored()?.status).toBe('reserved');
    await booking.services.tickets.expireHolds();
    expect((await pay())._unsafeUnwrapErr().kind).toBe('hold_expired');
    expect(booking.gateway.charges).toEqual([]);
  });

  it('refuses to pay twice, or for a cancelled or suspended ticket, with invalid_transition and no charge', async () => {
    await pay();
    expect((await pay())._unsafeUnwrapErr().kind).toBe('invalid_transition');
    await booking.services.tickets.suspend(agent, ticket.id);
    expect((await pay())._unsafeUnwrapErr().kind).toBe('invalid_transition');
    await booking.services.tickets.cancel(alice, ticket.id);
    expect((await pay())._unsafeUnwrapErr().kind).toBe('invalid_transition');
    expect(booking.gateway.charges).toHaveLength(1);
  });

  it('answers ticket_not_found to another customer, and charges nothing', async () => {
    expect((await pay(bob))._unsafeUnwrapErr().kind).toBe('ticket_not_found');
    expect(booking.gateway.charges).toEqual([]);
  });

  it('answers payment_gateway_unavailable when the provider is down, ticket unchanged', async () => {
    booking.gateway.available = false;
    expect((await pay())._unsafeUnwrapErr().kind).toBe('payment_gateway_unavailable');
    expect(stored()?.status).toBe('reserved');
  });

  it('refunds the charge when the ticket changed between the charge and the write', async () => {
    // The agent cancels while the gateway is charging: the booking cannot complete, so no money is kept.
    const charge = booking.gateway.charge.bind(booking.gateway);
    booking.gateway.charge = (request) =>
      charge(request).andThen((done) =>
        ResultAsync.fromSafePromise(booking.services.tickets.cancel(agent, ticket.id)).map(() => done),
      );
    expect((await pay())._unsafeUnwrapErr().kind).toBe('invalid_transition');
    expect(stored()?.status).toBe('cancelled');
    expect(booking.gateway.charges).toHaveLength(1);
    expect(booking.gateway.settled).toEqual([]);
    expect(booking.ports.db.ledger.size).toBe(0);
  });
});
