/**
 * `npm run bench -- <ws-capacity | fanout | baseline | booking | seat-choice | departure-cancel> [--smoke] [--option=value ...] [--out=file.json]`
 * Runs one benchmark against child processes on this machine (seat-choice is a pure simulation in
 * this process, departure-cancel runs the core on the storage in this process) and prints its
 * tables (markdown) and the machine's load. Options override the
 * presets in presets.ts by name, e.g. `--connections=5000`.
 */
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { runBooking } from './benches/booking';
import { runDepartureCancel } from './benches/departure-cancel';
import { runFanout } from './benches/fanout';
import { runSeatChoice } from './benches/seat-choice';
import { runWsCapacity } from './benches/ws-capacity';
import { formatBooking, formatFanout, formatMachine, formatWsCapacity } from './lib/format-report';
import { formatDepartureCancel } from './lib/format-departure-cancel';
import { formatSeatChoice } from './lib/format-seat-choice';
import { machineInfo, round2 } from './lib/machine';
import { FULL, SMOKE } from './presets';

const NAMES = ['ws-capacity', 'fanout', 'baseline', 'booking', 'seat-choice', 'departure-cancel'] as const;
type Name = (typeof NAMES)[number];

const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';

interface Parsed {
  name: Name;
  smoke: boolean;
  values: Record<string, string>;
}

function parse(argv: string[]): Parsed {
  const [name, ...rest] = argv;
  if (!NAMES.includes(name as Name))
    throw new Error(`usage: npm run bench -- <${NAMES.join(' | ')}> [--smoke] [--name=value ...]`);
  const values: Record<string, string> = {};
  for (const arg of rest) {
    const match = /^--([a-zA-Z-]+)(?:=(.*))?$/.exec(arg);
    if (!match?.[1]) throw new Error(`cannot read option ${arg} (write --name=value)`);
    values[match[1].replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = match[2] ?? 'true';
  }
  const smoke = values.smoke === 'true';
  delete values.smoke;
  return { name: name as Name, smoke, values };
}

const SERVERS = ['booking', 'baseline'];

/**
 * A comma list, of numbers where the preset's list holds numbers (`--demands=0.8,1.5`); `--servers`
 * takes server names only (the benches run the baseline for any other name).
 */
function list(key: string, raw: string, preset: unknown[]): (string | number)[] {
  const items = raw.split(',');
  if (typeof preset[0] === 'number') {
    const numbers = items.map(Number);
    if (!numbers.every((value) => Number.isFinite(value) && value >= 0))
      throw new Error(`--${key} takes a comma list of numbers`);
    return numbers;
  }
  if (key === 'servers' && !items.every((item) => SERVERS.includes(item)))
    throw new Error(`--servers takes a comma list of ${SERVERS.join(', ')}`);
  return items;
}

/** Overrides the preset's numbers (and the `servers` list) from the command line; unknown names are an error. */
function override<T extends object>(preset: T, values: Record<string, string>, extra: string[]): T {
  const result: Record<string, unknown> = { ...(preset as Record<string, unknown>) };
  for (const [key, raw] of Object.entries(values)) {
    if (extra.includes(key)) continue;
    const current = result[key];
    if (typeof current === 'number') {
      const value = Number(raw);
      if (!Number.isFinite(value) || value < 0) throw new Error(`--${key} must be a number`);
      result[key] = value;
    } else if (Array.isArray(current)) result[key] = list(key, raw, current);
    else
      throw new Error(
        `unknown option --${key}; known: ${Object.keys(preset).join(', ')}, ${extra.join(', ')}`,
      );
  }
  return result as T;
}

async function main(): Promise<void> {
  const { name, smoke, values } = parse(process.argv.slice(2));
  const presets = smoke ? SMOKE : FULL;
  const extra = ['db', 'postgresUrl', 'dataDir', 'cpuProf', 'out'];
  const postgresUrl = values.postgresUrl ?? process.env.DATABASE_URL ?? DEFAULT_POSTGRES;
  const database = values.db === 'embedded' ? { dataDir: values.dataDir } : { postgresUrl };
  const cpuProfDir = values.cpuProf;
  const machine = machineInfo(execSync('sh -c "ulimit -n"').toString().trim());
  process.stderr.write(
    `bench ${name}${smoke ? ' (smoke)' : ''}: load average ${machine.loadAverage.join(' / ')}\n`,
  );

  let report: object;
  let text: string;
  if (name === 'ws-capacity') {
    const result = await runWsCapacity({
      ...override(presets['ws-capacity'], values, extra),
      ...database,
      cpuProfDir,
    });
    [report, text] = [result, formatWsCapacity(result)];
  } else if (name === 'fanout' || name === 'baseline') {
    const options = override(presets.fanout, values, extra);
    const result = await runFanout({
      ...options,
      ...(name === 'baseline' ? { servers: ['baseline'] } : {}),
      ...database,
      cpuProfDir,
    });
    [report, text] = [result, formatFanout(result)];
  } else if (name === 'departure-cancel') {
    const result = await runDepartureCancel({
      ...override(presets['departure-cancel'], values, extra),
      ...(values.db === 'embedded' ? { dataDir: values.dataDir } : { postgresUrl }),
    });
    [report, text] = [result, formatDepartureCancel(result)];
  } else if (name === 'seat-choice') {
    const result = runSeatChoice(override(presets['seat-choice'], values, extra));
    [report, text] = [result, formatSeatChoice(result)];
  } else {
    const result = await runBooking({ ...override(presets.booking, values, extra), postgresUrl, cpuProfDir });
    [report, text] = [result, formatBooking(result)];
  }
  const loadAfter = loadavg().map(round2);
  const full = { machine, loadAverageAfter: loadAfter, command: process.argv.slice(2).join(' '), report };
  if (values.out) writeFileSync(values.out, `${JSON.stringify(full, null, 2)}\n`);
  process.stdout.write(`\n${formatMachine(machine, loadAfter)}\n\n${text}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
