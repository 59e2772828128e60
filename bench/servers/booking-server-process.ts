/**
 * A child process running the reference server exactly as `main.ts` does (startBookingServer with
 * the environment's configuration), plus an IPC channel the benchmark asks for memory and CPU.
 */
import { createLogger, parseConfig, startBookingServer } from '@booking/server';
import { serveParent } from '../lib/child-link';
import { readUsage } from './process-usage';
import { countStatements, statementsSoFar } from './statement-counter';

async function main(): Promise<void> {
  countStatements();
  const parsed = parseConfig(process.env);
  if (parsed.isErr()) throw new Error(parsed.error.join('\n'));
  const config = parsed.value;
  if (!config.jwtSecret) throw new Error('JWT_SECRET must be set for the benchmark server');
  const server = await startBookingServer(
    { ...config, jwtSecret: config.jwtSecret },
    createLogger(config.logLevel),
  );
  const parent = serveParent(
    {
      usage: ({ gc }: { gc: boolean }) =>
        readUsage(server.gateway.localStats().connections, gc, statementsSoFar()),
    },
    () => server.close(),
  );
  parent.ready({ url: server.url, pid: process.pid });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `booking server process failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
