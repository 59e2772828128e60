import {
  errors,
  OCCUPYING_STATUSES,
  type ErrorOf,
  type Instant,
  type PersistenceError,
  type Segment,
  type StaleTicket,
  type Ticket,
  type TicketQuery,
  type TicketRepository,
} from '@booking/core';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { isoColumn, isUuid, type Sql } from '../sql';

interface TicketRecord {
  id: string;
  pnr_number: string;
  route_id: string;
  seat_number: number;
  from_city: string;
  to_city: string;
  from_stop_index: number;
  to_stop_index: number;
  passenger_name: string;
  gender: Ticket['gender'];
  phone: string | null;
  price: string;
  status: Ticket['status'];
  hold_expires_at: string | null;
  created_at: string;
  updated_at: string;
  owner_id: string;
  issued_by: Ticket['issuedBy'];
  version: number;
}

const COLUMNS = [
  'id',
  'pnr_number',
  'route_id',
  'seat_number',
  'from_city',
  'to_city',
  'from_stop_index',
  'to_stop_index',
  'passenger_name',
  'gender',
  'phone',
  'price',
  'status',
  isoColumn('hold_expires_at'),
  isoColumn('created_at'),
  isoColumn('updated_at'),
  'owner_id',
  'issued_by',
  'version',
].join(', ');

const OCCUPYING = OCCUPYING_STATUSES.map((s) => `'${s}'`).join(', ');

function toTicket(row: TicketRecord): Ticket {
  return {
    id: row.id,
    pnrNumber: row.pnr_number,
    routeId: row.route_id,
    seatNumber: row.seat_number,
    fromCity: row.from_city,
    toCity: row.to_city,
    fromStopIndex: row.from_stop_index,
    toStopIndex: row.to_stop_index,
    passengerName: row.passenger_name,
    gender: row.gender,
    phone: row.phone,
    price: Number(row.price),
    status: row.status,
    holdExpiresAt: row.hold_expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ownerId: row.owner_id,
    issuedBy: row.issued_by,
    version: row.version,
  };
}

/** Every column's value, in the order of the insert below. */
function values(t: Ticket): unknown[] {
  return [
    t.id,
    t.pnrNumber,
    t.routeId,
    t.seatNumber,
    t.fromCity,
    t.toCity,
    t.fromStopIndex,
    t.toStopIndex,
    t.passengerName,
    t.gender,
    t.phone,
    t.price,
    t.status,
    t.holdExpiresAt,
    t.createdAt,
    t.updatedAt,
    t.ownerId,
    t.issuedBy,
    t.version,
  ];
}

export class MikroOrmTicketRepository implements TicketRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * The exclusion constraint decides. `on conflict do nothing` turns its violation into "no row
   * inserted" (after waiting for a concurrent insert of the same seat to commit or roll back), so
   * the refusal leaves the surrounding transaction usable instead of aborting it.
   */
  insertIfSeatFree(ticket: Ticket): ResultAsync<Ticket, ErrorOf<'seat_unavailable'> | PersistenceError> {
    return this.sql
      .rows<{ id: string }>(
        `insert into tickets (id, pnr_number, route_id, seat_number, from_city, to_city, from_stop_index,
           to_stop_index, passenger_name, gender, phone, price, status, hold_expires_at, created_at,
           updated_at, owner_id, issued_by, version)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?, ?, ?)
         on conflict do nothing returning id`,
        values(ticket),
      )
      .andThen((rows) =>
        rows.length === 1
          ? okAsync(structuredClone(ticket))
          : errAsync(errors.seatUnavailable([ticket.seatNumber])),
      );
  }

  findById(id: string): ResultAsync<Ticket | undefined, PersistenceError> {
    if (!isUuid(id)) return okAsync(undefined);
    return this.sql
      .rows<TicketRecord>(`select ${COLUMNS} from tickets where id = ?`, [id])
      .map((rows) => (rows[0] ? toTicket(rows[0]) : undefined));
  }

  /** Optimistic concurrency: the write happens only while the stored version is the one read. */
  update(ticket: Ticket): ResultAsync<Ticket, StaleTicket | PersistenceError> {
    const stale: StaleTicket = { kind: 'stale_ticket', ticketId: ticket.id };
    if (!isUuid(ticket.id)) return errAsync(stale);
    return this.sql
      .rows<{ id: string }>(
        `update tickets set pnr_number = ?, route_id = ?, seat_number = ?, from_city = ?, to_city = ?,
           from_stop_index = ?, to_stop_index = ?, passenger_name = ?, gender = ?, phone = ?, price = ?,
           status = ?, hold_expires_at = ?::timestamptz, created_at = ?::timestamptz,
           updated_at = ?::timestamptz, owner_id = ?, issued_by = ?, version = ?
         where id = ? and version = ? returning id`,
        [...values(ticket).slice(1), ticket.id, ticket.version - 1],
      )
      .andThen((rows) => (rows.length === 1 ? okAsync(structuredClone(ticket)) : errAsync(stale)));
  }

  findOccupying(routeId: string, segment?: Segment): ResultAsync<Ticket[], PersistenceError> {
    if (!isUuid(routeId)) return okAsync([]);
    const overlap = segment ? 'and from_stop_index < ? and ? < to_stop_index' : '';
    const params = segment ? [routeId, segment.toStopIndex, segment.fromStopIndex] : [routeId];
    return this.sql
      .rows<TicketRecord>(
        `select ${COLUMNS} from tickets where route_id = ? and status in (${OCCUPYING}) ${overlap}
         order by created_at, id`,
        params,
      )
      .map((rows) => rows.map(toTicket));
  }

  list(query: TicketQuery): ResultAsync<Ticket[], PersistenceError> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, value: unknown) => {
      where.push(condition);
      params.push(value);
    };
    if (query.routeId !== undefined) {
      if (!isUuid(query.routeId)) return okAsync([]);
      add('route_id = ?', query.routeId);
    }
    if (query.afterId !== undefined) {
      // An unknown cursor continues after nothing: no rows, as in the in-memory reference.
      if (!isUuid(query.afterId)) return okAsync([]);
      add('(created_at, id) > (select created_at, id from tickets where id = ?)', query.afterId);
    }
    if (query.ownerId !== undefined) add('owner_id = ?', query.ownerId);
    if (query.status !== undefined) add('status = ?', query.status);
    if (query.pnrNumber !== undefined) add('pnr_number = ?', query.pnrNumber);
    const filter = where.length > 0 ? `where ${where.join(' and ')}` : '';
    return this.sql
      .rows<TicketRecord>(`select ${COLUMNS} from tickets ${filter} order by created_at, id limit ?`, [
        ...params,
        query.limit,
      ])
      .map((rows) => rows.map(toTicket));
  }

  countOpenHolds(ownerId: string, now: Instant): ResultAsync<number, PersistenceError> {
    return this.sql
      .rows<{ count: string }>(
        `select count(*) as count from tickets
         where owner_id = ? and status = 'reserved' and hold_expires_at > ?::timestamptz`,
        [ownerId, now],
      )
      .map((rows) => Number(rows[0]?.count ?? 0));
  }

  /**
   * The core's `holdIsOver`: a hold ends when it runs out or when its segment departs (for now the
   * route's departure), whichever comes first. Only reserved tickets are read (a partial index holds
   * them, and holds are short-lived), each joined to its route.
   */
  findExpiredHolds(now: Instant, limit: number): ResultAsync<Ticket[], PersistenceError> {
    return this.sql
      .rows<TicketRecord>(
        `select ${COLUMNS} from (
           select tickets.*, least(tickets.hold_expires_at, routes.departure_at) as hold_ends_at
           from tickets join routes on routes.id = tickets.route_id
           where tickets.status = 'reserved'
         ) as held
         where hold_ends_at <= ?::timestamptz
         order by hold_ends_at, id limit ?`,
        [now, limit],
      )
      .map((rows) => rows.map(toTicket));
  }
}
