import { readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './doc-quotes';
import type { PackedPackage } from './packed-packages';
import { runCommand, type CommandResult } from './run-command';

/** One `npm install` line of a documented command: the package names, and whether `--save-dev`. */
export interface InstallLine {
  dev: boolean;
  names: string[];
}

export function installLines(command: string): InstallLine[] {
  return command
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([program, verb]) => program === 'npm' && verb === 'install')
    .map((words) => ({
      dev: words.includes('--save-dev'),
      names: words.slice(2).filter((word) => !word.startsWith('-')),
    }));
}

/** The version of a third-party package in the workspace's lockfile: what the npm cache holds. */
export function lockfileVersion(name: string): string {
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`${name} is not in package-lock.json`);
  return version;
}

/**
 * A team's package.json for the install lines: `@booking/*` from the tarballs, everything else at the
 * lockfile's version. The overrides send the `@booking/*` packages that others depend on (as
 * `@booking/protocol`) to the tarballs too: the registry's `@booking` scope is not this project's.
 */
export async function writeConsumerManifest(
  dir: string,
  lines: InstallLine[],
  packed: PackedPackage[],
  skip: string[],
): Promise<void> {
  const spec = (name: string): string => {
    const tarball = packed.find((p) => p.name === name)?.tarball;
    return tarball ? `file:${tarball}` : lockfileVersion(name);
  };
  const dependencies = (dev: boolean) =>
    Object.fromEntries(
      lines
        .filter((line) => line.dev === dev)
        .flatMap((line) => line.names)
        .filter((name) => !skip.includes(name))
        .map((name) => [name, spec(name)]),
    );
  const manifest = {
    name: 'our-booking-app',
    version: '1.0.0',
    private: true,
    dependencies: dependencies(false),
    devDependencies: dependencies(true),
    overrides: Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`])),
  };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Adds the tarballs that are not dependencies yet (with the same spec as their override). */
export async function addDependencies(dir: string, packed: PackedPackage[]): Promise<void> {
  const path = join(dir, 'package.json');
  const manifest = JSON.parse(await readFile(path, 'utf8')) as { dependencies: Record<string, string> };
  for (const { name, tarball } of packed) manifest.dependencies[name] ??= `file:${tarball}`;
  await writeFile(path, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** `npm install` as a team runs it, from the npm cache when it holds the package. */
export function npmInstall(dir: string, specs: string[] = []): Promise<CommandResult> {
  return runCommand('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...specs], dir);
}

/** The example's program: examples/embed/src without its tests and their helpers. */
export function exampleSources(): string[] {
  return readdirSync(join(REPO_ROOT, 'examples/embed/src')).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'),
  );
}

/** The example's sources in `dir/src`, in a package of the given module type. */
export async function copyExample(dir: string, type: 'module' | 'commonjs'): Promise<void> {
  await mkdir(join(dir, 'src'), { recursive: true });
  await writeFile(join(dir, 'package.json'), `${JSON.stringify({ type })}\n`);
  for (const file of exampleSources()) {
    await copyFile(join(REPO_ROOT, 'examples/embed/src', file), join(dir, 'src', file));
  }
}

/** A strict tsconfig as a team writes it; declaration files are checked unless `skipLibCheck` says not. */
export async function writeTsconfig(
  path: string,
  compilerOptions: Record<string, unknown>,
  include: string[],
): Promise<void> {
  const tsconfig = {
    compilerOptions: {
      strict: true,
      target: 'ES2022',
      lib: ['ES2022'],
      types: ['node'],
      skipLibCheck: false,
      ...compilerOptions,
    },
    include,
  };
  await writeFile(path, `${JSON.stringify(tsconfig, null, 2)}\n`);
}

/** The workspace's own TypeScript compiler (the lockfile's version). */
export function typecheck(tsconfig: string): Promise<CommandResult> {
  const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
  return runCommand(process.execPath, [tsc, '-p', tsconfig], dirname(tsconfig));
}
