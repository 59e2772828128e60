/**
 * Money in cents. Prices travel as decimal numbers with at most two decimals (19.99), which binary
 * floating point cannot add exactly (3 x 19.99 = 59.970000000000006). Every sum, share and fee is
 * computed on whole cents instead, and turned back into a decimal only for the wire.
 */
export type Cents = number;

/**
 * Whether a decimal amount has at most two decimals: it is the double nearest to its own value
 * rounded to cents (19.99 is, though 19.99 * 100 is 1998.9999999999998; 0.001 is not).
 */
export function hasWholeCents(amount: number): boolean {
  return Number.isFinite(amount) && Math.abs(amount) < 1e15 && Number(amount.toFixed(2)) === amount;
}

/** A price with at most two decimals, in whole cents. */
export function toCents(amount: number): Cents {
  if (!hasWholeCents(amount)) throw new RangeError(`${amount} is not an amount with at most two decimals`);
  return Math.round(amount * 100);
}

/** Whole cents as the decimal the wire carries (1999 -> 19.99, the nearest double to it). */
export function fromCents(cents: Cents): number {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`${cents} is not a whole number of cents`);
  return cents / 100;
}

/** The sum of decimal amounts, exact to the cent. */
export function sumAmounts(amounts: readonly number[]): number {
  return fromCents(amounts.reduce((sum, amount) => sum + toCents(amount), 0));
}

/**
 * `percent` of `cents`, rounded half up to a whole cent (the passenger's favour is not in play: a
 * fee of 2.5 cents is 3 cents, the same rule every time). `percent` may have two decimals.
 */
export function percentOf(cents: Cents, percent: number): Cents {
  // In hundredths of a percent, so 12.5 % of 199 cents is 199 * 1250 / 10000 exactly.
  const basisPoints = Math.round(percent * 100);
  return Math.floor((cents * basisPoints + 5_000) / 10_000);
}
