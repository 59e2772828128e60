import type { ResultAsync } from 'neverthrow';
import type { CardDetails } from '../domain/payment';

export interface ChargeRequest {
  amount: number;
  currency: string;
  card: CardDetails;
  /** What the charge pays for (the ticket id). */
  reference: string;
}

export interface Charge {
  chargeId: string;
  last4: string;
}

export type GatewayError =
  { kind: 'declined'; reason: string } | { kind: 'gateway_unavailable'; cause?: unknown };

export interface PaymentGateway {
  charge(request: ChargeRequest): ResultAsync<Charge, GatewayError>;
  /** Gives a charge back (when the booking could not be completed after charging). */
  refund(chargeId: string): ResultAsync<void, GatewayError>;
}
