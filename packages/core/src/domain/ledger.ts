import { fromCents, toCents, type Cents } from './money';
import type { Ticket } from './ticket';
import type { Instant } from './time';

/**
 * One try at paying for tickets, committed before the gateway is called: its id is the idempotency
 * key the gateway sees. `pending` until the charge's outcome is known and recorded: `confirmed`
 * (charged, tickets confirmed), `declined`, `failed` (the gateway never charged), or `refunding`
 * then `refunded` (charged, but the tickets could not be confirmed, so the whole charge goes back:
 * `refunding` is claimed before the gateway is asked, so one process gives it back, and once).
 */
export const ATTEMPT_STATUSES = [
  'pending',
  'confirmed',
  'declined',
  'failed',
  'refunding',
  'refunded',
] as const;
/** Attempts reconciliation still has to settle. */
export const UNSETTLED_ATTEMPT_STATUSES = [
  'pending',
  'refunding',
] as const satisfies readonly AttemptStatus[];
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

export interface PaymentAttempt {
  id: string;
  ownerId: string;
  /** The tickets it pays, ascending by seat; the first is the one the payer named. */
  ticketIds: string[];
  amountCents: Cents;
  currency: string;
  status: AttemptStatus;
  /** The gateway's charge, once known. */
  chargeId: string | null;
  last4: string | null;
  createdAt: Instant;
  updatedAt: Instant;
  version: number;
}

export const ENTRY_KINDS = ['charge', 'refund'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** A refund is `pending` from the cancellation's commit until the gateway has given the money back. */
export const ENTRY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/**
 * One movement of money for one ticket. A charge that paid a group is split into one charge entry
 * per ticket, each the ticket's price: the shares sum to the charge exactly, with no rounding.
 */
export interface LedgerEntry {
  id: string;
  attemptId: string;
  ticketId: string;
  routeId: string;
  kind: EntryKind;
  /** Always positive: what moved. */
  amountCents: Cents;
  /** On a refund: the cancellation fee kept back; 0 otherwise. */
  feeCents: Cents;
  currency: string;
  status: EntryStatus;
  chargeId: string;
  last4: string | null;
  /**
   * Set on money an exchange moved from one ticket to another, which never reached the provider:
   * on the old ticket's `refund` the ticket it moved to, on the new ticket's `charge` the ticket it
   * came from. Null on money that moved at the provider (charges and refunds of a card).
   */
  transferTicketId: string | null;
  createdAt: Instant;
  updatedAt: Instant;
}

/** Whether the entry is money an exchange moved between two tickets, not money of the provider. */
export function isTransfer(entry: Pick<LedgerEntry, 'transferTicketId'>): boolean {
  return entry.transferTicketId !== null;
}

/** The charge entries of a confirmed attempt: each ticket's price, summing to the charge. */
export function chargeEntries(
  attempt: PaymentAttempt,
  tickets: readonly Pick<Ticket, 'id' | 'routeId' | 'price'>[],
  entryIds: readonly string[],
  now: Instant,
): LedgerEntry[] {
  if (attempt.chargeId === null) throw new Error(`attempt ${attempt.id} has no charge to record`);
  const entries = tickets.map((ticket, i): LedgerEntry => ({
    id: entryIds[i] as string,
    attemptId: attempt.id,
    ticketId: ticket.id,
    routeId: ticket.routeId,
    kind: 'charge',
    amountCents: toCents(ticket.price),
    feeCents: 0,
    currency: attempt.currency,
    status: 'succeeded',
    chargeId: attempt.chargeId as string,
    last4: attempt.last4,
    transferTicketId: null,
    createdAt: now,
    updatedAt: now,
  }));
  const total = entries.reduce((sum, e) => sum + e.amountCents, 0);
  if (total !== attempt.amountCents) {
    throw new Error(`attempt ${attempt.id} charged ${attempt.amountCents} cents for tickets worth ${total}`);
  }
  return entries;
}

/**
 * What a ticket has paid and got back: succeeded charges, and refunds succeeded or on their way.
 * Money an exchange moved counts like the rest here (a charge of the new ticket, a refund of the
 * old one): this is what the ticket holds, whichever way its money came or went.
 */
export function balanceOf(entries: readonly LedgerEntry[]): { paid: Cents; refunded: Cents; fees: Cents } {
  const counted = entries.filter((e) => e.status !== 'failed');
  const sum = (kind: EntryKind, field: 'amountCents' | 'feeCents') =>
    counted.filter((e) => e.kind === kind).reduce((total, e) => total + e[field], 0);
  return {
    paid: sum('charge', 'amountCents'),
    refunded: sum('refund', 'amountCents'),
    fees: sum('refund', 'feeCents'),
  };
}

/**
 * An entry as `GET /tickets/:id/payments` tells it: money an exchange moved is `moved_in` (from the
 * ticket it was exchanged from) or `moved_out` (to the ticket it was exchanged into), never a
 * `charge` or `refund` of the card.
 */
export const PAYMENT_ENTRY_KINDS = ['charge', 'refund', 'moved_in', 'moved_out'] as const;
export type PaymentEntryKind = (typeof PAYMENT_ENTRY_KINDS)[number];

/** The contract's view of one ticket's money. */
export interface TicketPayments {
  ticketId: string;
  currency: string;
  /** Its charges, and the money moved in from the ticket it was exchanged from. */
  paid: number;
  /** Given back to the card (succeeded or on its way). */
  refunded: number;
  /** Moved to the ticket it was exchanged into. */
  moved: number;
  entries: {
    id: string;
    kind: PaymentEntryKind;
    amount: number;
    status: EntryStatus;
    createdAt: Instant;
    last4?: string;
    /** On `moved_out`: the ticket the money went to. */
    movedTo?: string;
    /** On `moved_in`: the ticket the money came from. */
    movedFrom?: string;
  }[];
}

export function ticketPayments(
  ticketId: string,
  currency: string,
  entries: readonly LedgerEntry[],
): TicketPayments {
  const { paid } = balanceOf(entries);
  const refunds = entries.filter((e) => e.kind === 'refund' && e.status !== 'failed');
  const sum = (keep: (e: LedgerEntry) => boolean) =>
    refunds.filter(keep).reduce((total, e) => total + e.amountCents, 0);
  return {
    ticketId,
    currency,
    paid: fromCents(paid),
    refunded: fromCents(sum((e) => !isTransfer(e))),
    moved: fromCents(sum(isTransfer)),
    entries: entries.map((e) => ({
      id: e.id,
      kind: viewKind(e),
      amount: fromCents(e.amountCents),
      status: e.status,
      createdAt: e.createdAt,
      ...(e.last4 ? { last4: e.last4 } : {}),
      ...(e.transferTicketId === null
        ? {}
        : e.kind === 'refund'
          ? { movedTo: e.transferTicketId }
          : { movedFrom: e.transferTicketId }),
    })),
  };
}

function viewKind(entry: LedgerEntry): PaymentEntryKind {
  if (!isTransfer(entry)) return entry.kind;
  return entry.kind === 'refund' ? 'moved_out' : 'moved_in';
}
