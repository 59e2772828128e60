import { startEmbeddedServer } from './embedded-server.js';

// #region main
async function main(): Promise<void> {
  const jwtSecret = process.env.JWT_SECRET;
  if (!jwtSecret) throw new Error('Set JWT_SECRET: the secret your login service signs tokens with');

  const server = await startEmbeddedServer({
    databaseUrl: process.env.DATABASE_URL, // unset: the embedded database, its files in DATA_DIR
    dataDir: process.env.DATA_DIR ?? './data',
    jwtSecret,
    port: Number(process.env.PORT ?? 4000),
  });
  console.log(`booking on ${server.url}`);

  // Tokens come from your login service; this is how it signs one with the same secret.
  console.log(`admin token: ${await server.auth.sign({ userId: 'admin-1', role: 'admin' }, 3600)}`);

  // Every committed change of a route (its seats' and its departure's), e.g. for analytics or e-mails.
  server.bus.subscribe(({ events }) =>
    events.forEach((e) => console.log(e.eventType, e.eventType === 'route_update' ? e.status : e.seatNumber)),
  );

  // Stop accepting, close sockets, stop the jobs, close storage; then exit.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void server.close().then(() => process.exit(0)));
  }
}
// #endregion main

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
