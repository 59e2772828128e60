import {
  errors,
  isOccupying,
  type ErrorOf,
  type Gender,
  type Instant,
  type PersistenceError,
  type Role,
  type Segment,
  type StaleTicket,
  type Ticket,
  type TicketQuery,
  type TicketRepository,
  type TicketStatus,
} from '@booking/core';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import {
  column,
  ColumnMap,
  type StoredRow,
  decimal,
  instant,
  integer,
  nullable,
  text,
  uuid,
} from '../column-map';
import { OCCUPYING_SQL, TicketEntity } from '../entities/ticket.entity';
import { isUuid, type Sql } from '../sql';
import { CLAIM_CTE, claimParams, freedCte, SEAT_CLAIM_COLUMNS, ticketClaim } from './seat-claims';
import { segmentDepartsAtSql } from './segment-departure-sql';

/** The `tickets` table, column by column: every statement below takes its columns from here. */
export const TICKET_COLUMNS = new ColumnMap<Ticket>(TicketEntity, {
  id: column('id', uuid()),
  pnrNumber: column('pnr_number', text()),
  routeId: column('route_id', uuid()),
  seatNumber: column('seat_number', integer()),
  fromCity: column('from_city', text()),
  toCity: column('to_city', text()),
  fromStopIndex: column('from_stop_index', integer()),
  toStopIndex: column('to_stop_index', integer()),
  passengerName: column('passenger_name', text()),
  gender: column('gender', text<Gender>()),
  phone: column('phone', nullable(text())),
  email: column('email', nullable(text())),
  price: column('price', decimal()),
  status: column('status', text<TicketStatus>()),
  holdExpiresAt: column('hold_expires_at', nullable(instant())),
  createdAt: column('created_at', instant()),
  updatedAt: column('updated_at', instant()),
  ownerId: column('owner_id', text()),
  issuedBy: column('issued_by', text<Role>()),
  exchangedFromId: column('exchanged_from_id', nullable(uuid())),
  exchangedToId: column('exchanged_to_id', nullable(uuid())),
  soldForDepartureAt: column('sold_for_departure_at', instant()),
  version: column('version', integer()),
});

const COLUMNS = TICKET_COLUMNS.selectList;
const INSERTED = TICKET_COLUMNS.every;
const UPDATED = TICKET_COLUMNS.fieldsExcept('id');
const toTicket = TICKET_COLUMNS.read;
const CLAIMED = SEAT_CLAIM_COLUMNS.every;

export class MikroOrmTicketRepository implements TicketRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * An occupying ticket claims its seat and is inserted in one statement: the claim's exclusion
   * constraint decides (see `CLAIM_CTE`), and the ticket is inserted only from the claim that went
   * in, so a refused booking leaves no row at all. A ticket that occupies nothing claims nothing.
   */
  insertIfSeatFree(ticket: Ticket): ResultAsync<Ticket, ErrorOf<'seat_unavailable'> | PersistenceError> {
    const statement = isOccupying(ticket.status)
      ? {
          sql: `with ${CLAIM_CTE}
                insert into tickets (${INSERTED.columns}) select ${INSERTED.placeholders} from claim
                returning id`,
          params: [...claimParams(ticketClaim(ticket)), ...INSERTED.params(ticket)],
        }
      : {
          sql: `insert into tickets (${INSERTED.columns}) values (${INSERTED.placeholders}) returning id`,
          params: INSERTED.params(ticket),
        };
    return this.sql
      .rows<{ id: string }>(statement.sql, statement.params)
      .andThen((rows) =>
        rows.length === 1
          ? okAsync(structuredClone(ticket))
          : errAsync(errors.seatUnavailable([ticket.seatNumber])),
      );
  }

  findById(id: string): ResultAsync<Ticket | undefined, PersistenceError> {
    if (!isUuid(id)) return okAsync(undefined);
    return this.sql
      .rows<StoredRow>(`select ${COLUMNS} from tickets where id = ?`, [id])
      .map((rows) => (rows[0] ? toTicket(rows[0]) : undefined));
  }

  /**
   * Optimistic concurrency: the write happens only while the stored version is the one read. A
   * ticket that stops occupying (cancelled, expired) gives its seat claim back in the same statement.
   * (The life cycle never makes a ticket occupy again, so no update claims a seat.)
   */
  update(ticket: Ticket): ResultAsync<Ticket, StaleTicket | PersistenceError> {
    const stale: StaleTicket = { kind: 'stale_ticket', ticketId: ticket.id };
    if (!isUuid(ticket.id)) return errAsync(stale);
    return this.sql
      .rows<{ id: string }>(
        `with updated as (
           update tickets set ${UPDATED.assignments} where id = ? and version = ? returning id, status
         ), ${freedCte(`updated.status in (${OCCUPYING_SQL})`)}
         select id from updated`,
        [...UPDATED.params(ticket), ticket.id, ticket.version - 1],
      )
      .andThen((rows) => (rows.length === 1 ? okAsync(structuredClone(ticket)) : errAsync(stale)));
  }

  /**
   * A change of seat in one statement: the ticket's row is locked at the version read, its claim
   * given back and the new seat claimed with `on conflict do nothing` (as in `CLAIM_CTE`: it waits
   * for a concurrent claim of the seat, and a refusal leaves the transaction usable). Only a claim
   * that went in writes the ticket; a refused one puts the old claim back. Either way no moment
   * sees the ticket on one seat and its claim on another.
   */
  moveSeat(
    ticket: Ticket,
  ): ResultAsync<Ticket, StaleTicket | ErrorOf<'seat_unavailable'> | PersistenceError> {
    const stale: StaleTicket = { kind: 'stale_ticket', ticketId: ticket.id };
    if (!isUuid(ticket.id)) return errAsync(stale);
    if (!isOccupying(ticket.status))
      throw new Error(`ticket ${ticket.id} moves to a seat it does not occupy`);
    return this.sql
      .rows<{ found: number; released: number; moved: number }>(
        `with current as (select id from tickets where id = ? and version = ? for update),
         old as (delete from seat_claims using current where seat_claims.id = current.id returning seat_claims.*),
         claim as (
           insert into seat_claims (${CLAIMED.columns}) select ${CLAIMED.placeholders} from old
           on conflict do nothing returning id
         ),
         restored as (
           insert into seat_claims (${CLAIMED.columns}) select ${CLAIMED.qualified('old')} from old
           where not exists (select 1 from claim) returning id
         ),
         moved as (update tickets set ${UPDATED.assignments} from claim where tickets.id = claim.id returning tickets.id)
         select (select count(*) from current)::int as found, (select count(*) from old)::int as released,
                (select count(*) from moved)::int as moved`,
        [ticket.id, ticket.version - 1, ...claimParams(ticketClaim(ticket)), ...UPDATED.params(ticket)],
      )
      .andThen(([outcome]) => {
        if (!outcome || outcome.found === 0) return errAsync(stale);
        if (outcome.moved === 1) return okAsync(structuredClone(ticket));
        if (outcome.released === 0) throw new Error(`ticket ${ticket.id} held no seat to move from`);
        return errAsync(errors.seatUnavailable([ticket.seatNumber]));
      });
  }

  findOccupying(routeId: string, segment?: Segment): ResultAsync<Ticket[], PersistenceError> {
    if (!isUuid(routeId)) return okAsync([]);
    const overlap = segment ? 'and from_stop_index < ? and ? < to_stop_index' : '';
    const params = segment ? [routeId, segment.toStopIndex, segment.fromStopIndex] : [routeId];
    return this.sql
      .rows<StoredRow>(
        `select ${COLUMNS} from tickets where route_id = ? and status in (${OCCUPYING_SQL}) ${overlap}
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
      .rows<StoredRow>(`select ${COLUMNS} from tickets ${filter} order by created_at, id limit ?`, [
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
   * The core's `holdIsOver`: a hold ends when it runs out or when its segment departs (the stop
   * time of its first stop, else the route's departure), whichever comes first. Only reserved
   * tickets are read (a partial index holds them, and holds are short-lived), each joined to its
   * route.
   */
  findExpiredHolds(now: Instant, limit: number): ResultAsync<Ticket[], PersistenceError> {
    return this.sql
      .rows<StoredRow>(
        `select ${COLUMNS} from (
           select tickets.*, least(tickets.hold_expires_at, ${segmentDepartsAtSql('tickets')}) as hold_ends_at
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
