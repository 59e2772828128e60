import { err, ok, type Result } from 'neverthrow';
import { errors, type DomainError } from './errors';
import { toCents, type Cents } from './money';
import type { Ticket } from './ticket';
import type { Instant } from './time';

/** What a payer submits. Only the gateway sees it; nothing stores more than the last four digits. */
export interface CardDetails {
  cardNumber: string;
  cardHolderName: string;
  expireMonth: number;
  expireYear: number;
  cvc: string;
}

/** A payment as its receipt shows it: the attempt that charged, in the wire's decimal amount. */
export interface Payment {
  /** The payment attempt's id. */
  id: string;
  /** The ticket the payer named. */
  ticketId: string;
  amount: number;
  currency: string;
  status: 'succeeded';
  last4: string;
  createdAt: Instant;
}

export function lastFour(cardNumber: string): string {
  return cardNumber.replace(/\D/g, '').slice(-4);
}

/** What one payment for these tickets charges, in whole cents. */
export function amountOf(tickets: readonly Pick<Ticket, 'price'>[]): Cents {
  return tickets.reduce((sum, t) => sum + toCents(t.price), 0);
}

/**
 * Card fields as card forms and payment providers send them: the expiry as numbers or as digit
 * strings ("07", "2030", or "30" for 2030).
 */
export interface CardInput extends Omit<CardDetails, 'expireMonth' | 'expireYear'> {
  expireMonth: number | string;
  expireYear: number | string;
}

/** A month 1 to 12, as a number or one or two digits ("7", "07"); undefined for anything else. */
export function expiryMonthOf(value: number | string): number | undefined {
  const month = wholeNumber(value, /^\d{1,2}$/);
  return month !== undefined && month >= 1 && month <= 12 ? month : undefined;
}

/** A year 2000 to 2099: four digits, or two meaning 20YY ("30", 30); undefined for anything else. */
export function expiryYearOf(value: number | string): number | undefined {
  const year = wholeNumber(value, /^(?:\d{2}|\d{4})$/);
  if (year === undefined) return undefined;
  if (year < 100) return 2000 + year;
  return year >= 2000 && year <= 2099 ? year : undefined;
}

function wholeNumber(value: number | string, digits: RegExp): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  return digits.test(value) ? Number(value) : undefined;
}

/**
 * The card a gateway may be asked to charge: expiry read as numbers (400 `validation_failed` when it
 * is not a month and a year), and not expired at `now` (402 `payment_declined`, `card_expired`).
 */
export function chargeableCard(input: CardInput, now: Instant): Result<CardDetails, DomainError> {
  const expireMonth = expiryMonthOf(input.expireMonth);
  const expireYear = expiryYearOf(input.expireYear);
  if (expireMonth === undefined || expireYear === undefined) {
    return err(errors.validationFailed('The card expiry is not a month (1-12) and a year (2030 or 30).'));
  }
  if (cardExpired(expireMonth, expireYear, now)) return err(errors.paymentDeclined('card_expired'));
  return ok({ ...input, expireMonth, expireYear });
}

/** A card is valid through the last moment of its expiry month (UTC). */
export function cardExpired(expireMonth: number, expireYear: number, now: Instant): boolean {
  // Date.UTC's month is 0-based: `expireMonth` itself is the first moment of the next month.
  return Date.parse(now) >= Date.UTC(expireYear, expireMonth);
}
