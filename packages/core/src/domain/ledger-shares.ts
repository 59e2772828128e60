import type { EntryStatus, LedgerEntry } from './ledger';
import type { Cents } from './money';
import type { Ticket } from './ticket';
import type { Instant } from './time';

/**
 * One card charge behind a ticket, and how much of it is still the ticket's: its charge entries
 * less what was refunded from it (or kept as a fee). A ticket has more than one after an exchange to
 * a dearer trip (its first payment, moved over, and the difference).
 */
export interface ChargeShare {
  /** The ticket's first entry of this charge: the template of any entry that moves its money. */
  charge: LedgerEntry;
  leftCents: Cents;
}

/** A ticket's charges (succeeded), in the order they were made, each with what is left of it. */
export function chargeShares(entries: readonly LedgerEntry[]): ChargeShare[] {
  const shares = new Map<string, ChargeShare>();
  for (const entry of entries) {
    if (entry.kind !== 'charge' || entry.status !== 'succeeded') continue;
    const share = shares.get(entry.chargeId);
    if (share) share.leftCents += entry.amountCents;
    else shares.set(entry.chargeId, { charge: entry, leftCents: entry.amountCents });
  }
  for (const entry of entries) {
    const share = shares.get(entry.chargeId);
    if (entry.kind === 'refund' && entry.status !== 'failed' && share) {
      share.leftCents -= entry.amountCents + entry.feeCents;
    }
  }
  return [...shares.values()].filter((share) => share.leftCents > 0);
}

/**
 * `cents` taken from the shares, the oldest charge first: what each charge gives. The shares are
 * left with the rest. Taking more than they hold is a bug in the caller's sums.
 */
export function takeFromShares(shares: ChargeShare[], cents: Cents): { charge: LedgerEntry; cents: Cents }[] {
  const taken: { charge: LedgerEntry; cents: Cents }[] = [];
  let wanted = cents;
  for (const share of shares) {
    if (wanted === 0) break;
    const part = Math.min(share.leftCents, wanted);
    if (part === 0) continue;
    share.leftCents -= part;
    wanted -= part;
    taken.push({ charge: share.charge, cents: part });
  }
  if (wanted > 0) throw new Error(`${wanted} cents more than the charges hold were taken`);
  return taken;
}

/** What one card charge gives when a ticket is cancelled: `refundCents` back, `feeCents` kept. */
export interface RefundPart {
  charge: LedgerEntry;
  refundCents: Cents;
  feeCents: Cents;
}

/**
 * A cancellation's refund and fee spread over the ticket's charges: the refund from the oldest
 * first, then the fee from what is left, so every charge gives exactly what it still holds of the
 * ticket (what it paid = refunded + fees kept + what is still the ticket's), and none gives more.
 * One part per charge that gives anything, in the order of the charges.
 */
export function splitRefund(shares: ChargeShare[], refundCents: Cents, feeCents: Cents): RefundPart[] {
  const parts = new Map<string, RefundPart>();
  const partOf = (charge: LedgerEntry) => {
    const part = parts.get(charge.chargeId) ?? { charge, refundCents: 0, feeCents: 0 };
    parts.set(charge.chargeId, part);
    return part;
  };
  for (const { charge, cents } of takeFromShares(shares, refundCents)) partOf(charge).refundCents += cents;
  for (const { charge, cents } of takeFromShares(shares, feeCents)) partOf(charge).feeCents += cents;
  return [...parts.values()];
}

/** A refund from `charge` (of the same ticket), or a fee kept from it; `transferTo` when an exchange moved it. */
export function refundEntry(
  charge: LedgerEntry,
  move: {
    id: string;
    amountCents: Cents;
    feeCents: Cents;
    status: EntryStatus;
    now: Instant;
    transferTo?: string;
  },
): LedgerEntry {
  return {
    ...charge,
    id: move.id,
    kind: 'refund',
    amountCents: move.amountCents,
    feeCents: move.feeCents,
    status: move.status,
    transferTicketId: move.transferTo ?? null,
    createdAt: move.now,
    updatedAt: move.now,
  };
}

/**
 * `charge`'s money carried over from its ticket to another (an exchange): a charge entry of that
 * ticket, marked as moved from `charge`'s ticket (the provider charged nothing new).
 */
export function carriedCharge(
  charge: LedgerEntry,
  to: Pick<Ticket, 'id' | 'routeId'>,
  move: { id: string; amountCents: Cents; now: Instant },
): LedgerEntry {
  return {
    ...charge,
    id: move.id,
    ticketId: to.id,
    routeId: to.routeId,
    kind: 'charge',
    amountCents: move.amountCents,
    feeCents: 0,
    status: 'succeeded',
    transferTicketId: charge.ticketId,
    createdAt: move.now,
    updatedAt: move.now,
  };
}
