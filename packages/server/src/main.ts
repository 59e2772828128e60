#!/usr/bin/env node
import { parseConfig } from './config';
import { randomSecret } from './dev-tokens';
import { createLogger } from './logger';
import { startBookingServer } from './booking-server';

const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const parsed = parseConfig(process.env);
  if (parsed.isErr()) {
    process.stderr.write(
      `booking: the configuration is not valid:\n${parsed.error.map((p) => `  - ${p}`).join('\n')}\n`,
    );
    process.exit(1);
  }
  const config = parsed.value;
  const logger = createLogger(config.logLevel);
  const server = await startBookingServer(
    { ...config, jwtSecret: config.jwtSecret ?? randomSecret() },
    logger,
    {
      printTokens: config.jwtSecret === undefined,
    },
  );

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({}, 'shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`booking: could not start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
