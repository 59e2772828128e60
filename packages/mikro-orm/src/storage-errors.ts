import { errors, isWellFormedText, type PersistenceError } from '@booking/core';
import { loggableDriverError } from './loggable-driver-error';

/**
 * SQLSTATE class 22, "data exception": PostgreSQL refused a value the statement was given (text it
 * cannot store, a number or a date out of range, a value of the wrong form). That is the caller's
 * input, so it is `validation_failed`; every other failure (connections, timeouts, a full pool, a
 * server shutting down) is `persistence_unavailable`. Reasons never quote the value: driver
 * messages do, and they may hold a passenger's name.
 */
const REFUSED_VALUE_REASONS: Record<string, string> = {
  '22001': 'a text value is longer than the database stores',
  '22003': 'a number is out of the range the database stores',
  '22007': 'a date or time is not valid',
  '22008': 'a date or time is out of range',
  '22021': 'a text value holds a character the database cannot store',
  '22P02': 'a value is not written the way the database expects',
  '22P05': 'a text value holds a character the database cannot store',
};
const OTHER_REFUSED_VALUE = 'a value is not one the database accepts';

/** What a driver error means for the caller: its own input refused, or the database unavailable. */
export function storageError(cause: unknown): PersistenceError {
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('22')) {
    return refusedValue(REFUSED_VALUE_REASONS[code] ?? OTHER_REFUSED_VALUE);
  }
  return errors.persistenceUnavailable(loggableDriverError(cause));
}

/**
 * Text PostgreSQL cannot take, found before it is sent: NUL ends the driver's message early (the
 * server answers with a protocol error, which looks like an outage), and a lone surrogate has no
 * UTF-8 form (the driver would store U+FFFD in its place without a word).
 */
export function unstorableParameter(params: readonly unknown[]): PersistenceError | undefined {
  const bad = params.some((p) => typeof p === 'string' && (p.includes('\u0000') || !isWellFormedText(p)));
  return bad
    ? refusedValue('a text value holds NUL or a lone surrogate, which the database cannot store')
    : undefined;
}

function refusedValue(reason: string): PersistenceError {
  return errors.validationFailed('The database refused a value of this request.', [reason]);
}
