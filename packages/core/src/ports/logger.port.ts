/** Structured logging, shaped like pino's: adapters log through it, the server passes pino itself. */
export interface Logger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

const ignore = () => undefined;

/** A logger that drops everything (the default where no logger is given). */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
