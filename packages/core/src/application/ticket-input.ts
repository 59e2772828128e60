import { err, ok, type Result } from 'neverthrow';
import { errors, type DomainError } from '../domain/errors';
import { GENDERS, type Gender } from '../domain/ticket';

export const MAX_NAME_LENGTH = 100;
export const MAX_PHONE_LENGTH = 32;

export interface PassengerInput {
  seatNumber: number;
  passengerName: string;
  gender: Gender;
  phone?: string;
}

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
  }
  if (!GENDERS.includes(input.gender)) problems.push(`gender is one of ${GENDERS.join(', ')}`);
  const phone = input.phone?.trim();
  if (phone !== undefined && (phone.length === 0 || phone.length > MAX_PHONE_LENGTH)) {
    problems.push(`phone has 1 to ${MAX_PHONE_LENGTH} characters`);
  }
  if (problems.length > 0) return err(errors.validationFailed('The passenger is not valid.', problems));
  return ok({ ...input, passengerName: name, ...(phone === undefined ? {} : { phone }) });
}
