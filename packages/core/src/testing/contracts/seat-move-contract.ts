import { errAsync } from 'neverthrow';
import { describe, expect, it } from './jest-globals';
import type { Route } from '../../domain/route';
import type { Ticket } from '../../domain/ticket';
import { sampleHold, sampleTicket } from '../fixtures';
import { book, storedRoute, withStorage, type StorageFactory } from './storage-harness';

/**
 * `TicketRepository.moveSeat`, a change of seat: the ticket takes its new seat only if no other claim
 * keeps it, and frees its old one, in one step; a stale version or a taken seat changes nothing.
 */
export function describeSeatMoveContract(name: string, factory: StorageFactory): void {
  describe(`TicketRepository.moveSeat contract: ${name}`, () => {
    const storage = withStorage(factory);
    const booked = async (route: Route, overrides: Partial<Ticket> = {}) =>
      (await book(storage(), sampleTicket(route, overrides)))._unsafeUnwrap();
    /** The ticket on `seatNumber`, as the core's rule writes it. */
    const onSeat = (ticket: Ticket, seatNumber: number): Ticket => ({
      ...ticket,
      seatNumber,
      updatedAt: '2030-01-01T08:01:00.000Z',
      version: ticket.version + 1,
    });
    const move = (ticket: Ticket) => storage().unitOfWork.run((tx) => tx.tickets.moveSeat(ticket));
    const stored = async (id: string) => (await storage().tickets.findById(id))._unsafeUnwrap();

    it('moves a ticket to a free seat, which is then taken, and frees its old seat', async () => {
      const route = await storedRoute(storage());
      const ticket = await booked(route, { seatNumber: 1, status: 'confirmed', holdExpiresAt: null });
      const moved = onSeat(ticket, 3);
      expect((await move(moved))._unsafeUnwrap()).toEqual(moved);
      expect(await stored(ticket.id)).toEqual(moved);
      const refused = await book(storage(), sampleTicket(route, { seatNumber: 3 }));
      expect(refused._unsafeUnwrapErr()).toMatchObject({ kind: 'seat_unavailable', seatNumbers: [3] });
      await booked(route, { seatNumber: 1 });
    });

    it('keeps the claim moved: a later cancellation frees the new seat, not the old one', async () => {
      const route = await storedRoute(storage());
      const ticket = await booked(route, { seatNumber: 2 });
      const moved = (await move(onSeat(ticket, 4)))._unsafeUnwrap();
      const cancelled = { ...moved, status: 'cancelled' as const, holdExpiresAt: null, version: 3 };
      (await storage().tickets.update(cancelled))._unsafeUnwrap();
      await booked(route, { seatNumber: 4 });
      await booked(route, { seatNumber: 2 });
    });

    it('refuses a seat an overlapping ticket or an active seat hold keeps, and changes nothing', async () => {
      const route = await storedRoute(storage());
      const ticket = await booked(route, { seatNumber: 1, fromStopIndex: 1, toStopIndex: 3 });
      await booked(route, { seatNumber: 5, fromStopIndex: 2, toStopIndex: 4, status: 'suspended' });
      (await storage().holds.insertIfSeatsFree(sampleHold(route, { seatNumbers: [6, 7] })))._unsafeUnwrap();
      for (const seatNumber of [5, 7]) {
        const refused = await move(onSeat(ticket, seatNumber));
        expect(refused._unsafeUnwrapErr()).toEqual({
          kind: 'seat_unavailable',
          message: expect.any(String),
          seatNumbers: [seatNumber],
        });
      }
      expect(await stored(ticket.id)).toEqual(ticket);
      const again = await book(
        storage(),
        sampleTicket(route, { seatNumber: 1, fromStopIndex: 0, toStopIndex: 2 }),
      );
      expect(again._unsafeUnwrapErr()).toMatchObject({ kind: 'seat_unavailable' });
    });

    it('takes a seat that is only kept on a segment that does not overlap', async () => {
      const route = await storedRoute(storage());
      const ticket = await booked(route, { seatNumber: 1, fromStopIndex: 0, toStopIndex: 2 });
      await booked(route, { seatNumber: 8, fromStopIndex: 2, toStopIndex: 4 });
      expect((await move(onSeat(ticket, 8)))._unsafeUnwrap().seatNumber).toBe(8);
    });

    it('refuses a stale version and changes nothing', async () => {
      const route = await storedRoute(storage());
      const ticket = await booked(route, { seatNumber: 2 });
      const stale = await move({ ...onSeat(ticket, 9), version: ticket.version + 2 });
      expect(stale._unsafeUnwrapErr()).toEqual({ kind: 'stale_ticket', ticketId: ticket.id });
      expect(await stored(ticket.id)).toEqual(ticket);
      await booked(route, { seatNumber: 9 });
    });

    it('under the route lock, lets exactly one of several tickets take one free seat', async () => {
      const route = await storedRoute(storage());
      const tickets = await Promise.all([1, 2, 3, 4].map((seatNumber) => booked(route, { seatNumber })));
      const results = await Promise.all(
        tickets.map((ticket) =>
          storage().unitOfWork.run((tx) =>
            tx.locks.route(route.id).andThen(() => tx.tickets.moveSeat(onSeat(ticket, 10))),
          ),
        ),
      );
      expect(results.filter((r) => r.isOk())).toHaveLength(1);
      expect(results.filter((r) => r.isErr()).map((r) => r._unsafeUnwrapErr().kind)).toEqual(
        Array(3).fill('seat_unavailable'),
      );
      const occupying = (await storage().tickets.findOccupying(route.id))._unsafeUnwrap();
      expect(occupying.filter((t) => t.seatNumber === 10)).toHaveLength(1);
    });

    it('rolls the move back with its unit of work', async () => {
      const route = await storedRoute(storage());
      const ticket = await booked(route, { seatNumber: 3 });
      const undone = await storage().unitOfWork.run((tx) =>
        tx.tickets.moveSeat(onSeat(ticket, 6)).andThen(() => errAsync({ kind: 'rolled_back' as const })),
      );
      expect(undone.isErr()).toBe(true);
      expect(await stored(ticket.id)).toEqual(ticket);
      await booked(route, { seatNumber: 6 });
      const refused = await book(storage(), sampleTicket(route, { seatNumber: 3 }));
      expect(refused._unsafeUnwrapErr()).toMatchObject({ kind: 'seat_unavailable' });
    });
  });
}
