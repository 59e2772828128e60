import type { RefundJson } from '@booking/client';

/** What cancelling gave back, summed in cents over the cancelled tickets; empty when none was paid for. */
export function refundText(cancelled: readonly { refund?: RefundJson }[]): string {
  const refunds = cancelled.flatMap((ticket) => (ticket.refund ? [ticket.refund] : []));
  const first = refunds[0];
  if (!first) return '';
  const cents = (pick: (refund: RefundJson) => number) =>
    refunds.reduce((sum, refund) => sum + Math.round(pick(refund) * 100), 0);
  const money = (total: number) => `${(total / 100).toFixed(2)} ${first.currency}`;
  const fee = cents((r) => r.fee);
  return `Refunded ${money(cents((r) => r.amount))} to your card${
    fee > 0 ? `; cancellation fee ${money(fee)}.` : ', no cancellation fee.'
  }`;
}
