import type { BookingServices, SalesReport } from '@booking/core';
import { reportOperations } from '@booking/protocol';
import { csvDocument, twoDecimals } from '../http/csv';
import { json, defineEndpoint, type Endpoint, type Reply } from './endpoint';

const CSV = 'text/csv';

export function reportEndpoints(services: BookingServices): Endpoint[] {
  return [
    defineEndpoint(reportOperations.salesReport, ({ actor, query, accepts }) =>
      services.reports.sales(actor, query).map((report): Reply => {
        // One answer, two forms: the header says which one a cache may hand out.
        const headers = { Vary: 'Accept' };
        if (accepts('application/json', CSV) !== CSV) return { ...json(200, report), headers };
        return {
          status: 200,
          body: salesCsv(report),
          contentType: `${CSV}; charset=utf-8`,
          headers: {
            ...headers,
            'Content-Disposition': `attachment; filename="sales-${report.from}-${report.to}.csv"`,
          },
        };
      }),
    ),
  ];
}

/** A header row, one row per route and day, then a `total` row over them all. */
export function salesCsv(report: SalesReport): string {
  const money = (sums: SalesReport['totals']) =>
    [sums.charges, sums.refunds, sums.fees, sums.moved, sums.net].map(twoDecimals);
  return csvDocument([
    ['routeId', 'day', 'currency', 'charges', 'refunds', 'fees', 'moved', 'net'],
    ...report.lines.map((line) => [line.routeId, line.day, report.currency, ...money(line)]),
    ['total', `${report.from}..${report.to}`, report.currency, ...money(report.totals)],
  ]);
}
