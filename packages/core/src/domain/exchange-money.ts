import type { LedgerEntry } from './ledger';
import { carriedCharge, chargeShares, refundEntry, takeFromShares } from './ledger-shares';
import { toCents, type Cents } from './money';
import type { Ticket } from './ticket';
import type { Instant } from './time';

/** The ledger entries of an exchange, and what goes back to the card. */
export interface ExchangeMoney {
  entries: LedgerEntry[];
  /** Sent back to the card (a cheaper trip); 0 when nothing is. */
  refundCents: Cents;
}

/**
 * What an exchange does to the money the old ticket holds (its charges less refunds, at most its
 * price): to a cheaper trip the difference goes back to the card (`pending` refunds, sent after the
 * commit, no fee); the rest moves to the new ticket, as a refund of the old ticket that nothing sends
 * (`succeeded` at once) and a charge of the new one from the same card charge, both marked as a
 * transfer (`transferTicketId`: the provider moved nothing, and the sales report counts neither as
 * a charge or a refund). So each ticket's ledger adds up to what it holds, each route's net to what
 * it earned, and a later cancellation of the new ticket refunds from the charges that paid for it. A difference charged for a dearer trip
 * is recorded by the caller, who made the charge. A ticket never paid through the ledger (a counter
 * sale) moves nothing.
 */
export function exchangeMoney(
  oldEntries: readonly LedgerEntry[],
  old: Pick<Ticket, 'price'>,
  fresh: Pick<Ticket, 'id' | 'routeId'>,
  differenceCents: Cents,
  next: { id: () => string; now: Instant },
): ExchangeMoney {
  const shares = chargeShares(oldEntries);
  const held = Math.min(
    shares.reduce((sum, share) => sum + share.leftCents, 0),
    toCents(old.price),
  );
  const refundCents = differenceCents < 0 ? Math.min(held, -differenceCents) : 0;
  const { now } = next;
  const refunds = takeFromShares(shares, refundCents).map(({ charge, cents }) =>
    refundEntry(charge, { id: next.id(), amountCents: cents, feeCents: 0, status: 'pending', now }),
  );
  const moved = takeFromShares(shares, held - refundCents).flatMap(({ charge, cents }) => [
    refundEntry(charge, {
      id: next.id(),
      amountCents: cents,
      feeCents: 0,
      status: 'succeeded',
      now,
      transferTo: fresh.id,
    }),
    carriedCharge(charge, fresh, { id: next.id(), amountCents: cents, now }),
  ]);
  return { entries: [...refunds, ...moved], refundCents };
}
