import { describe, expect, it } from '@jest/globals';
import { sampleRoute, sampleTicket, TICKET_VIEW_KEYS } from '../testing/fixtures';
import { isOccupying, ticketsClash, toTicketView, TICKET_STATUSES, type Ticket } from './ticket';

const route = sampleRoute();

describe('toTicketView', () => {
  it("copies exactly the contract's fields: no owner, phone, issuer or version", () => {
    const ticket = sampleTicket(route, { phone: '555', ownerId: 'alice', version: 7 });
    const view = toTicketView(ticket);
    expect(Object.keys(view).sort()).toEqual(TICKET_VIEW_KEYS);
    for (const key of TICKET_VIEW_KEYS)
      expect(view[key as keyof typeof view]).toEqual(ticket[key as keyof Ticket]);
  });
});

describe('tickets that hold a seat', () => {
  it('are the reserved, confirmed and suspended ones', () => {
    expect(TICKET_STATUSES.filter(isOccupying)).toEqual(['reserved', 'confirmed', 'suspended']);
  });

  const on = (overrides: Partial<Ticket>) =>
    sampleTicket(route, { seatNumber: 3, fromStopIndex: 1, toStopIndex: 3, ...overrides });

  it.each<[string, Partial<Ticket>, boolean]>([
    ['the same seat on an overlapping segment', { fromStopIndex: 2, toStopIndex: 4 }, true],
    ['the same seat on a segment that only touches', { fromStopIndex: 3, toStopIndex: 4 }, false],
    ['another seat', { seatNumber: 4 }, false],
    ['another route', { routeId: 'elsewhere' }, false],
    ['a cancelled ticket of the seat', { status: 'cancelled' }, false],
    ['an expired ticket of the seat', { status: 'expired' }, false],
    ['a suspended ticket of the seat', { status: 'suspended' }, true],
  ])('clash with %s: %s', (_what, other, clash) => {
    expect(ticketsClash(on({}), on(other))).toBe(clash);
    expect(ticketsClash(on(other), on({}))).toBe(clash);
  });
});
