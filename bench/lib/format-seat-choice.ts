import { STRATEGIES, type Sales, type SeatChoiceReport, type SeatChoiceRun } from '../benches/seat-choice';
import { n, table } from './format-report';

const percent = (part: number, whole: number) => `${n((part / whole) * 100, 1)} %`;
const signed = (value: number) => `${value >= 0 ? '+' : ''}${n(value, 2)} %`;
const gain = (run: SeatChoiceRun, over: keyof SeatChoiceRun['sales']) =>
  ((run.sales[over].seatKm - run.sales['first fit'].seatKm) / run.sales['first fit'].seatKm) * 100;

/** The means of every arrival order and demand level first, then one table per pair, a row per seed. */
export function formatSeatChoice(report: SeatChoiceReport): string {
  const { options, route } = report;
  const intro =
    `${n(options.departures)} buses per seed, demand level and booking order; ${route.seats} seats ` +
    `(${route.layout}), ${route.stopKm.length} stops at km ${route.stopKm.join(', ')}; ` +
    `${n(options.pairShare * 100)} % of trips ask for two seats; seeds 1 to ${options.seeds}.`;
  const groups = groupsOf(report.runs);
  const summary = table(
    [
      'booking order',
      'demand',
      'trips / seed',
      ...SOLD_HEAD,
      'leg-aware vs first fit: mean (seeds min .. max)',
      'seats movable vs first fit',
      ...REFUSED_HEAD,
    ],
    groups.map((runs) => summaryRow(runs)),
  );
  const details = groups.map(
    (runs) =>
      `Booking order ${runs[0]?.arrival}, demand ${runs[0]?.demand}:\n\n` +
      table(
        ['seed', 'trips', ...SOLD_HEAD, 'leg-aware vs first fit', ...REFUSED_HEAD],
        [
          ...runs.map((r) => [
            String(r.seed),
            n(r.requests),
            ...sold(r),
            signed(gain(r, 'leg-aware')),
            ...refused(r),
          ]),
        ],
      ),
  );
  return [intro, `Means over the seeds:\n\n${summary}`, ...details].join('\n\n');
}

const SOLD_HEAD = STRATEGIES.map((s) => `seat-km sold: ${s}`);
const REFUSED_HEAD = STRATEGIES.map((s) => `trips refused: ${s}`);

const sold = (run: SeatChoiceRun) =>
  STRATEGIES.map((s) => `${n(run.sales[s].seatKm)} (${percent(run.sales[s].seatKm, run.capacitySeatKm)})`);
const refused = (run: SeatChoiceRun) =>
  STRATEGIES.map((s) => `${n(run.sales[s].refused)} (${percent(run.sales[s].refused, run.requests)})`);

function summaryRow(runs: SeatChoiceRun[]): string[] {
  const mean = meanRun(runs);
  const gains = runs.map((r) => gain(r, 'leg-aware'));
  return [
    mean.arrival,
    String(mean.demand),
    n(mean.requests),
    ...sold(mean),
    `${signed(gain(mean, 'leg-aware'))} (${signed(Math.min(...gains))} .. ${signed(Math.max(...gains))})`,
    signed(gain(mean, 'seats movable')),
    ...refused(mean),
  ];
}

/** Runs of one booking order and demand level together, in the report's order. */
function groupsOf(runs: SeatChoiceRun[]): SeatChoiceRun[][] {
  const groups = new Map<string, SeatChoiceRun[]>();
  for (const run of runs) {
    const key = `${run.arrival} ${run.demand}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()];
}

/** The runs' averages, shaped as one run. */
function meanRun(runs: SeatChoiceRun[]): SeatChoiceRun {
  const first = runs[0] as SeatChoiceRun;
  const mean = (value: (r: SeatChoiceRun) => number) => runs.reduce((t, r) => t + value(r), 0) / runs.length;
  const meanSales = (strategy: keyof SeatChoiceRun['sales']): Sales => ({
    seatKm: mean((r) => r.sales[strategy].seatKm),
    seatsSold: mean((r) => r.sales[strategy].seatsSold),
    refused: mean((r) => r.sales[strategy].refused),
  });
  return {
    ...first,
    requests: mean((r) => r.requests),
    capacitySeatKm: mean((r) => r.capacitySeatKm),
    sales: Object.fromEntries(STRATEGIES.map((s) => [s, meanSales(s)])) as SeatChoiceRun['sales'],
  };
}
