import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Actor } from '../domain/actor';
import { salesReport } from '../domain/sales-report';
import { actors } from '../testing/fixtures';
import {
  createInMemoryBooking,
  createRouteAsAdmin,
  paidGroup,
  passenger,
  payWithTestCard,
} from '../testing/in-memory-booking';

const { admin, agent, alice } = actors;

/** Two routes; on day one alice pays 3 seats of A and 1 of B; on day two she cancels one seat of A. */
async function twoDays() {
  const booking = createInMemoryBooking({ holdSeconds: 86_400 * 3 });
  const route = async (price: number) =>
    await createRouteAsAdmin(booking, {
      fromCity: 'A',
      toCity: 'B',
      stations: [],
      departureAt: '2030-01-05T08:00:00.000Z',
      seatCount: 8,
      price,
    });
  const [a, b] = [await route(19.99), await route(7.5)];
  const buy = (routeId: string, seats: number[]) =>
    paidGroup(
      booking,
      alice,
      routeId,
      seats.map((seat) => passenger(seat)),
    );
  const [first] = await buy(a.id, [1, 2, 3]);
  await buy(b.id, [1]);
  booking.clock.set('2030-01-04T10:00:00.000Z'); // 22 hours before: a 10 % fee
  await booking.services.tickets.cancel(alice, first?.id as string);
  return { booking, a, b };
}

describe('the sales report', () => {
  it('totals charges, refunds, fees and net per route and day, to the cent', async () => {
    const { booking, a, b } = await twoDays();
    const report = (
      await booking.services.reports.sales(agent, { from: '2030-01-01', to: '2030-01-04' })
    )._unsafeUnwrap();
    expect(report.currency).toBe('EUR');
    expect(report.lines).toEqual(
      [
        { routeId: a.id, day: '2030-01-01', charges: 59.97, refunds: 0, fees: 0, moved: 0, net: 59.97 },
        { routeId: b.id, day: '2030-01-01', charges: 7.5, refunds: 0, fees: 0, moved: 0, net: 7.5 },
        { routeId: a.id, day: '2030-01-04', charges: 0, refunds: 17.99, fees: 2, moved: 0, net: -17.99 },
      ].sort((x, y) => (`${x.day} ${x.routeId}` < `${y.day} ${y.routeId}` ? -1 : 1)),
    );
    expect(report.totals).toEqual({ charges: 67.47, refunds: 17.99, fees: 2, moved: 0, net: 49.48 });
    const onlyB = (
      await booking.services.reports.sales(admin, { from: '2030-01-01', to: '2030-01-04', routeId: b.id })
    )._unsafeUnwrap();
    expect(onlyB.totals.net).toBe(7.5);
    const dayTwo = (
      await booking.services.reports.sales(admin, { from: '2030-01-02', to: '2030-01-04' })
    )._unsafeUnwrap();
    expect(dayTwo.totals).toEqual({ charges: 0, refunds: 17.99, fees: 2, moved: 0, net: -17.99 });
  });

  it('reconciles with the ledger: the totals are the sums of the entries, summed independently in cents', async () => {
    const { booking } = await twoDays();
    const report = (
      await booking.services.reports.sales(agent, { from: '2030-01-01', to: '2030-01-31' })
    )._unsafeUnwrap();
    const entries = [...booking.ports.db.ledger.values()];
    const cents = (kind: string) =>
      entries.filter((e) => e.kind === kind).reduce((s, e) => s + e.amountCents, 0);
    expect(Math.round(report.totals.charges * 100)).toBe(cents('charge'));
    expect(Math.round(report.totals.refunds * 100)).toBe(cents('refund'));
    const lineSum = report.lines.reduce((s, l) => s + Math.round(l.net * 100), 0);
    expect(lineSum).toBe(Math.round(report.totals.net * 100));
  });

  it("counts an exchange's moved money as no charge or refund: the totals are what the provider charged, each route's net what it earned", async () => {
    // One charge of 30, then the ticket exchanged three times between two routes of the same price:
    // the provider charged 30 and gave nothing back.
    const booking = createInMemoryBooking({ holdSeconds: 86_400 });
    const route = async () =>
      await createRouteAsAdmin(booking, {
        fromCity: 'A',
        toCity: 'B',
        stations: [],
        departureAt: '2030-01-05T08:00:00.000Z',
        seatCount: 8,
        price: 30,
      });
    const [a, b] = [await route(), await route()];
    const reserved = await booking.services.tickets.reserve(alice, {
      routeId: a.id,
      seatNumber: 1,
      passengerName: 'Alice',
      gender: 'female',
    });
    let ticket = reserved._unsafeUnwrap();
    await payWithTestCard(booking, alice, ticket.id);
    for (const to of [b, a, b]) {
      const exchanged = await booking.services.ticketChanges.exchange(alice, ticket.id, {
        routeId: to.id,
        seatNumber: 2,
      });
      ticket = exchanged._unsafeUnwrap().ticket;
    }
    const report = (
      await booking.services.reports.sales(agent, { from: '2030-01-01', to: '2030-01-01' })
    )._unsafeUnwrap();
    expect(booking.gateway.charges.map((c) => [c.amountCents, c.refundedCents])).toEqual([[3000, 0]]);
    expect(report.totals).toEqual({ charges: 30, refunds: 0, fees: 0, moved: 0, net: 30 });
    // A sold it and lost it (moved off twice, back on once); B holds it now.
    expect(report.lines.map((l) => [l.routeId, l.charges, l.refunds, l.moved, l.net])).toEqual(
      [
        [a.id, 30, 0, -30, 0],
        [b.id, 0, 0, 30, 30],
      ].sort(([x], [y]) => (String(x) < String(y) ? -1 : 1)),
    );
  });

  it('is for staff only, and refuses days that are not days or a period that runs backwards or too long', async () => {
    const booking = createInMemoryBooking();
    const sales = (actor: Actor, query: object) =>
      booking.services.reports.sales(actor, query).then((r) => r._unsafeUnwrapErr().kind);
    expect(await sales(alice, {})).toBe('forbidden');
    for (const query of [
      { from: '2030-1-1' },
      { to: '2030-02-30' },
      { from: '2030-01-02', to: '2030-01-01' },
      { from: '2028-01-01', to: '2030-01-01' },
    ]) {
      expect(await sales(agent, query)).toBe('validation_failed');
    }
    expect((await booking.services.reports.sales(agent, {}))._unsafeUnwrap()).toMatchObject({
      from: '2030-01-01',
      to: '2030-01-01',
      lines: [],
    });
  });

  it('lines always add up to the totals, whatever the entries', () => {
    const entry = fc.record({
      kind: fc.constantFrom('charge' as const, 'refund' as const),
      amountCents: fc.integer({ min: 0, max: 1_000_000 }),
      feeCents: fc.integer({ min: 0, max: 100_000 }),
      status: fc.constantFrom('pending' as const, 'succeeded' as const, 'failed' as const),
      routeId: fc.constantFrom('r1', 'r2', 'r3'),
      transferTicketId: fc.constantFrom(null, 'other'),
      createdAt: fc.constantFrom(
        '2030-01-01T10:00:00.000Z',
        '2030-01-02T23:59:59.999Z',
        '2030-01-03T00:00:00.000Z',
      ),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), (drawn) => {
        const entries = drawn.map((e, i) => ({
          ...e,
          id: `e${i}`,
          attemptId: 'a',
          ticketId: 't',
          currency: 'EUR',
          chargeId: 'c',
          last4: null,
          updatedAt: e.createdAt,
        }));
        const report = salesReport(entries, { from: '2030-01-01', to: '2030-01-03' }, 'EUR');
        const cents = (n: number) => Math.round(n * 100);
        const keys = ['charges', 'refunds', 'fees', 'moved', 'net'] as const;
        return keys.every(
          (k) => report.lines.reduce((s, l) => s + cents(l[k]), 0) === cents(report.totals[k]),
        );
      }),
    );
  });
});
