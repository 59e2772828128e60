import type { BookingReport } from '../benches/booking';
import type { FanoutReport } from '../benches/fanout';
import type { WsCapacityReport } from '../benches/ws-capacity';
import type { MachineInfo } from './machine';

export const n = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const kb = (bytes: number) => `${n(bytes / 1024, 1)} KB`;
const mb = (bytes: number) => `${n(bytes / 2 ** 20, 1)} MB`;
export const table = (head: string[], rows: (string | number)[][]) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

export function formatMachine(machine: MachineInfo, loadAfter: number[]): string {
  return (
    `Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, ` +
    `open files ${machine.openFilesLimit}; load average ${machine.loadAverage.join(' / ')} before, ` +
    `${loadAfter.join(' / ')} after`
  );
}

export function formatWsCapacity(report: WsCapacityReport): string {
  const rows = report.runs.map((r) => [
    r.server,
    n(r.requested),
    n(r.subscribed),
    n(r.failed),
    n(r.heldByServer),
    `${n(r.openSeconds, 1)} s`,
    `${mb(r.before.heapUsed)} -> ${mb(r.after.heapUsed)}`,
    `${mb(r.before.rss)} -> ${mb(r.after.rss)}`,
    kb(r.heapBytesPerConnection),
    kb(r.rssBytesPerConnection),
  ]);
  const times = (ratio: number | null) => (ratio === null ? '- (baseline did not grow)' : `x${n(ratio, 2)}`);
  const ratio = report.ratio
    ? `\nBooking server / raw Socket.IO: heap per connection ${times(report.ratio.heapPerConnection)}, ` +
      `RSS per connection ${times(report.ratio.rssPerConnection)}`
    : '';
  const failures = report.runs
    .filter((r) => r.failures.length > 0)
    .map((r) => `\nFailures (${r.server}): ${r.failures.join('; ')}`)
    .join('');
  return (
    table(
      [
        'server',
        'requested',
        'subscribed',
        'failed',
        'held (server)',
        'open time',
        'heap before -> after',
        'RSS before -> after',
        'heap / conn',
        'RSS / conn',
      ],
      rows,
    ) +
    ratio +
    failures
  );
}

export function formatFanout(report: FanoutReport): string {
  const rows = report.runs.map((r) => [
    r.server,
    `${n(r.sockets)} (${n(r.socketFailures)} failed)`,
    `${n(r.eventsPerSecond, 1)} / ${n(r.targetEventsPerSecond)}`,
    n(r.deliveriesPerSecond),
    `${n(r.deliveries)} / ${n(r.expectedDeliveries)}`,
    `${n(r.latencyMs.p50, 2)} / ${n(r.latencyMs.p95, 2)} / ${n(r.latencyMs.p99, 2)} / ${n(r.latencyMs.max, 1)}`,
    n(r.outOfOrder),
    `${n(r.serverCpuPercent)} %`,
    `${n(r.serverCpuMicrosPerDelivery, 2)} µs`,
    `${n(r.clientCpuPercent)} % + ${n(r.driverCpuPercent)} %`,
  ]);
  const ratio = report.ratio
    ? `\nBooking server / raw Socket.IO: CPU per delivery x${n(report.ratio.cpuPerDelivery, 2)}, ` +
      `p50 x${n(report.ratio.p50, 2)}, p99 x${n(report.ratio.p99, 2)}`
    : '';
  const requests = report.runs
    .filter((r) => r.requests)
    .map(
      (r) =>
        `\nBooking requests in the window: ${n(r.requests?.sent ?? 0)} ${JSON.stringify(r.requests?.statuses)}, skipped turns ${r.requests?.skippedTurns}`,
    )
    .join('');
  return (
    table(
      [
        'server',
        'sockets',
        'events/s (got / target)',
        'deliveries/s',
        'delivered / expected',
        'latency ms p50 / p95 / p99 / max',
        'out of order',
        'server CPU',
        'server CPU / delivery',
        'generator CPU (clients + driver)',
      ],
      rows,
    ) +
    ratio +
    requests
  );
}

export function formatBooking(report: BookingReport): string {
  const u = report.uniform;
  const s = report.storm;
  return [
    table(
      [
        'clients',
        'bookings',
        'seconds',
        'bookings/s',
        'latency ms p50 / p95 / p99',
        'server CPU',
        'server CPU / booking',
        'SQL statements / booking',
        'DB transactions / booking',
        'rows updated / booking',
        'answers',
      ],
      [
        [
          u.clients,
          n(u.bookings),
          n(u.seconds, 1),
          n(u.bookingsPerSecond),
          `${n(u.latencyMs.p50, 1)} / ${n(u.latencyMs.p95, 1)} / ${n(u.latencyMs.p99, 1)}`,
          `${n(u.serverCpuPercent)} %`,
          `${n(u.serverCpuMicrosPerBooking)} µs`,
          u.statementsPerBooking === undefined ? '-' : n(u.statementsPerBooking, 2),
          u.database ? n(u.database.transactionsPerBooking, 2) : '-',
          u.database ? n(u.database.rowsUpdatedPerBooking, 2) : '-',
          JSON.stringify(u.statuses),
        ],
      ],
    ),
    '',
    table(
      [
        'storm clients',
        'seats',
        'attempts/s',
        'attempts',
        '201',
        '409',
        '5xx',
        'overlaps (SQL)',
        'events, sequences 1..n',
        'latency ms p50 / p99',
        'answers',
        'cancels',
      ],
      [
        [
          s.clients,
          s.seats,
          n(s.attemptsPerSecond),
          n(s.attempts),
          n(s.successes),
          n(s.conflicts),
          n(s.serverErrors),
          n(s.overlaps),
          `${n(s.events)}, ${s.sequencesContiguous ? 'yes' : 'NO'}`,
          `${n(s.latencyMs.p50, 1)} / ${n(s.latencyMs.p99, 1)}`,
          JSON.stringify(s.statuses),
          JSON.stringify(s.cancelStatuses),
        ],
      ],
    ),
  ].join('\n');
}
