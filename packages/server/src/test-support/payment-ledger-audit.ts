import { openStorage, type MikroOrmStorage, type StorageTarget } from '@booking/mikro-orm';

/** What the database holds of one route's money: our ledger and the sandbox gateway's, side by side. */
export interface LedgerSnapshot {
  departureAt: string;
  tickets: { id: string; status: string; priceCents: number }[];
  attempts: {
    id: string;
    ticketIds: string[];
    amountCents: number;
    status: string;
    chargeId: string | null;
  }[];
  entries: {
    id: string;
    attemptId: string;
    ticketId: string;
    kind: 'charge' | 'refund';
    amountCents: number;
    feeCents: number;
    status: string;
    chargeId: string;
    createdAt: string;
  }[];
  /** The gateway's charges; `key` is the idempotency key it was made with (our attempt's id). */
  charges: { chargeId: string; key: string; amountCents: number }[];
  /** The gateway's refunds; `key` is ours: `<attempt id>:refund` or a refund entry's id. */
  refunds: { chargeId: string; key: string; amountCents: number }[];
}

/** What a crash left open, read before any process has had the chance to settle it. */
export interface OpenPayments {
  /** Attempts not settled yet: `pending` (or `refunding`, a full refund claimed but not recorded). */
  unsettled: string[];
  /** Of those, the ones the gateway did charge: the crash fell between the charge and our commit. */
  chargedButUnsettled: string[];
  /** Refund entries, and those of them not yet confirmed by the gateway. */
  refunds: number;
  pendingRefunds: number;
}

/**
 * Straight SQL over the payment ledger (`payment_attempts`, `ledger_entries`) and the sandbox
 * gateway's own tables (`sandbox_gateway_charges`, `sandbox_gateway_refunds`), to compare what we
 * recorded with what the provider holds without asking the server.
 */
export class PaymentLedgerAudit {
  private constructor(private readonly storage: MikroOrmStorage) {}

  /** A PostgreSQL URL, or an embedded database's directory (only while no server has it open). */
  static async open(target: string | StorageTarget): Promise<PaymentLedgerAudit> {
    const storage = typeof target === 'string' ? { url: target } : target;
    return new PaymentLedgerAudit(await openStorage(storage, { migrate: false, poolSize: 1 }));
  }

  private async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.storage.orm.em.getConnection().execute(sql, params, 'all')) as T[];
  }

  async openPayments(): Promise<OpenPayments> {
    const attempts = await this.rows<{ id: string; charged: boolean }>(
      `select a.id, exists (select 1 from sandbox_gateway_charges c where c.idempotency_key = a.id::text) as charged
         from payment_attempts a where a.status in ('pending', 'refunding')`,
    );
    const [refunds] = await this.rows<{ total: string; pending: string }>(
      `select count(*) as total, count(*) filter (where status = 'pending') as pending
         from ledger_entries where kind = 'refund'`,
    );
    return {
      unsettled: attempts.map((a) => a.id),
      chargedButUnsettled: attempts.filter((a) => a.charged).map((a) => a.id),
      refunds: Number(refunds?.total),
      pendingRefunds: Number(refunds?.pending),
    };
  }

  /** Whether the gateway has charged for `ticketId` (its charge's reference is the first ticket paid). */
  async chargedFor(ticketId: string): Promise<boolean> {
    const rows = await this.rows(`select 1 from sandbox_gateway_charges where reference = ?`, [ticketId]);
    return rows.length > 0;
  }

  /** The route's tickets and every attempt, entry, charge and refund of the database (one route's test). */
  async snapshot(routeId: string): Promise<LedgerSnapshot> {
    const [route] = await this.rows<{ departure_at: Date }>(`select departure_at from routes where id = ?`, [
      routeId,
    ]);
    if (!route) throw new Error(`route ${routeId} not found`);
    const tickets = await this.rows<{ id: string; status: string; price_cents: string }>(
      `select id, status, (price * 100)::bigint as price_cents from tickets where route_id = ?`,
      [routeId],
    );
    const attempts = await this.rows<{
      id: string;
      ticket_ids: string[];
      amount_cents: string;
      status: string;
      charge_id: string | null;
    }>(`select id, to_json(ticket_ids) as ticket_ids, amount_cents, status, charge_id from payment_attempts`);
    const entries = await this.rows<{
      id: string;
      attempt_id: string;
      ticket_id: string;
      kind: 'charge' | 'refund';
      amount_cents: string;
      fee_cents: string;
      status: string;
      charge_id: string;
      created_at: Date;
    }>(
      `select id, attempt_id, ticket_id, kind, amount_cents, fee_cents, status, charge_id, created_at
         from ledger_entries`,
    );
    const charges = await this.rows<{ charge_id: string; idempotency_key: string; amount_cents: string }>(
      `select charge_id, idempotency_key, amount_cents from sandbox_gateway_charges`,
    );
    const refunds = await this.rows<{ charge_id: string; idempotency_key: string; amount_cents: string }>(
      `select charge_id, idempotency_key, amount_cents from sandbox_gateway_refunds`,
    );
    return {
      departureAt: new Date(route.departure_at).toISOString(),
      tickets: tickets.map((t) => ({ id: t.id, status: t.status, priceCents: Number(t.price_cents) })),
      attempts: attempts.map((a) => ({
        id: a.id,
        ticketIds: a.ticket_ids,
        amountCents: Number(a.amount_cents),
        status: a.status,
        chargeId: a.charge_id,
      })),
      entries: entries.map((e) => ({
        id: e.id,
        attemptId: e.attempt_id,
        ticketId: e.ticket_id,
        kind: e.kind,
        amountCents: Number(e.amount_cents),
        feeCents: Number(e.fee_cents),
        status: e.status,
        chargeId: e.charge_id,
        createdAt: new Date(e.created_at).toISOString(),
      })),
      charges: charges.map((c) => ({
        chargeId: c.charge_id,
        key: c.idempotency_key,
        amountCents: Number(c.amount_cents),
      })),
      refunds: refunds.map((r) => ({
        chargeId: r.charge_id,
        key: r.idempotency_key,
        amountCents: Number(r.amount_cents),
      })),
    };
  }

  close(): Promise<void> {
    return this.storage.close();
  }
}
