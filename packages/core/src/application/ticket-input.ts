import { err, ok, type Result } from 'neverthrow';
import type { NewPassenger } from '../domain/booking';
import { errors, type DomainError } from '../domain/errors';
import { isSingleLineText, SINGLE_LINE_TEXT_RULE } from '../domain/text';
import { GENDERS } from '../domain/ticket';
import type { TicketCorrection } from '../domain/ticket-correction';

export const MAX_NAME_LENGTH = 100;
export const MAX_PHONE_LENGTH = 32;
export const MAX_EMAIL_LENGTH = 254;
/** The longest reason staff may give for a correction. */
export const MAX_REASON_LENGTH = 500;
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
  problems.push(...nameProblems(input.passengerName));
  if (!GENDERS.includes(input.gender)) problems.push(`gender is one of ${GENDERS.join(', ')}`);
  problems.push(...contactProblems(input));
  if (problems.length > 0) return err(errors.validationFailed('The passenger is not valid.', problems));
  return ok({ ...input, ...cleanContact(input) });
}

/** The name, phone and e-mail of a passenger, or of a correction (where the name may be left out). */
interface ContactInput {
  passengerName?: string;
  phone?: string;
  email?: string;
}

/** What is wrong with a passenger's name. */
function nameProblems(passengerName: unknown): string[] {
  const name = typeof passengerName === 'string' ? passengerName.trim() : '';
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
    return [`passengerName has 1 to ${MAX_NAME_LENGTH} characters`];
  }
  // The name as sent: a line break at its end is refused, not trimmed away.
  return isSingleLineText(passengerName as string) ? [] : [`passengerName ${SINGLE_LINE_TEXT_RULE}`];
}

/** What is wrong with the phone and e-mail given (each may be left out). */
function contactProblems(input: ContactInput): string[] {
  const problems: string[] = [];
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
  return problems;
}

/** The given name, phone and e-mail trimmed (those left out stay out). */
function cleanContact(input: ContactInput): ContactInput {
  const phone = input.phone?.trim();
  const email = input.email?.trim();
  return {
    ...(input.passengerName === undefined ? {} : { passengerName: input.passengerName.trim() }),
    ...(phone === undefined ? {} : { phone }),
    ...(email === undefined ? {} : { email }),
  };
}

/** What staff send to correct a ticket: each field optional; `null` removes a phone or an e-mail. */
export interface CorrectionInput {
  passengerName?: string;
  phone?: string | null;
  email?: string | null;
  /** Why, for the audit trail. */
  reason?: string;
}

/**
 * A correction checked like the passenger at booking (the same rules for the name, phone and
 * e-mail), with at least one field to correct, and an optional one-line reason.
 */
export function checkCorrection(
  input: CorrectionInput,
): Result<TicketCorrection & { reason?: string }, DomainError> {
  const given = {
    ...(input.passengerName === undefined ? {} : { passengerName: input.passengerName }),
    ...(input.phone === undefined || input.phone === null ? {} : { phone: input.phone }),
    ...(input.email === undefined || input.email === null ? {} : { email: input.email }),
  };
  const problems = [
    ...(given.passengerName === undefined ? [] : nameProblems(given.passengerName)),
    ...contactProblems(given),
  ];
  if (input.passengerName === undefined && input.phone === undefined && input.email === undefined) {
    problems.push('give passengerName, phone or email to correct');
  }
  const reason = typeof input.reason === 'string' ? input.reason.trim() : undefined;
  if (
    input.reason !== undefined &&
    (reason === undefined ||
      reason.length === 0 ||
      reason.length > MAX_REASON_LENGTH ||
      !isSingleLineText(reason))
  ) {
    problems.push(`reason has 1 to ${MAX_REASON_LENGTH} characters on one line`);
  }
  if (problems.length > 0) return err(errors.validationFailed('The correction is not valid.', problems));
  return ok({
    ...cleanContact(given),
    ...(input.phone === null ? { phone: null } : {}),
    ...(input.email === null ? { email: null } : {}),
    ...(reason === undefined ? {} : { reason }),
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
