import type { Instant } from './time';

/** What a payer submits. Only the gateway sees it; nothing stores more than the last four digits. */
export interface CardDetails {
  cardNumber: string;
  cardHolderName: string;
  expireMonth: number;
  expireYear: number;
  cvc: string;
}

export interface Payment {
  id: string;
  ticketId: string;
  amount: number;
  currency: string;
  status: 'succeeded';
  last4: string;
  /** The gateway's reference for the charge (for refunds and reconciliation). */
  chargeId: string;
  createdAt: Instant;
}

export function lastFour(cardNumber: string): string {
  return cardNumber.replace(/\D/g, '').slice(-4);
}
