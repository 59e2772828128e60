import pino, { type Logger as PinoLogger } from 'pino';
import type { LogLevel } from './config';

/**
 * Fields that hold card data, personal data, or (in a database error) the values of a row. None is
 * logged on purpose; these are replaced wherever they appear, up to four levels deep.
 */
export const SENSITIVE_FIELDS = [
  'cardNumber',
  'cvc',
  'expireMonth',
  'expireYear',
  'cardHolderName',
  'passengerName',
  'phone',
  'email',
  // PostgreSQL errors: `detail` and `where` quote the failing row, the rest the statement's values.
  'detail',
  'where',
  'internalQuery',
  'parameters',
  'bindings',
];

const atAnyDepth = (field: string) => [field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`];

/** Paths that may carry secrets or personal data: pino replaces them before a line is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.authorization',
  '*.token',
  '*.jwtSecret',
  '*.eticketPrivateKey',
  ...SENSITIVE_FIELDS.flatMap(atAnyDepth),
];

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): PinoLogger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
