import { describe, expect, it } from '@jest/globals';
import type { Route } from '@booking/core';
import { admin } from './test-support/watch-test-server';
import { useWatchTestServer } from './test-support/watch-test-suite';

const CARD = {
  cardNumber: '4242424242424242',
  cardHolderName: 'Ada Lovelace',
  expireMonth: 12,
  expireYear: 2035,
  cvc: '123',
};
/** A client that only calls the REST API never needs its socket to connect. */
const REST_ONLY = { autoConnect: false };

describe('the money of tickets through BookingClient', () => {
  const suite = useWatchTestServer({ forceNew: true });

  /** A route departing an hour after the server's clock: the default policy keeps 25 %. */
  async function routeInAnHour(): Promise<Route> {
    const departureAt = new Date(suite.server.clock.now().getTime() + 3_600_000).toISOString();
    const created = await suite.server.services.routes.create(admin, {
      fromCity: 'Izmir',
      toCity: 'Ankara',
      departureAt,
      seatCount: 8,
      price: 30,
    });
    return created._unsafeUnwrap();
  }

  /** A customer's client with a paid ticket on seat `seatNumber` of `route`. */
  async function paidTicket(route: Route, seatNumber: number) {
    const token = await suite.server.token();
    const client = suite.connect(REST_ONLY, token);
    const hold = await client.hold({ routeId: route.id, seatNumbers: [seatNumber] });
    const { tickets } = await client.bookHold(hold.id, [
      { seatNumber, passengerName: 'Ada Lovelace', gender: 'female' },
    ]);
    const ticketId = tickets[0]?.id as string;
    const paid = await fetch(`${suite.server.url}/payments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ticketId, ...CARD }),
    });
    expect(paid.status).toBe(201);
    // Entries of one instant are listed in no particular order: the cancel comes a minute later.
    suite.server.clock.advanceSeconds(60);
    return { client, ticketId };
  }

  it('cancels a paid ticket with its refund, and shows the charge and the refund', async () => {
    const route = await routeInAnHour();
    const { client, ticketId } = await paidTicket(route, 1);
    const cancelled = await client.cancelTicket(ticketId);
    expect(cancelled).toMatchObject({
      id: ticketId,
      status: 'cancelled',
      refund: { amount: 22.5, fee: 7.5, currency: 'EUR' },
    });
    const payments = await client.ticketPayments(ticketId.toUpperCase());
    expect(payments).toMatchObject({ ticketId, currency: 'EUR', paid: 30, refunded: 22.5 });
    expect(payments.entries.map((e) => [e.kind, e.amount, e.status, e.last4])).toEqual([
      ['charge', 30, 'succeeded', '4242'],
      ['refund', 22.5, 'succeeded', '4242'],
    ]);
    await expect(client.cancelTicket(ticketId)).rejects.toMatchObject({
      code: 'invalid_transition',
      status: 409,
    });
  });

  it('lets an agent waive the fee; a customer asking for it is refused with forbidden', async () => {
    const route = await routeInAnHour();
    const { client, ticketId } = await paidTicket(route, 2);
    await expect(client.cancelTicket(ticketId, { waiveFee: true })).rejects.toMatchObject({
      code: 'forbidden',
      status: 403,
    });
    const agent = suite.connect(REST_ONLY, await suite.server.token('agent'));
    const cancelled = await agent.cancelTicket(ticketId, { waiveFee: true });
    expect(cancelled.refund).toEqual({ amount: 30, fee: 0, currency: 'EUR' });
  });

  it("reads the sales report of a day and one route for an agent, and refuses a customer's", async () => {
    const route = await routeInAnHour();
    const { client, ticketId } = await paidTicket(route, 3);
    await client.cancelTicket(ticketId);
    const day = suite.server.clock.now().toISOString().slice(0, 10);
    const agent = suite.connect(REST_ONLY, await suite.server.token('agent'));
    const report = await agent.salesReport({ from: day, to: day, routeId: route.id });
    expect(report).toMatchObject({ from: day, to: day, currency: 'EUR' });
    expect(report.lines).toEqual([
      { routeId: route.id, day, charges: 30, refunds: 22.5, fees: 7.5, moved: 0, net: 7.5 },
    ]);
    expect(report.totals).toEqual({ charges: 30, refunds: 22.5, fees: 7.5, moved: 0, net: 7.5 });
    expect((await agent.salesReport()).to).toBe(day);
    await expect(client.salesReport()).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    await expect(agent.salesReport({ from: '2030-02-30' })).rejects.toMatchObject({
      code: 'validation_failed',
      status: 400,
    });
  });
});
