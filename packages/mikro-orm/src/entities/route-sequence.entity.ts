import { EntitySchema } from '@mikro-orm/core';
import { RouteEntity, type RouteRow } from './route.entity';

/**
 * The per-route seat event counter. Appending events increments it with `update ... returning`,
 * which keeps the row locked until the transaction ends: sequences are gap-free, in commit order.
 */
export interface RouteSequenceRow {
  route: RouteRow;
  lastSequence: number;
}

export const RouteSequenceEntity = new EntitySchema<RouteSequenceRow>({
  name: 'RouteSequenceRow',
  tableName: 'route_sequences',
  properties: {
    route: { kind: 'm:1', entity: () => RouteEntity, primary: true, deleteRule: 'cascade' },
    lastSequence: { type: 'integer', default: 0 },
  },
});
