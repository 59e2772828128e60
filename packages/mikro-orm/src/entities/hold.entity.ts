import { EntitySchema } from '@mikro-orm/core';
import { RouteEntity, type RouteRow } from './route.entity';

/** A row of `holds`: seats kept for a few minutes from the click (the core's `Hold`). */
export interface HoldRow {
  id: string;
  route: RouteRow;
  seatNumbers: number[];
  fromStopIndex: number;
  toStopIndex: number;
  ownerId: string;
  status: string;
  expiresAt: Date;
  extended: boolean;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const HoldEntity = new EntitySchema<HoldRow>({
  name: 'HoldRow',
  tableName: 'holds',
  properties: {
    id: { type: 'uuid', primary: true },
    route: { kind: 'm:1', entity: () => RouteEntity, deleteRule: 'cascade' },
    seatNumbers: { type: 'unknown', columnType: 'int[]' },
    fromStopIndex: { type: 'integer' },
    toStopIndex: { type: 'integer' },
    ownerId: { type: 'text' },
    status: { type: 'text' },
    expiresAt: { type: 'datetime', length: 3 },
    extended: { type: 'boolean' },
    createdAt: { type: 'datetime', length: 3 },
    updatedAt: { type: 'datetime', length: 3 },
    version: { type: 'integer' },
  },
  // Only active holds are ever searched for, and they are few: partial indexes keep them small.
  indexes: [
    {
      name: 'holds_active_route_index',
      expression: `create index "holds_active_route_index" on "holds" ("route_id") where "status" = 'active'`,
    },
    {
      name: 'holds_active_owner_index',
      expression: `create index "holds_active_owner_index" on "holds" ("owner_id") where "status" = 'active'`,
    },
    {
      name: 'holds_active_expiry_index',
      expression: `create index "holds_active_expiry_index" on "holds" ("expires_at") where "status" = 'active'`,
    },
  ],
});
