import pino, { type Logger as PinoLogger } from 'pino';
import type { LogLevel } from './config';

/** Paths that may carry secrets: pino replaces them before a line is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.authorization',
  '*.token',
  '*.cardNumber',
  '*.cvc',
  'body.cardNumber',
  'body.cvc',
  '*.jwtSecret',
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
