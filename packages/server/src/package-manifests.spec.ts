import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// What an embedding team's `npm install` of the published packages depends on: the manifests.
const packagesDir = join(__dirname, '..', '..');
const PACKAGES = [
  'core',
  'protocol',
  'auth',
  'payments-sandbox',
  'mikro-orm',
  'koa',
  'socketio',
  'client',
  'server',
];
/** The frameworks the host application owns: one copy, the host's, so its types match ours. */
const FRAMEWORKS_BY_PACKAGE: Record<string, string[]> = {
  koa: ['koa', '@koa/router'],
  socketio: ['socket.io'],
  'mikro-orm': ['@mikro-orm/core', '@mikro-orm/knex', '@mikro-orm/postgresql', '@mikro-orm/migrations'],
};

interface Manifest {
  main?: string;
  types?: string;
  exports?: Record<string, { types?: string; default?: string } | string>;
  typesVersions?: Record<string, Record<string, string[]>>;
  files?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
}

const manifest = (name: string): Manifest =>
  JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8')) as Manifest;

describe('package manifests', () => {
  it.each(PACKAGES)('%s names the other @booking packages with caret ranges', (name) => {
    const { dependencies = {}, peerDependencies = {} } = manifest(name);
    const internal = Object.entries({ ...dependencies, ...peerDependencies }).filter(([dep]) =>
      dep.startsWith('@booking/'),
    );
    for (const [, range] of internal) expect(range).toMatch(/^\^\d+\.\d+\.\d+$/);
  });

  it.each(PACKAGES)('%s ships a README, main, types and an exports map', (name) => {
    const pkg = manifest(name);
    expect(existsSync(join(packagesDir, name, 'README.md'))).toBe(true);
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'README.md']));
    expect(pkg).toMatchObject({ main: 'dist/index.js', types: 'dist/index.d.ts' });
    expect(pkg.exports?.['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
  });

  it.each(Object.entries(FRAMEWORKS_BY_PACKAGE))(
    '%s takes its frameworks as peers with ranges',
    (name, frameworks) => {
      const { dependencies = {}, peerDependencies = {}, devDependencies = {} } = manifest(name);
      for (const framework of frameworks) {
        expect(dependencies[framework]).toBeUndefined();
        expect(peerDependencies[framework]).toMatch(/^(\^|>=)/);
        expect(devDependencies[framework]).toMatch(/^\d+\.\d+\.\d+$/); // the workspace's own build
      }
    },
  );

  it('@booking/koa brings the koa types its public types use', () => {
    expect(manifest('koa').dependencies?.['@types/koa']).toBeDefined();
  });

  it('@booking/core installs nothing but neverthrow; jest is an optional peer of its testing entry', () => {
    const core = manifest('core');
    expect(Object.keys(core.dependencies ?? {})).toEqual(['neverthrow']);
    for (const peer of Object.keys(core.peerDependencies ?? {})) {
      expect(core.peerDependenciesMeta?.[peer]?.optional).toBe(true);
    }
  });

  it('@booking/core/testing resolves under module commonjs (typesVersions) as under nodenext (exports)', () => {
    const core = manifest('core');
    const testing = core.exports?.['./testing'];
    expect(testing).toEqual({
      types: './dist/testing/index.d.ts',
      default: './dist/testing/index.js',
    });
    expect(core.typesVersions?.['*']?.['testing']).toEqual(['dist/testing/index.d.ts']);
  });
});
