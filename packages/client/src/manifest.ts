import type { ManifestJson, StopDepartedJson } from '@booking/protocol';
import { clockedCall, type TokenSource } from './rest';
import type { ServerClock } from './server-clock';

/** On the day: a departure's passenger list, and the bus leaving its stops (drivers, agents, admins). */
export interface ManifestApi {
  /** `GET /routes/:id/manifest`: paid passengers and no-shows by boarding stop and seat, with boarding times. */
  manifest(routeId: string): Promise<ManifestJson>;
  /**
   * `POST /routes/:id/stops/:stopIndex/depart`: the bus leaves the stop; its confirmed passengers who
   * did not board become `no_show`. Again for the same stop: nothing changes, `alreadyDeparted: true`.
   */
  departStop(routeId: string, stopIndex: number): Promise<StopDepartedJson>;
}

/** The manifest calls of a client of `baseUrl`; each answer's `Date` sets `clock`. */
export function manifestApi(
  baseUrl: string,
  token: TokenSource | undefined,
  clock: ServerClock,
): ManifestApi {
  const call = clockedCall(baseUrl, token, clock);
  const route = (routeId: string) => `/routes/${encodeURIComponent(routeId)}`;
  return {
    manifest: (routeId) => call('GET', `${route(routeId)}/manifest`),
    departStop: (routeId, stopIndex) => call('POST', `${route(routeId)}/stops/${stopIndex}/depart`),
  };
}
