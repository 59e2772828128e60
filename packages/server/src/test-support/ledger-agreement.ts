import { cancellationFee, type CancellationPolicy } from '@booking/core';
import type { LedgerSnapshot } from './payment-ledger-audit';

/** How many tickets ended in each money state (so a test can see it checked something). */
export interface AgreementCounts {
  confirmedPaid: number;
  cancelledPaid: number;
  unpaid: number;
  /** Attempts charged and then given back in full (their tickets could not be confirmed). */
  refundedAttempts: number;
}

/**
 * Compares our ledger with the gateway's, ticket by ticket, once everything has settled. Answers
 * every disagreement found, as a sentence (none: the two ledgers agree):
 * - no attempt is still pending (or refunding), and no refund;
 * - every gateway charge is one of our attempts, of its amount; a `confirmed` attempt keeps its charge
 *   and has one charge entry per ticket, each the ticket's price, summing to the charge; a `refunded`
 *   attempt's charge was given back in full; a `failed` or `declined` attempt charged nothing;
 * - a confirmed ticket has exactly one kept charge of its price; a cancelled paid ticket kept the
 *   policy's fee (charge - refund = fee); any other ticket (reserved, expired, cancelled unpaid)
 *   keeps no money;
 * - the gateway keeps, in all, exactly the confirmed tickets' prices and the cancelled ones' fees.
 */
export function ledgerDisagreements(
  snapshot: LedgerSnapshot,
  policy: CancellationPolicy,
): { problems: string[]; counts: AgreementCounts } {
  const problems: string[] = [];
  const counts: AgreementCounts = { confirmedPaid: 0, cancelledPaid: 0, unpaid: 0, refundedAttempts: 0 };
  const attempts = new Map(snapshot.attempts.map((a) => [a.id, a]));
  const chargeByKey = new Map(snapshot.charges.map((c) => [c.key, c]));
  const refundByKey = new Map(snapshot.refunds.map((r) => [r.key, r]));
  const refundedOf = (chargeId: string) =>
    snapshot.refunds.filter((r) => r.chargeId === chargeId).reduce((sum, r) => sum + r.amountCents, 0);
  const entriesOf = (ticketId: string, kind: 'charge' | 'refund') =>
    snapshot.entries.filter((e) => e.ticketId === ticketId && e.kind === kind);

  for (const attempt of snapshot.attempts) {
    const charge = chargeByKey.get(attempt.id);
    const label = `attempt ${attempt.id} (${attempt.status})`;
    const unsettled = attempt.status === 'pending' || attempt.status === 'refunding';
    if (unsettled) problems.push(`${label} is not settled`);
    if (attempt.status === 'failed' || attempt.status === 'declined') {
      if (charge) problems.push(`${label} was charged ${charge.amountCents}`);
      continue;
    }
    if (!charge) {
      if (!unsettled) problems.push(`${label} has no charge at the gateway`);
      continue;
    }
    if (charge.amountCents !== attempt.amountCents)
      problems.push(`${label} is for ${attempt.amountCents} but the gateway charged ${charge.amountCents}`);
    const entries = snapshot.entries.filter((e) => e.kind === 'charge' && e.attemptId === attempt.id);
    if (attempt.status === 'refunded') {
      counts.refundedAttempts++;
      if (refundedOf(charge.chargeId) !== charge.amountCents)
        problems.push(`${label}: ${refundedOf(charge.chargeId)} of ${charge.amountCents} given back`);
      if (entries.length > 0) problems.push(`${label} has charge entries`);
    }
    if (attempt.status === 'confirmed') {
      if (attempt.chargeId !== charge.chargeId) problems.push(`${label} names another charge`);
      const shares = attempt.ticketIds.map((id) => entries.filter((e) => e.ticketId === id));
      if (shares.some((share) => share.length !== 1) || entries.length !== attempt.ticketIds.length)
        problems.push(
          `${label} has ${entries.length} charge entries for ${attempt.ticketIds.length} tickets`,
        );
      const sum = entries.reduce((total, e) => total + e.amountCents, 0);
      if (sum !== charge.amountCents)
        problems.push(`${label}: shares sum to ${sum}, charge ${charge.amountCents}`);
      if (refundByKey.has(`${attempt.id}:refund`)) problems.push(`${label} was also refunded in full`);
    }
  }
  for (const charge of snapshot.charges) {
    if (!attempts.has(charge.key)) problems.push(`gateway charge ${charge.chargeId} belongs to no attempt`);
  }
  const refundEntries = new Set(snapshot.entries.filter((e) => e.kind === 'refund').map((e) => e.id));
  for (const refund of snapshot.refunds) {
    const full = refund.key.endsWith(':refund') && attempts.get(refund.key.slice(0, -':refund'.length));
    if (!full && !refundEntries.has(refund.key)) problems.push(`gateway refund ${refund.key} is not ours`);
  }

  let expectedKept = 0;
  for (const ticket of snapshot.tickets) {
    const label = `ticket ${ticket.id} (${ticket.status})`;
    const charges = entriesOf(ticket.id, 'charge');
    const refunds = entriesOf(ticket.id, 'refund');
    const keptBy = (sent: typeof refunds) =>
      charges.reduce((sum, e) => sum + e.amountCents, 0) -
      sent.reduce((sum, e) => sum + (refundByKey.get(e.id)?.amountCents ?? 0), 0);
    if (charges.some((e) => e.status !== 'succeeded')) problems.push(`${label} has a charge not succeeded`);
    if (refunds.some((e) => e.status !== 'succeeded')) problems.push(`${label} has a refund not settled`);
    if (ticket.status === 'confirmed') {
      counts.confirmedPaid++;
      const kept = keptBy(refunds);
      if (charges.length !== 1 || refunds.length > 0 || kept !== ticket.priceCents)
        problems.push(`${label} keeps ${kept} in ${charges.length} charges, price ${ticket.priceCents}`);
      expectedKept += ticket.priceCents;
    } else if (ticket.status === 'cancelled' && charges.length > 0) {
      counts.cancelledPaid++;
      const [charge] = charges;
      const [refund] = refunds;
      if (charges.length !== 1 || refunds.length !== 1 || !charge || !refund) {
        problems.push(`${label} has ${charges.length} charges and ${refunds.length} refunds`);
        continue;
      }
      const msBefore = Date.parse(snapshot.departureAt) - Date.parse(refund.createdAt);
      const { fee } = cancellationFee(policy, charge.amountCents, msBefore);
      const sent = refundByKey.get(refund.id);
      if (refund.feeCents !== fee || refund.amountCents !== charge.amountCents - fee)
        problems.push(
          `${label}: refund ${refund.amountCents} fee ${refund.feeCents}, the policy's fee ${fee}`,
        );
      if ((sent?.amountCents ?? 0) !== refund.amountCents || (sent && sent.chargeId !== charge.chargeId))
        problems.push(`${label}: the gateway refunded ${sent?.amountCents ?? 0} of ${refund.amountCents}`);
      if (keptBy(refunds) !== fee) problems.push(`${label} keeps ${keptBy(refunds)}, the fee is ${fee}`);
      expectedKept += fee;
    } else {
      counts.unpaid++;
      if (charges.length > 0 || refunds.length > 0) problems.push(`${label} has ledger entries`);
      const confirming = snapshot.attempts.filter(
        (a) => a.status === 'confirmed' && a.ticketIds.includes(ticket.id),
      );
      if (confirming.length > 0) problems.push(`${label} is paid by a confirmed attempt`);
    }
  }

  const charged = snapshot.charges.reduce((sum, c) => sum + c.amountCents, 0);
  const refunded = snapshot.refunds.reduce((sum, r) => sum + r.amountCents, 0);
  if (charged - refunded !== expectedKept)
    problems.push(`the gateway keeps ${charged - refunded}; seats and fees account for ${expectedKept}`);
  return { problems, counts };
}
