import type { DepartureCancelReport, DepartureCancelRun } from '../benches/departure-cancel';
import { n, table } from './format-report';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const spread = (values: number[]) =>
  `**${n(median(values), 1)}** (${n(Math.min(...values), 1)} .. ${n(Math.max(...values), 1)})`;

/** One row per departure size: the medians (and ranges) of its runs, and the cost per ticket. */
export function formatDepartureCancel(report: DepartureCancelReport): string {
  const { options } = report;
  const intro =
    `On ${report.database === 'postgres' ? 'PostgreSQL' : 'the embedded database'}, ${options.repeats} ` +
    `cancellation(s) per size, each of a fresh departure sold out and paid for ticket by ticket; ` +
    `refunds answered ${options.refundDelayMs} ms late. Milliseconds: median (min .. max).`;
  const sizes = [...new Set(report.runs.map((r) => r.tickets))];
  const rows = sizes.map((tickets) => {
    const runs = report.runs.filter((r: DepartureCancelRun) => r.tickets === tickets);
    const held = runs.map((r) => r.lockHeldMs);
    const answer = runs.map((r) => r.answerMs);
    const total = runs.map((r) => r.totalMs);
    return [
      n(tickets),
      spread(held),
      `${n((median(held) / tickets) * 1000)} µs`,
      spread(answer),
      spread(total),
      `${n((median(total) / tickets) * 1000)} µs`,
      n(runs[0]?.events ?? 0),
      n(runs[0]?.refunds ?? 0),
    ];
  });
  return `${intro}\n\n${table(
    [
      'paid tickets',
      'route lock held, ms',
      'lock held / ticket',
      'answered after, ms',
      'whole cancellation incl. refunds, ms',
      'whole / ticket',
      'events',
      'refunds sent',
    ],
    rows,
  )}`;
}
