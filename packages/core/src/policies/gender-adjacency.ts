import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { errors, type DomainError } from '../domain/errors';
import { rowPartners } from '../domain/seat-layout';
import type { SeatBlock } from '../domain/seat-map';
import type { Gender, Ticket } from '../domain/ticket';
import type { BookingAttempt, SeatMapRequest, SeatPolicy } from './seat-policy';
import type { TransactionScope } from '../ports/unit-of-work.port';

export const GENDER_ADJACENCY = 'gender_adjacency';

/** The rule separates women and men; `other` may sit next to anyone. */
export function gendersClash(a: Gender, b: Gender): boolean {
  return (a === 'male' && b === 'female') || (a === 'female' && b === 'male');
}

/** The partner seat's holder that keeps `gender` out of `seatNumber`, if any (same PNR never does). */
function clashingNeighbour(
  route: SeatMapRequest['route'],
  seatNumber: number,
  gender: Gender,
  occupying: readonly Ticket[],
  pnrNumber?: string,
): Ticket | undefined {
  const partners = rowPartners(route, seatNumber);
  return occupying.find(
    (t) => partners.includes(t.seatNumber) && t.pnrNumber !== pnrNumber && gendersClash(t.gender, gender),
  );
}

const explain = (seatNumber: number, neighbour: number) =>
  `Seat ${seatNumber} is next to seat ${neighbour}, held by a passenger of another gender on this segment; ` +
  'only someone travelling in the same booking may sit there.';

/**
 * Gender adjacency: a seat beside (same row, same side of the aisle) a seat held on an overlapping
 * segment by a passenger of the other gender may be booked only within that passenger's PNR.
 * Takes the route lock, so two opposite-gender bookings of a pair can never both succeed.
 */
export function genderAdjacencyPolicy(): SeatPolicy {
  return {
    name: GENDER_ADJACENCY,
    locks: ['route'],
    check(attempt: BookingAttempt, tx: TransactionScope): ResultAsync<void, DomainError> {
      return tx.tickets.findOccupying(attempt.route.id, attempt.segment).andThen((occupying) => {
        for (const ticket of attempt.tickets) {
          const neighbour = clashingNeighbour(
            attempt.route,
            ticket.seatNumber,
            ticket.gender,
            occupying,
            attempt.pnrNumber,
          );
          if (neighbour) {
            return errAsync(
              errors.seatRuleViolation(GENDER_ADJACENCY, explain(ticket.seatNumber, neighbour.seatNumber)),
            );
          }
        }
        return okAsync(undefined);
      });
    },
    blockedSeats(request: SeatMapRequest): Map<number, SeatBlock> {
      const blocked = new Map<number, SeatBlock>();
      for (let seat = 1; seat <= request.route.seatCount; seat++) {
        const neighbour = clashingNeighbour(request.route, seat, request.gender, request.occupying);
        if (neighbour) {
          blocked.set(seat, { rule: GENDER_ADJACENCY, message: explain(seat, neighbour.seatNumber) });
        }
      }
      return blocked;
    },
  };
}
