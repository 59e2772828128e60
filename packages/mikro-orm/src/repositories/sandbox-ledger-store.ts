import type { Knex } from '@mikro-orm/knex';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { ResultAsync } from 'neverthrow';
import { cents, column, ColumnMap, instant, text, varchar, type StoredRow } from '../column-map';
import { SandboxChargeEntity, SandboxRefundEntity } from '../entities/sandbox-gateway.entity';
import { Sql } from '../sql';

/** A charge of the sandbox gateway, as `@booking/payments-sandbox` hands it to its store. */
export interface SandboxChargeRecord {
  chargeId: string;
  idempotencyKey: string;
  amountCents: number;
  currency: string;
  reference: string;
  last4: string;
  createdAt: string;
}

export interface SandboxRefundRecord {
  refundId: string;
  chargeId: string;
  idempotencyKey: string;
  amountCents: number;
  currency: string;
  createdAt: string;
}

/**
 * The sandbox gateway's `SandboxLedgerStore` (in `@booking/payments-sandbox`; this package does not
 * depend on it, the shapes match): its charges and refunds in the database.
 */
export interface SqlSandboxLedgerStore {
  saveCharge(charge: SandboxChargeRecord): Promise<SandboxChargeRecord>;
  findCharge(chargeId: string): Promise<SandboxChargeRecord | undefined>;
  findChargeByKey(idempotencyKey: string): Promise<SandboxChargeRecord | undefined>;
  saveRefund(refund: SandboxRefundRecord): Promise<SandboxRefundRecord | 'exceeds_charge'>;
  findRefundByKey(idempotencyKey: string): Promise<SandboxRefundRecord | undefined>;
  refundsOf(chargeId: string): Promise<SandboxRefundRecord[]>;
}

export const SANDBOX_CHARGE_COLUMNS = new ColumnMap<SandboxChargeRecord>(SandboxChargeEntity, {
  chargeId: column('charge_id', text()),
  idempotencyKey: column('idempotency_key', text()),
  amountCents: column('amount_cents', cents()),
  currency: column('currency', text()),
  reference: column('reference', text()),
  last4: column('last4', varchar()),
  createdAt: column('created_at', instant()),
});

export const SANDBOX_REFUND_COLUMNS = new ColumnMap<SandboxRefundRecord>(SandboxRefundEntity, {
  refundId: column('refund_id', text()),
  chargeId: column('charge_id', text()),
  idempotencyKey: column('idempotency_key', text()),
  amountCents: column('amount_cents', cents()),
  currency: column('currency', text()),
  createdAt: column('created_at', instant()),
});

const CHARGE = SANDBOX_CHARGE_COLUMNS;
const REFUND = SANDBOX_REFUND_COLUMNS;

/** The store promises; a failed statement throws (the sandbox answers `gateway_unavailable`). */
async function unwrap<T>(result: ResultAsync<T, unknown>): Promise<T> {
  const settled = await result;
  if (settled.isErr()) throw new Error('sandbox ledger store: statement failed', { cause: settled.error });
  return settled.value;
}

/**
 * The sandbox gateway's ledger in `sandbox_gateway_charges` and `sandbox_gateway_refunds`, so that
 * its charges survive a restart of the server as a real provider's do:
 * `new SandboxPaymentGateway({ store: sandboxLedgerStore(storage) })`.
 */
export function sandboxLedgerStore(storage: { orm: MikroORM }): SqlSandboxLedgerStore {
  const connection = storage.orm.em.getConnection();
  const pool = new Sql(connection);
  const one = async <T>(sql: Sql, query: string, params: unknown[], read: (row: StoredRow) => T) => {
    const rows = await unwrap(sql.rows<StoredRow>(query, params));
    return rows[0] ? read(rows[0]) : undefined;
  };
  const chargeWhere = (column: string) => (value: string) =>
    one(
      pool,
      `select ${CHARGE.selectList} from sandbox_gateway_charges where ${column} = ?`,
      [value],
      CHARGE.read,
    );
  const refundByKey = (sql: Sql, idempotencyKey: string) =>
    one(
      sql,
      `select ${REFUND.selectList} from sandbox_gateway_refunds where idempotency_key = ?`,
      [idempotencyKey],
      REFUND.read,
    );
  const findChargeByKey = chargeWhere('idempotency_key');

  /** `work` in one transaction, committed when it returns, rolled back when it throws. */
  async function transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    const trx: Knex.Transaction = await connection.begin();
    try {
      const result = await work(new Sql(connection, trx));
      await connection.commit(trx);
      return result;
    } catch (error) {
      await connection.rollback(trx).catch(() => undefined);
      throw error;
    }
  }

  return {
    async saveCharge(charge) {
      // A racing charge with the same key waits for the first to commit, then inserts nothing;
      // the next statement (a fresh snapshot) reads the one that won.
      await unwrap(
        pool.rows(
          `insert into sandbox_gateway_charges (${CHARGE.every.columns}) values (${CHARGE.every.placeholders})
           on conflict (idempotency_key) do nothing`,
          CHARGE.every.params(charge),
        ),
      );
      const stored = await findChargeByKey(charge.idempotencyKey);
      if (!stored) throw new Error(`sandbox charge ${charge.chargeId} neither stored nor found`);
      return stored;
    },

    findCharge: chargeWhere('charge_id'),
    findChargeByKey,

    saveRefund(refund) {
      // The charge's row lock puts refunds of one charge in a line: each reads the sum of the
      // refunds committed before it.
      return transaction(async (sql) => {
        const charge = await one(
          sql,
          'select amount_cents from sandbox_gateway_charges where charge_id = ? for update',
          [refund.chargeId],
          (row) => Number(row.amount_cents),
        );
        if (charge === undefined)
          throw new Error(`sandbox refund ${refund.refundId} of a charge never stored`);
        const made = await refundByKey(sql, refund.idempotencyKey);
        if (made) return made;
        const refunded = await one(
          sql,
          'select coalesce(sum(amount_cents), 0) as refunded from sandbox_gateway_refunds where charge_id = ?',
          [refund.chargeId],
          (row) => Number(row.refunded),
        );
        if ((refunded ?? 0) + refund.amountCents > charge) return 'exceeds_charge' as const;
        await unwrap(
          sql.rows(
            `insert into sandbox_gateway_refunds (${REFUND.every.columns}) values (${REFUND.every.placeholders})`,
            REFUND.every.params(refund),
          ),
        );
        return { ...refund };
      });
    },

    findRefundByKey: (idempotencyKey) => refundByKey(pool, idempotencyKey),

    async refundsOf(chargeId) {
      const rows = await unwrap(
        pool.rows<StoredRow>(
          `select ${REFUND.selectList} from sandbox_gateway_refunds where charge_id = ? order by created_at, refund_id`,
          [chargeId],
        ),
      );
      return rows.map(REFUND.read);
    },
  };
}
