import { EntitySchema } from '@mikro-orm/core';

/**
 * The sandbox payment gateway's own ledger (`@booking/payments-sandbox`), kept here so sandbox
 * charges survive a restart as a real provider's do. The booking tables never refer to it.
 */
export interface SandboxChargeRow {
  chargeId: string;
  idempotencyKey: string;
  amountCents: string;
  currency: string;
  reference: string;
  last4: string;
  createdAt: Date;
}

export interface SandboxRefundRow {
  refundId: string;
  charge: SandboxChargeRow;
  idempotencyKey: string;
  amountCents: string;
  currency: string;
  createdAt: Date;
}

export const SandboxChargeEntity = new EntitySchema<SandboxChargeRow>({
  name: 'SandboxChargeRow',
  tableName: 'sandbox_gateway_charges',
  properties: {
    chargeId: { type: 'text', primary: true },
    idempotencyKey: { type: 'text', unique: 'sandbox_gateway_charges_idempotency_key_unique' },
    amountCents: { type: 'bigint' },
    currency: { type: 'text' },
    reference: { type: 'text' },
    last4: { type: 'string', length: 4 },
    createdAt: { type: 'datetime', length: 3 },
  },
});

export const SandboxRefundEntity = new EntitySchema<SandboxRefundRow>({
  name: 'SandboxRefundRow',
  tableName: 'sandbox_gateway_refunds',
  properties: {
    refundId: { type: 'text', primary: true },
    charge: {
      kind: 'm:1',
      entity: () => SandboxChargeEntity,
      fieldName: 'charge_id',
      index: 'sandbox_gateway_refunds_charge_index',
    },
    idempotencyKey: { type: 'text', unique: 'sandbox_gateway_refunds_idempotency_key_unique' },
    amountCents: { type: 'bigint' },
    currency: { type: 'text' },
    createdAt: { type: 'datetime', length: 3 },
  },
});
