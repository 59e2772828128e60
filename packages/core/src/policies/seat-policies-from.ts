import { genderAdjacencyPolicy, GENDER_ADJACENCY } from './gender-adjacency';
import { DEFAULT_SALES_CUTOFF_MINUTES, salesCutoffPolicy, SALES_CUTOFF } from './sales-cutoff';
import type { SeatPolicy } from './seat-policy';

/**
 * The built-in rules by name, as a deployment switches them on (e.g. `SEAT_RULES=gender_adjacency`).
 * The limit of unpaid seats per customer is not among them: it is always on (`maxHeldSeats`).
 */
export const SEAT_RULES = [GENDER_ADJACENCY, SALES_CUTOFF] as const;
export type SeatRuleName = (typeof SEAT_RULES)[number];

export interface SeatRuleSettings {
  rules: readonly SeatRuleName[];
  /** For `sales_cutoff` (default `DEFAULT_SALES_CUTOFF_MINUTES`). */
  salesCutoffMinutes?: number;
}

/** The built-in policies for plain settings, in the order the rules are listed. */
export function seatPoliciesFrom(settings: SeatRuleSettings): SeatPolicy[] {
  return [...new Set(settings.rules)].map((rule) => {
    switch (rule) {
      case GENDER_ADJACENCY:
        return genderAdjacencyPolicy();
      case SALES_CUTOFF:
        return salesCutoffPolicy(settings.salesCutoffMinutes ?? DEFAULT_SALES_CUTOFF_MINUTES);
    }
  });
}
