/** A charge as the sandbox holds it: no card data but the last four digits. */
export interface SandboxCharge {
  chargeId: string;
  /** The key the charge was made with: a repeat of it answers this charge. */
  idempotencyKey: string;
  amountCents: number;
  currency: string;
  reference: string;
  last4: string;
  createdAt: string;
}

export interface SandboxRefund {
  refundId: string;
  chargeId: string;
  idempotencyKey: string;
  amountCents: number;
  currency: string;
  createdAt: string;
}

/**
 * Where the sandbox keeps its ledger, as a provider keeps its own: in memory by default, or in a
 * database so charges survive a restart (the reference server's is in `@booking/mikro-orm`,
 * `sandboxLedgerStore`). A store that fails throws: the gateway answers `gateway_unavailable`.
 */
export interface SandboxLedgerStore {
  /**
   * Stores `charge` unless a charge with its idempotency key is stored already, and answers the
   * charge stored under the key: the first one wins a race.
   */
  saveCharge(charge: SandboxCharge): Promise<SandboxCharge>;
  findCharge(chargeId: string): Promise<SandboxCharge | undefined>;
  findChargeByKey(idempotencyKey: string): Promise<SandboxCharge | undefined>;
  /**
   * In one atomic step: answers the refund stored under `refund.idempotencyKey` if there is one;
   * else stores `refund` if its charge's refunds stay within the charge, and answers it; else
   * answers `exceeds_charge` and stores nothing. The charge is stored already.
   */
  saveRefund(refund: SandboxRefund): Promise<SandboxRefund | 'exceeds_charge'>;
  findRefundByKey(idempotencyKey: string): Promise<SandboxRefund | undefined>;
  /** A charge's refunds, the oldest first. */
  refundsOf(chargeId: string): Promise<SandboxRefund[]>;
}

/** The default store: the process's memory, gone with it. */
export class InMemorySandboxLedgerStore implements SandboxLedgerStore {
  private readonly charges = new Map<string, SandboxCharge>();
  private readonly chargesByKey = new Map<string, SandboxCharge>();
  private readonly refunds = new Map<string, SandboxRefund>();

  async saveCharge(charge: SandboxCharge): Promise<SandboxCharge> {
    const stored = this.chargesByKey.get(charge.idempotencyKey);
    if (stored) return { ...stored };
    this.charges.set(charge.chargeId, { ...charge });
    this.chargesByKey.set(charge.idempotencyKey, { ...charge });
    return { ...charge };
  }

  async findCharge(chargeId: string): Promise<SandboxCharge | undefined> {
    const charge = this.charges.get(chargeId);
    return charge && { ...charge };
  }

  async findChargeByKey(idempotencyKey: string): Promise<SandboxCharge | undefined> {
    const charge = this.chargesByKey.get(idempotencyKey);
    return charge && { ...charge };
  }

  async saveRefund(refund: SandboxRefund): Promise<SandboxRefund | 'exceeds_charge'> {
    const stored = this.refunds.get(refund.idempotencyKey);
    if (stored) return { ...stored };
    const charge = this.charges.get(refund.chargeId);
    if (!charge) throw new Error(`sandbox refund ${refund.refundId} of a charge never stored`);
    const refunded = this.refundsOfNow(refund.chargeId).reduce((sum, r) => sum + r.amountCents, 0);
    if (refunded + refund.amountCents > charge.amountCents) return 'exceeds_charge';
    this.refunds.set(refund.idempotencyKey, { ...refund });
    return { ...refund };
  }

  async findRefundByKey(idempotencyKey: string): Promise<SandboxRefund | undefined> {
    const refund = this.refunds.get(idempotencyKey);
    return refund && { ...refund };
  }

  async refundsOf(chargeId: string): Promise<SandboxRefund[]> {
    return this.refundsOfNow(chargeId).map((r) => ({ ...r }));
  }

  /** Map order is insertion order: the oldest first. */
  private refundsOfNow(chargeId: string): SandboxRefund[] {
    return [...this.refunds.values()].filter((r) => r.chargeId === chargeId);
  }
}
