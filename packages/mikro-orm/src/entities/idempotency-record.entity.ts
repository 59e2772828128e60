import { EntitySchema } from '@mikro-orm/core';

/** The first answer to a request with an `Idempotency-Key`; the primary key makes the key single-use. */
export interface IdempotencyRow {
  scope: string;
  key: string;
  fingerprint: string;
  response: unknown;
  createdAt: Date;
}

export const IdempotencyEntity = new EntitySchema<IdempotencyRow>({
  name: 'IdempotencyRow',
  tableName: 'idempotency_records',
  properties: {
    scope: { type: 'text', primary: true },
    key: { type: 'text', primary: true },
    fingerprint: { type: 'text' },
    response: { type: 'json' },
    createdAt: { type: 'datetime', length: 3 },
  },
});
