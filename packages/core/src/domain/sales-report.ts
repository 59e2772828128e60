import { fromCents, type Cents } from './money';
import { isTransfer, type LedgerEntry } from './ledger';

/** Money of one route on one day (UTC, by when the money moved). */
export interface SalesLine {
  routeId: string;
  /** `YYYY-MM-DD`. */
  day: string;
  /** Charged by the provider. */
  charges: number;
  /** Given back by the provider (or on its way). */
  refunds: number;
  /** Cancellation fees kept back from refunds (part of `net` already). */
  fees: number;
  /**
   * Money exchanges moved onto this route's tickets less what they moved off them: no money at the
   * provider, so neither a charge nor a refund; over all routes it adds up to 0.
   */
  moved: number;
  /** Charges minus refunds plus moved: what the operator keeps for this route. */
  net: number;
}

export interface SalesReport {
  from: string;
  to: string;
  currency: string;
  lines: SalesLine[];
  totals: Omit<SalesLine, 'routeId' | 'day'>;
}

interface Sums {
  charges: Cents;
  refunds: Cents;
  fees: Cents;
  moved: Cents;
}

/**
 * Totals per route and day from ledger entries: succeeded charges, and refunds that succeeded or are
 * on their way (a failed refund gave nothing back). Money an exchange moved from one ticket to
 * another is no charge or refund (the provider moved nothing): it counts in `moved`, onto the new
 * ticket's route and off the old one's, so the charges and refunds match the provider's and each
 * route's net is what it earned. Every sum is taken in cents, so the lines add up to the totals
 * exactly. Lines are ordered by day, then route.
 */
export function salesReport(
  entries: readonly LedgerEntry[],
  range: { from: string; to: string },
  currency: string,
): SalesReport {
  const byLine = new Map<string, Sums & { routeId: string; day: string }>();
  const totals: Sums = { charges: 0, refunds: 0, fees: 0, moved: 0 };
  for (const entry of entries) {
    if (entry.status === 'failed' || (entry.kind === 'charge' && entry.status !== 'succeeded')) continue;
    const day = entry.createdAt.slice(0, 10);
    const key = `${day} ${entry.routeId}`;
    const line = byLine.get(key) ?? {
      routeId: entry.routeId,
      day,
      charges: 0,
      refunds: 0,
      fees: 0,
      moved: 0,
    };
    for (const sums of [line, totals]) add(sums, entry);
    byLine.set(key, line);
  }
  const lines = [...byLine.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { routeId, day, ...sums }]) => ({ routeId, day, ...inDecimals(sums) }));
  return { ...range, currency, lines, totals: inDecimals(totals) };
}

function add(sums: Sums, entry: LedgerEntry): void {
  if (isTransfer(entry)) sums.moved += entry.kind === 'charge' ? entry.amountCents : -entry.amountCents;
  else if (entry.kind === 'charge') sums.charges += entry.amountCents;
  else {
    sums.refunds += entry.amountCents;
    sums.fees += entry.feeCents;
  }
}

function inDecimals({ charges, refunds, fees, moved }: Sums): Omit<SalesLine, 'routeId' | 'day'> {
  return {
    charges: fromCents(charges),
    refunds: fromCents(refunds),
    fees: fromCents(fees),
    moved: fromCents(moved),
    net: fromCents(charges - refunds + moved),
  };
}
