import { err, ok, type Result } from 'neverthrow';
import type { NewPassenger } from '../domain/booking';
import { errors, type DomainError } from '../domain/errors';
import { isSingleLineText, SINGLE_LINE_TEXT_RULE } from '../domain/text';
import { GENDERS } from '../domain/ticket';

export const MAX_NAME_LENGTH = 100;
export const MAX_PHONE_LENGTH = 32;
export const MAX_EMAIL_LENGTH = 254;
/** One `@`, a dot in the domain, no spaces: what a mail server can be asked to deliver to. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** One passenger as a transport hands it over, before the core's guard below. */
export type PassengerInput = NewPassenger;

export interface ReserveCommand extends PassengerInput {
  routeId: string;
  fromCity?: string;
  toCity?: string;
}

/** The core's own guard on passenger data (transports validate shapes first, embedders may not). */
export function checkPassenger(input: PassengerInput): Result<PassengerInput, DomainError> {
  const problems: string[] = [];
  if (!Number.isInteger(input.seatNumber)) problems.push('seatNumber is a whole number');
  const name = typeof input.passengerName === 'string' ? input.passengerName.trim() : '';
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
    problems.push(`passengerName has 1 to ${MAX_NAME_LENGTH} characters`);
  } else if (!isSingleLineText(input.passengerName)) {
    problems.push(`passengerName ${SINGLE_LINE_TEXT_RULE}`);
  }
  if (!GENDERS.includes(input.gender)) problems.push(`gender is one of ${GENDERS.join(', ')}`);
  const phone = input.phone?.trim();
  if (phone !== undefined && (phone.length === 0 || phone.length > MAX_PHONE_LENGTH)) {
    problems.push(`phone has 1 to ${MAX_PHONE_LENGTH} characters`);
  } else if (input.phone !== undefined && !isSingleLineText(input.phone)) {
    problems.push(`phone ${SINGLE_LINE_TEXT_RULE}`);
  }
  const email = input.email?.trim();
  if (
    email !== undefined &&
    (email.length > MAX_EMAIL_LENGTH || !EMAIL_SHAPE.test(email) || !isSingleLineText(email))
  ) {
    problems.push(`email is an e-mail address of at most ${MAX_EMAIL_LENGTH} characters`);
  }
  if (problems.length > 0) return err(errors.validationFailed('The passenger is not valid.', problems));
  return ok({
    ...input,
    passengerName: name,
    ...(phone === undefined ? {} : { phone }),
    ...(email === undefined ? {} : { email }),
  });
}

/** Several passengers booked together on one segment, under one PNR. */
export interface GroupReserveCommand {
  routeId: string;
  fromCity?: string;
  toCity?: string;
  passengers: PassengerInput[];
}

/** Passengers for the seats of a seat hold: one per held seat, on the hold's segment. */
export interface HoldBookingCommand {
  holdId: string;
  passengers: PassengerInput[];
}

/** Checks every passenger, the group's size (1..`maxGroupSize`) and that no seat is asked twice. */
export function checkGroup(
  passengers: readonly PassengerInput[],
  maxGroupSize: number,
): Result<PassengerInput[], DomainError> {
  if (!Array.isArray(passengers) || passengers.length < 1 || passengers.length > maxGroupSize) {
    return err(
      errors.validationFailed('The group is not valid.', [
        `passengers lists 1 to ${maxGroupSize} passengers`,
      ]),
    );
  }
  const checked: PassengerInput[] = [];
  const problems: string[] = [];
  passengers.forEach((input, i) => {
    const passenger = checkPassenger(input);
    if (passenger.isOk()) checked.push(passenger.value);
    else problems.push(...issuesOf(passenger.error).map((p) => `passengers.${i}: ${p}`));
  });
  const seats = checked.map((p) => p.seatNumber);
  const repeated = [...new Set(seats.filter((s, i) => seats.indexOf(s) !== i))];
  if (repeated.length > 0) problems.push(`each seat is booked once (asked twice: ${repeated.join(', ')})`);
  if (problems.length > 0) return err(errors.validationFailed('The group is not valid.', problems));
  return ok(checked);
}

function issuesOf(error: DomainError): string[] {
  const details = 'details' in error ? error.details : undefined;
  return Array.isArray(details) ? details.map(String) : [error.message];
}
