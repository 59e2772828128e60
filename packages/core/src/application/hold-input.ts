import { err, ok, type Result } from 'neverthrow';
import { errors, type DomainError } from '../domain/errors';
import type { SeatPreferences } from '../domain/seat-choice';
import { GENDERS } from '../domain/ticket';

/** Where to hold, and either the seats themselves or how many for the server to choose. */
export type HoldCommand = { routeId: string; fromCity?: string; toCity?: string } & (
  | { seatNumbers: number[]; quantity?: undefined; preferences?: undefined }
  | { quantity: number; preferences?: SeatPreferences; seatNumbers?: undefined }
);

/** What to hold once checked: named seats, or a count with preferences. */
export type SeatsWanted =
  | { kind: 'named'; seatNumbers: number[] }
  | { kind: 'chosen'; quantity: number; preferences: SeatPreferences };

/**
 * The core's guard on a hold request (transports validate shapes first, embedders may not): 1 to
 * `maxGroupSize` seats, each a whole number and asked once, or a quantity in the same bounds.
 */
export function checkHoldCommand(
  command: HoldCommand,
  maxGroupSize: number,
): Result<SeatsWanted, DomainError> {
  const problems: string[] = [];
  const size = `1 to ${maxGroupSize}`;
  if (command.seatNumbers !== undefined) {
    const seats = command.seatNumbers;
    if (!Array.isArray(seats) || seats.length < 1 || seats.length > maxGroupSize) {
      problems.push(`seatNumbers lists ${size} seats`);
    } else if (!seats.every(Number.isInteger)) {
      problems.push('seatNumbers are whole numbers');
    } else {
      const repeated = [...new Set(seats.filter((s, i) => seats.indexOf(s) !== i))];
      if (repeated.length > 0) problems.push(`each seat is held once (asked twice: ${repeated.join(', ')})`);
    }
    if (problems.length > 0) return err(errors.validationFailed('The hold is not valid.', problems));
    return ok({ kind: 'named', seatNumbers: [...seats] });
  }
  const { quantity, preferences = {} } = command;
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > maxGroupSize) {
    problems.push(`give seatNumbers, or a quantity from ${size}`);
  }
  if (preferences.position !== undefined && !['window', 'aisle'].includes(preferences.position)) {
    problems.push('preferences.position is window or aisle');
  }
  if (preferences.deck !== undefined && ![1, 2].includes(preferences.deck))
    problems.push('preferences.deck is 1 or 2');
  if (preferences.gender !== undefined && !GENDERS.includes(preferences.gender)) {
    problems.push(`preferences.gender is one of ${GENDERS.join(', ')}`);
  }
  if (problems.length > 0) return err(errors.validationFailed('The hold is not valid.', problems));
  return ok({ kind: 'chosen', quantity, preferences });
}
