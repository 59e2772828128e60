import { randomUUID } from 'node:crypto';
import { startBaselineServerProcess, type BaselineServer } from '../servers/server-handle';
import { withBookingServer, type BookingEnvironment, type DatabaseChoice } from './booking-environment';

export type ServerKind = 'booking' | 'baseline';

export interface EachServerOptions extends DatabaseChoice {
  /** Which servers to measure, one after the other, in this order. */
  servers: ServerKind[];
  routes: number;
}

/**
 * Runs one measurement per server asked for, one server at a time (they would share the machine's
 * cores and file limit): `booking` on the reference server over a fresh database, `baseline` on raw
 * Socket.IO with `routes` random route ids (it has no database: any id names a room).
 */
export async function onEachServer<R>(
  options: EachServerOptions,
  measure: {
    booking(env: BookingEnvironment): Promise<R>;
    baseline(server: BaselineServer, routeIds: string[]): Promise<R>;
  },
): Promise<{ runs: R[]; database: string }> {
  const runs: R[] = [];
  let database = 'none';
  for (const kind of options.servers) {
    if (kind === 'booking') {
      runs.push(
        await withBookingServer(options, (env) => {
          database = env.databaseLabel;
          return measure.booking(env);
        }),
      );
    } else {
      const server = await startBaselineServerProcess({ cpuProfDir: options.cpuProfDir });
      try {
        const routeIds = Array.from({ length: options.routes }, () => randomUUID());
        runs.push(await measure.baseline(server, routeIds));
      } finally {
        await server.stop();
      }
    }
  }
  return { runs, database };
}
