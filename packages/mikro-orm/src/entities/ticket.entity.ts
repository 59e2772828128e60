import { OCCUPYING_STATUSES } from '@booking/core';
import { EntitySchema } from '@mikro-orm/core';
import { RouteEntity, type RouteRow } from './route.entity';

/**
 * The core's statuses that hold a seat, as an SQL list: `'reserved', 'confirmed', 'suspended'`.
 * A ticket in one of them has its seat claim (see `seat_claims`); queries for occupying tickets use
 * the same list.
 */
export const OCCUPYING_SQL = OCCUPYING_STATUSES.map((status) => `'${status}'`).join(', ');

export interface TicketRow {
  id: string;
  pnrNumber: string;
  route: RouteRow;
  seatNumber: number;
  fromCity: string;
  toCity: string;
  fromStopIndex: number;
  toStopIndex: number;
  passengerName: string;
  gender: string;
  phone: string | null;
  email: string | null;
  price: string;
  status: string;
  holdExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  ownerId: string;
  issuedBy: string;
  exchangedFromId: string | null;
  exchangedToId: string | null;
  soldForDepartureAt: Date;
  version: number;
}

export const TicketEntity = new EntitySchema<TicketRow>({
  name: 'TicketRow',
  tableName: 'tickets',
  properties: {
    id: { type: 'uuid', primary: true },
    pnrNumber: { type: 'text' },
    route: { kind: 'm:1', entity: () => RouteEntity, deleteRule: 'cascade' },
    seatNumber: { type: 'integer' },
    fromCity: { type: 'text' },
    toCity: { type: 'text' },
    fromStopIndex: { type: 'integer' },
    toStopIndex: { type: 'integer' },
    passengerName: { type: 'text' },
    gender: { type: 'text' },
    phone: { type: 'text', nullable: true },
    email: { type: 'text', nullable: true },
    price: { type: 'decimal', precision: 10, scale: 2 },
    status: { type: 'text' },
    holdExpiresAt: { type: 'datetime', length: 3, nullable: true },
    createdAt: { type: 'datetime', length: 3 },
    updatedAt: { type: 'datetime', length: 3 },
    ownerId: { type: 'text' },
    issuedBy: { type: 'text' },
    // Not foreign keys: an exchange writes both tickets in one unit of work, in whichever order.
    exchangedFromId: { type: 'uuid', nullable: true },
    exchangedToId: { type: 'uuid', nullable: true },
    soldForDepartureAt: { type: 'datetime', length: 3 },
    version: { type: 'integer' },
  },
  indexes: [
    { name: 'tickets_route_index', properties: ['route', 'seatNumber'] },
    { name: 'tickets_created_at_index', properties: ['createdAt', 'id'] },
    { name: 'tickets_owner_index', properties: ['ownerId', 'createdAt'] },
    { name: 'tickets_pnr_index', properties: ['pnrNumber'] },
    {
      name: 'tickets_hold_expiry_index',
      expression: `create index "tickets_hold_expiry_index" on "tickets" ("hold_expires_at") where "status" = 'reserved'`,
    },
  ],
});
