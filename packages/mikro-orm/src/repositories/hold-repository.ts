import {
  errors,
  type ErrorOf,
  type Hold,
  type HoldRepository,
  type HoldStatus,
  type Instant,
  type PersistenceError,
  type Segment,
  type StaleHold,
} from '@booking/core';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import {
  boolean,
  column,
  ColumnMap,
  type StoredRow,
  instant,
  integer,
  integers,
  text,
  uuid,
} from '../column-map';
import { HoldEntity } from '../entities/hold.entity';
import { isUuid, type Sql } from '../sql';
import { segmentDepartsAtSql } from './segment-departure-sql';
import {
  CLAIM_CTE,
  claimParams,
  freedCte,
  holdClaim,
  TAKEN_SEATS_SQL,
  takenSeatsParams,
} from './seat-claims';

/** The `holds` table, column by column: every statement below takes its columns from here. */
export const HOLD_COLUMNS = new ColumnMap<Hold>(HoldEntity, {
  id: column('id', uuid()),
  routeId: column('route_id', uuid()),
  seatNumbers: column('seat_numbers', integers()),
  fromStopIndex: column('from_stop_index', integer()),
  toStopIndex: column('to_stop_index', integer()),
  ownerId: column('owner_id', text()),
  status: column('status', text<HoldStatus>()),
  expiresAt: column('expires_at', instant()),
  extended: column('extended', boolean()),
  createdAt: column('created_at', instant()),
  updatedAt: column('updated_at', instant()),
  version: column('version', integer()),
});

const COLUMNS = HOLD_COLUMNS.selectList;
const INSERTED = HOLD_COLUMNS.every;
const UPDATED = HOLD_COLUMNS.fieldsExcept('id');
const toHold = HOLD_COLUMNS.read;

/**
 * How often a refused hold looks for the seats that refused it, and finds none (the claim that won
 * was given back meanwhile), before it tries again; then it names all its seats.
 */
const INSERT_ATTEMPTS = 3;

type Placed = ResultAsync<Hold, ErrorOf<'seat_unavailable'> | PersistenceError>;

export class MikroOrmHoldRepository implements HoldRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * The hold's seats are one claim (see `CLAIM_CTE`), inserted with the hold in one statement: all
   * of them or none. A refusal then reads which of its seats are taken, in a statement of its own
   * that sees the claim that won a race against this one.
   */
  insertIfSeatsFree(hold: Hold): Placed {
    return this.insertAttempt(hold, INSERT_ATTEMPTS);
  }

  private insertAttempt(hold: Hold, attemptsLeft: number): Placed {
    return this.sql
      .rows<{ id: string }>(
        `with ${CLAIM_CTE}
         insert into holds (${INSERTED.columns}) select ${INSERTED.placeholders} from claim
         returning id`,
        [...claimParams(holdClaim(hold)), ...INSERTED.params(hold)],
      )
      .andThen((rows): Placed => {
        if (rows.length === 1) return okAsync(structuredClone(hold));
        return this.takenSeats(hold).andThen((taken): Placed => {
          if (taken.length > 0) return errAsync(errors.seatUnavailable(taken));
          if (attemptsLeft > 1) return this.insertAttempt(hold, attemptsLeft - 1);
          return errAsync(errors.seatUnavailable([...hold.seatNumbers]));
        });
      });
  }

  private takenSeats(hold: Hold): ResultAsync<number[], PersistenceError> {
    return this.sql
      .rows<{ seat: number }>(TAKEN_SEATS_SQL, takenSeatsParams(hold.routeId, hold.seatNumbers, hold))
      .map((rows) => rows.map((row) => Number(row.seat)));
  }

  findById(id: string): ResultAsync<Hold | undefined, PersistenceError> {
    if (!isUuid(id)) return okAsync(undefined);
    return this.sql
      .rows<StoredRow>(`select ${COLUMNS} from holds where id = ?`, [id])
      .map((rows) => (rows[0] ? toHold(rows[0]) : undefined));
  }

  /**
   * Optimistic concurrency, as for tickets. A hold that stops being active (released, expired,
   * converted) gives its seats back in the same statement.
   */
  update(hold: Hold): ResultAsync<Hold, StaleHold | PersistenceError> {
    const stale: StaleHold = { kind: 'stale_hold', holdId: hold.id };
    if (!isUuid(hold.id)) return errAsync(stale);
    return this.sql
      .rows<{ id: string }>(
        `with updated as (
           update holds set ${UPDATED.assignments} where id = ? and version = ? returning id, status
         ), ${freedCte(`updated.status = 'active'`)}
         select id from updated`,
        [...UPDATED.params(hold), hold.id, hold.version - 1],
      )
      .andThen((rows) => (rows.length === 1 ? okAsync(structuredClone(hold)) : errAsync(stale)));
  }

  findActive(routeId: string, segment?: Segment): ResultAsync<Hold[], PersistenceError> {
    if (!isUuid(routeId)) return okAsync([]);
    const overlap = segment ? 'and from_stop_index < ? and ? < to_stop_index' : '';
    const params = segment ? [routeId, segment.toStopIndex, segment.fromStopIndex] : [routeId];
    return this.sql
      .rows<StoredRow>(
        `select ${COLUMNS} from holds where route_id = ? and status = 'active' ${overlap}
         order by created_at, id`,
        params,
      )
      .map((rows) => rows.map(toHold));
  }

  countHeldSeats(ownerId: string, now: Instant): ResultAsync<number, PersistenceError> {
    return this.sql
      .rows<{ count: string | number }>(
        `select coalesce(sum(cardinality(seat_numbers)), 0) as count from holds
         where owner_id = ? and status = 'active' and expires_at > ?::timestamptz`,
        [ownerId, now],
      )
      .map((rows) => Number(rows[0]?.count ?? 0));
  }

  /**
   * The core's `holdOver`: a hold ends when it runs out or when its segment departs (the stop time
   * of its first stop, else the route's departure). Only active holds are read (a partial index
   * holds them, and they are few), each looking up its route.
   */
  findDue(now: Instant, limit: number): ResultAsync<Hold[], PersistenceError> {
    return this.sql
      .rows<StoredRow>(
        `select ${COLUMNS} from holds
         where status = 'active'
           and (expires_at <= ?::timestamptz
                or exists (select 1 from routes
                           where routes.id = holds.route_id and ${segmentDepartsAtSql('holds')} <= ?::timestamptz))
         order by expires_at, id limit ?`,
        [now, now, limit],
      )
      .map((rows) => rows.map(toHold));
  }
}
