import type { ResultAsync } from 'neverthrow';
import type { CardDetails } from '../domain/payment';

/** Amounts are whole cents (the currency's minor unit), as payment providers take them. */
export interface ChargeRequest {
  amountCents: number;
  currency: string;
  card: CardDetails;
  /** What the charge pays for (the first ticket's id). */
  reference: string;
  /**
   * The payment attempt's id, committed before the call: the provider charges a key once, and
   * answers a repeat with the first charge, so a retry after a crash never charges twice.
   */
  idempotencyKey: string;
}

export interface Charge {
  chargeId: string;
  last4: string;
  amountCents: number;
  currency: string;
  /** How much of it has been refunded so far (0 for a new charge). */
  refundedCents: number;
}

export interface RefundRequest {
  chargeId: string;
  /** At most what is left of the charge; a partial refund keeps the rest (a cancellation fee). */
  amountCents: number;
  currency: string;
  /** The refund's ledger entry id: a repeat refunds once. */
  idempotencyKey: string;
}

export interface Refund {
  refundId: string;
}

export type GatewayError =
  { kind: 'declined'; reason: string } | { kind: 'gateway_unavailable'; cause?: unknown };

/**
 * A payment provider. Every call may be repeated with the same idempotency key after a timeout or
 * a crash, and must then have had its effect exactly once.
 */
export interface PaymentGateway {
  charge(request: ChargeRequest): ResultAsync<Charge, GatewayError>;
  refund(request: RefundRequest): ResultAsync<Refund, GatewayError>;
  /**
   * The charge made with this idempotency key, or undefined if the provider never made one: how
   * reconciliation learns what happened to an attempt whose answer was lost.
   */
  findCharge(idempotencyKey: string): ResultAsync<Charge | undefined, GatewayError>;
}
