import type { Role } from './actor';
import { segmentsOverlap, type Segment } from './route';
import type { Instant } from './time';

export const GENDERS = ['male', 'female', 'other'] as const;
export type Gender = (typeof GENDERS)[number];

/** `no_show`: a paid passenger who did not board before the bus left their stop; the seat is free again. */
export const TICKET_STATUSES = [
  'reserved',
  'confirmed',
  'suspended',
  'cancelled',
  'expired',
  'no_show',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses that hold a seat: two such tickets of one seat never overlap. */
export const OCCUPYING_STATUSES = ['reserved', 'confirmed', 'suspended'] as const;
export type OccupyingStatus = (typeof OCCUPYING_STATUSES)[number];

export interface Ticket extends Segment {
  id: string;
  pnrNumber: string;
  routeId: string;
  seatNumber: number;
  fromCity: string;
  toCity: string;
  passengerName: string;
  gender: Gender;
  phone: string | null;
  /** For the passenger's e-mails; like `phone`, never in a ticket view or a log. */
  email: string | null;
  price: number;
  status: TicketStatus;
  /** When a reservation's hold runs out; null once the ticket is no longer `reserved`. */
  holdExpiresAt: Instant | null;
  createdAt: Instant;
  updatedAt: Instant;
  /** The user the ticket belongs to (who may read, pay for and cancel it). */
  ownerId: string;
  /** The role that issued it: `customer` for an online reservation, `agent`/`admin` for a counter sale. */
  issuedBy: Role;
  /** The ticket this one was exchanged from (its trip before the exchange), if any. */
  exchangedFromId: string | null;
  /** The ticket this one was exchanged into (then this one is cancelled), if any. */
  exchangedToId: string | null;
  /**
   * When its segment departed at the time it was sold (booked, or exchanged into): a move of the
   * departure by more than the free delay from this time lets it be cancelled without a fee, and a
   * passenger who bought after a move was sold the moved departure.
   */
  soldForDepartureAt: Instant;
  /** Grows by one with every change; stores refuse a write based on a stale version. */
  version: number;
}

export function isOccupying(status: TicketStatus): status is OccupyingStatus {
  return (OCCUPYING_STATUSES as readonly string[]).includes(status);
}

/** Whether two tickets would hold the same seat at the same time. */
export function ticketsClash(
  a: Pick<Ticket, 'routeId' | 'seatNumber' | 'status' | keyof Segment>,
  b: Pick<Ticket, 'routeId' | 'seatNumber' | 'status' | keyof Segment>,
): boolean {
  return (
    a.routeId === b.routeId &&
    a.seatNumber === b.seatNumber &&
    isOccupying(a.status) &&
    isOccupying(b.status) &&
    segmentsOverlap(a, b)
  );
}

/** The contract's ticket as clients see it: no owner id, phone or internal version. */
export type TicketView = Pick<
  Ticket,
  | 'id'
  | 'pnrNumber'
  | 'routeId'
  | 'seatNumber'
  | 'fromCity'
  | 'toCity'
  | 'fromStopIndex'
  | 'toStopIndex'
  | 'passengerName'
  | 'gender'
  | 'price'
  | 'status'
  | 'holdExpiresAt'
  | 'createdAt'
  | 'updatedAt'
>;

/** Copies exactly the contract's ticket fields, so nothing else can leak to a client. */
export function toTicketView(ticket: Ticket): TicketView {
  return {
    id: ticket.id,
    pnrNumber: ticket.pnrNumber,
    routeId: ticket.routeId,
    seatNumber: ticket.seatNumber,
    fromCity: ticket.fromCity,
    toCity: ticket.toCity,
    fromStopIndex: ticket.fromStopIndex,
    toStopIndex: ticket.toStopIndex,
    passengerName: ticket.passengerName,
    gender: ticket.gender,
    price: ticket.price,
    status: ticket.status,
    holdExpiresAt: ticket.holdExpiresAt,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
  };
}
