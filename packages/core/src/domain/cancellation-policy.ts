import { err, ok, type Result } from 'neverthrow';
import { percentOf, type Cents } from './money';

/** From `hoursBefore` hours before the segment's departure (inclusive), the fee is `percent` of what was paid. */
export interface FeeTier {
  hoursBefore: number;
  percent: number;
}

/** Tiers from the earliest (most hours before departure) to the latest; the last starts at 0 hours. */
export type CancellationPolicy = readonly FeeTier[];

/** No fee 24 hours or more before departure, 10 % from 2 to 24 hours, 25 % under 2 hours. */
export const DEFAULT_CANCELLATION_POLICY = '24h:0,2h:10,0h:25';

const TIER = /^(\d+(?:\.\d+)?)h:(\d+(?:\.\d{1,2})?)$/;

/**
 * Reads a policy written `<hours>h:<percent>,...` (e.g. `24h:0,2h:10,0h:25`): each tier says the fee
 * from that many hours before departure on. Hours are distinct, percents 0 to 100, and one tier
 * starts at `0h` so that every cancellation has a fee. The answer is the tiers, earliest first.
 */
export function parseCancellationPolicy(text: string): Result<CancellationPolicy, string> {
  const parts = text.split(',').map((part) => part.trim());
  const tiers: FeeTier[] = [];
  for (const part of parts) {
    const match = TIER.exec(part);
    if (!match)
      return err(`"${part}" is not a tier like 24h:0 (hours before departure, then the fee in percent)`);
    const tier = { hoursBefore: Number(match[1]), percent: Number(match[2]) };
    if (tier.percent > 100) return err(`"${part}" charges more than 100 %`);
    if (tiers.some((t) => t.hoursBefore === tier.hoursBefore))
      return err(`${tier.hoursBefore}h appears twice`);
    tiers.push(tier);
  }
  if (!tiers.some((t) => t.hoursBefore === 0))
    return err('one tier must start at 0h (the fee up to departure)');
  return ok(tiers.sort((a, b) => b.hoursBefore - a.hoursBefore));
}

/** The tier that applies `msBefore` milliseconds before departure (after departure: the last one). */
export function feeTier(policy: CancellationPolicy, msBefore: number): FeeTier {
  const hours = msBefore / 3_600_000;
  const tier = policy.find((t) => hours >= t.hoursBefore) ?? policy[policy.length - 1];
  if (!tier) throw new Error('a cancellation policy has at least one tier');
  return tier;
}

/** What a cancellation keeps and gives back of `paid` cents, `msBefore` milliseconds before departure. */
export function cancellationFee(
  policy: CancellationPolicy,
  paid: Cents,
  msBefore: number,
  waived = false,
): { fee: Cents; refund: Cents } {
  const fee = waived ? 0 : percentOf(paid, feeTier(policy, msBefore).percent);
  return { fee, refund: paid - fee };
}
