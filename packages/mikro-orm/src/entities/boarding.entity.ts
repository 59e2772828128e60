import { BOARDING_SOURCES } from '@booking/core';
import { EntitySchema } from '@mikro-orm/core';

/**
 * A row of `boardings`: one passenger on the bus, at most one per ticket (the primary key makes a
 * second scan of a ticket lose). Kept like the audit trail, so ticket and route are not foreign keys.
 */
export interface BoardingRow {
  ticketId: string;
  routeId: string;
  boardedAt: Date;
  scannedBy: string;
  source: string;
}

export const BoardingEntity = new EntitySchema<BoardingRow>({
  name: 'BoardingRow',
  tableName: 'boardings',
  properties: {
    ticketId: { type: 'uuid', primary: true },
    routeId: { type: 'uuid' },
    boardedAt: { type: 'datetime', length: 3 },
    scannedBy: { type: 'text' },
    // A text column with the check constraint `boardings_source_check`.
    source: { enum: true, items: [...BOARDING_SOURCES] },
  },
  indexes: [
    // A departure's boardings (the manifest), the earliest first.
    { name: 'boardings_route_index', properties: ['routeId', 'boardedAt'] },
  ],
});
