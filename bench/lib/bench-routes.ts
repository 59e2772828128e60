import type { HttpJson } from './http-json';

export const BENCH_STOPS = ['Istanbul', 'Izmit', 'Bolu', 'Ankara', 'Kirikkale'] as const;

export interface BenchRoute {
  id: string;
  stops: string[];
  seatCount: number;
}

/** Creates `count` routes over REST as an admin (a few at a time); throws on any refusal. */
export async function createRoutes(
  http: HttpJson,
  adminToken: string,
  count: number,
  seatCount: number,
): Promise<BenchRoute[]> {
  const routes: BenchRoute[] = [];
  const departureAt = new Date(Date.now() + 30 * 24 * 3600_000).toISOString();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const answer = await http.call('POST', '/routes', {
        token: adminToken,
        body: {
          fromCity: BENCH_STOPS[0],
          toCity: BENCH_STOPS[BENCH_STOPS.length - 1],
          stations: BENCH_STOPS.slice(1, -1),
          departureAt,
          seatCount,
          price: 450,
        },
      });
      if (answer.status !== 201)
        throw new Error(`POST /routes answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      routes.push({ id: String(answer.body.id), stops: [...BENCH_STOPS], seatCount });
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, count) }, worker));
  return routes;
}
