import type { BookingServices, Manifest } from '@booking/core';
import { manifestOperations } from '@booking/protocol';
import { csvDocument } from '../http/csv';
import { ticketJson } from '../presenters';
import { defineEndpoint, json, type Endpoint, type Reply } from './endpoint';

const CSV = 'text/csv';

/** On the day: a departure's manifest (JSON or CSV), and the bus leaving a stop. */
export function manifestEndpoints(services: BookingServices): Endpoint[] {
  return [
    defineEndpoint(manifestOperations.getManifest, ({ actor, params, accepts }) =>
      services.day.manifest(actor, params.routeId).map((manifest): Reply => {
        // Names of passengers: never kept by a shared cache; one answer in two forms.
        const headers = { Vary: 'Accept', 'Cache-Control': 'no-store' };
        if (accepts('application/json', CSV) !== CSV) return { ...json(200, manifest), headers };
        return {
          status: 200,
          body: manifestCsv(manifest),
          contentType: `${CSV}; charset=utf-8`,
          headers: {
            ...headers,
            'Content-Disposition': `attachment; filename="manifest-${manifest.routeId}.csv"`,
          },
        };
      }),
    ),
    defineEndpoint(manifestOperations.departStop, ({ actor, params }) =>
      services.day
        .departStop(actor, params.routeId, params.stopIndex)
        .map((departed) => json(200, { ...departed, noShows: departed.noShows.map(ticketJson) })),
    ),
  ];
}

/** A header row, then one row per passenger in the manifest's order (an empty boardedAt: not boarded). */
export function manifestCsv(manifest: Manifest): string {
  return csvDocument([
    ['seatNumber', 'passengerName', 'fromCity', 'toCity', 'status', 'boardedAt'],
    ...manifest.passengers.map((p) => [
      p.seatNumber,
      p.passengerName,
      p.fromCity,
      p.toCity,
      p.status,
      p.boardedAt ?? '',
    ]),
  ]);
}
