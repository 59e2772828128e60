import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_HOLD_SECONDS,
  DEFAULT_MAX_GROUP_SIZE,
  DEFAULT_MAX_HELD_SEATS,
  DEFAULT_PAYMENT_LOCK_SECONDS,
  DEFAULT_SALES_CUTOFF_MINUTES,
  DEFAULT_SEAT_HOLD_SECONDS,
} from '@booking/core';
import { DEFAULT_BODY_LIMIT, DEFAULT_RATE_LIMIT } from '@booking/koa';
import { STORAGE_DEFAULTS } from '@booking/mikro-orm';
import { SEAT_GATEWAY_DEFAULTS } from '@booking/socketio';
import { ENV_DEFAULTS, ENV_DEFAULTS_BY_MODE, parseConfig } from './config';

const ROOT = resolve(__dirname, '../../..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');
const README = read('README.md');
/** The former name of MAX_HELD_SEATS: still read, documented in that variable's row. */
const FORMER_NAMES = ['MAX_OPEN_RESERVATIONS'];

interface Row {
  variables: string[];
  defaults: string;
}

const backticked = (text: string): string[] =>
  [...text.matchAll(/`([^`]*)`/g)].map((match) => match[1] ?? '');

/** The rows of README's configuration table: the variables (first column) and the default column. */
function configurationTable(markdown: string): Row[] {
  const section = markdown.split(/^## /m).find((part) => part.startsWith('Configuration\n'));
  if (!section) throw new Error('README.md has no "## Configuration" section');
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [variables = '', defaults = ''] = line
        .replace(/^\|/, '')
        .split(' | ')
        .map((cell) => cell.trim());
      return { variables: backticked(variables), defaults };
    });
}

/** The variables `parseConfig` reads, found by handing it an environment that records every read. */
function variablesRead(): string[] {
  const read = new Set<string>();
  const recording = new Proxy<Record<string, string | undefined>>(
    {},
    {
      get(_target, name) {
        if (typeof name === 'string') read.add(name);
        return undefined;
      },
    },
  );
  parseConfig(recording);
  return [...read].sort();
}

const rows = configurationTable(README);
const fixed = (name: string): name is keyof typeof ENV_DEFAULTS => name in ENV_DEFAULTS;
const byMode = (name: string): name is keyof typeof ENV_DEFAULTS_BY_MODE => name in ENV_DEFAULTS_BY_MODE;

describe("README's configuration table", () => {
  it('lists every variable the server reads, and only those', () => {
    const documented = rows.flatMap((row) => row.variables).sort();
    expect(documented).toEqual(variablesRead().filter((name) => !FORMER_NAMES.includes(name)));
  });

  it('gives each fixed default as the constant the server falls back to', () => {
    const documented: Record<string, string | undefined> = {};
    const expected: Record<string, string> = {};
    for (const row of rows) {
      const values = backticked(row.defaults);
      row.variables.forEach((name, index) => {
        if (!fixed(name)) return;
        documented[name] = values.length === row.variables.length ? values[index] : row.defaults;
        expected[name] = String(ENV_DEFAULTS[name]);
      });
    }
    expect(documented).toEqual(expected);
    expect(Object.keys(expected).sort()).toEqual(Object.keys(ENV_DEFAULTS).sort());
  });

  it('gives the defaults that depend on NODE_ENV for development and production', () => {
    for (const name of Object.keys(ENV_DEFAULTS_BY_MODE)) {
      if (!byMode(name)) continue;
      const row = rows.find((candidate) => candidate.variables.includes(name));
      const documented = Object.fromEntries(
        [...(row?.defaults ?? '').matchAll(/`([^`]*)` \((development|production)\)/g)].map((match) => [
          match[2],
          match[1],
        ]),
      );
      const { development, production } = ENV_DEFAULTS_BY_MODE[name];
      expect({ name, ...documented }).toEqual({
        name,
        development: String(development),
        production: String(production),
      });
    }
  });

  it('writes no value as a default for a variable without a fixed one (unset, none, or described)', () => {
    const valued = rows
      .filter((row) => row.variables.every((name) => !fixed(name) && !byMode(name)))
      .filter((row) => backticked(row.defaults).length > 0);
    expect(valued).toEqual([]);
  });
});

/** Settings whose defaults the docs mention in prose, by the name they use there, in the setting's unit. */
const PROSE_DEFAULTS: Record<string, number> = {
  ...Object.fromEntries(Object.entries(ENV_DEFAULTS).filter(([, value]) => typeof value === 'number')),
  holdSeconds: DEFAULT_HOLD_SECONDS,
  seatHoldSeconds: DEFAULT_SEAT_HOLD_SECONDS,
  maxGroupSize: DEFAULT_MAX_GROUP_SIZE,
  maxHeldSeats: DEFAULT_MAX_HELD_SEATS,
  paymentLockSeconds: DEFAULT_PAYMENT_LOCK_SECONDS,
  salesCutoffMinutes: DEFAULT_SALES_CUTOFF_MINUTES,
  maxConnectionsPerIp: SEAT_GATEWAY_DEFAULTS.maxConnectionsPerIp,
  maxRoutesPerSocket: SEAT_GATEWAY_DEFAULTS.maxRoutesPerSocket,
  maxReplayEvents: SEAT_GATEWAY_DEFAULTS.maxReplayEvents,
  gapWaitMs: SEAT_GATEWAY_DEFAULTS.gapWaitMs,
};

/**
 * "`NAME` ... default N" in prose (within a clause after the name): N in the setting's unit, or in
 * seconds (`N s`) for a setting in milliseconds.
 */
function proseDefaults(markdown: string): { name: string; written: string; value: number }[] {
  const mention = /`(?:[A-Za-z]+\.)?([A-Za-z_]+)`[^`.;|]{0,40}?\bdefault\s+(\d[\d,]*)( s\b)?/g;
  return [...markdown.matchAll(mention)].flatMap(([written, name = '', digits = '', seconds]) => {
    if (!(name in PROSE_DEFAULTS)) return [];
    const number = Number(digits.replace(/,/g, ''));
    return [{ name, written, value: seconds && /ms$/i.test(name) ? number * 1000 : number }];
  });
}

describe('defaults written in the docs', () => {
  const files = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((file) => `docs/${file}`)].filter(
    (file) => file.endsWith('.md'),
  );

  it('every "`SETTING` ... default N" in README.md and docs/ is the constant', () => {
    const mentions = files.flatMap((file) =>
      proseDefaults(read(file)).map((mention) => ({ file, ...mention })),
    );
    expect(mentions.length).toBeGreaterThan(10); // the pattern still finds what it checks
    expect(mentions.filter(({ name, value }) => PROSE_DEFAULTS[name] !== value)).toEqual([]);
  });
});

/** The numbers, booleans and quoted strings of a default, in order: `{ perSecond: 20, burst: 40 }` is 20, 40. */
function valuesIn(text: string): string[] {
  return [...text.matchAll(/'([^']*)'|\b(true|false)\b|(\d[\d,]*)/g)].map(
    ([, quoted, flag, digits]) => quoted ?? flag ?? (digits ?? '').replace(/,/g, ''),
  );
}

function valuesOf(value: unknown): string[] {
  return typeof value === 'object' && value !== null
    ? Object.values(value).flatMap(valuesOf)
    : [String(value)];
}

/** The "| option | default |" table of a doc: each option's default cell. */
function optionTable(markdown: string): Map<string, string> {
  const start = markdown.indexOf('| option | default |');
  if (start < 0) throw new Error('no "| option | default |" table');
  const lines = markdown.slice(start).split('\n').slice(2);
  const rows = lines.slice(
    0,
    lines.findIndex((line) => !line.startsWith('|')),
  );
  return new Map(
    rows.map((line) => {
      const [option = '', defaults = ''] = line
        .replace(/^\|/, '')
        .split(' | ')
        .map((cell) => cell.trim());
      return [backticked(option)[0] ?? option, defaults];
    }),
  );
}

describe('option tables in the docs', () => {
  it.each([
    ['docs/websocket.md', 'attachSeatGateway', SEAT_GATEWAY_DEFAULTS],
    ['docs/rest.md', 'createRestApi', { rateLimit: DEFAULT_RATE_LIMIT, bodyLimit: DEFAULT_BODY_LIMIT }],
    ['docs/persistence.md', 'openStorage', STORAGE_DEFAULTS],
  ] as const)("%s: %s's defaults are the package's constants", (file, _api, defaults) => {
    const table = optionTable(read(file));
    const documented = Object.fromEntries(
      Object.keys(defaults).map((option) => [option, valuesIn(table.get(option) ?? '')]),
    );
    const expected = Object.fromEntries(
      Object.entries(defaults).map(([option, value]) => [option, valuesOf(value)]),
    );
    expect(documented).toEqual(expected);
  });
});
