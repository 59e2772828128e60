import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './doc-quotes';
import { runCommand } from './run-command';

export interface Manifest {
  name: string;
  private?: boolean;
  main?: string;
  types?: string;
  bin?: Record<string, string>;
  exports?: Record<string, unknown>;
  typesVersions?: Record<string, Record<string, string[]>>;
}

export interface PackedPackage {
  name: string;
  manifest: Manifest;
  /** The tarball's absolute path. */
  tarball: string;
  /** The paths inside the tarball. */
  files: string[];
}

/** The workspace packages a team installs: every packages/* that is not private. */
export function publishableDirs(): string[] {
  return readdirSync(join(REPO_ROOT, 'packages')).filter((dir) => !manifestOf(dir).private);
}

function manifestOf(dir: string): Manifest {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'packages', dir, 'package.json'), 'utf8')) as Manifest;
}

/** `npm pack`s every publishable package (their dist/ must be built) into `destination`. */
export async function packPackages(destination: string): Promise<PackedPackage[]> {
  const dirs = publishableDirs();
  const workspaces = dirs.flatMap((dir) => ['-w', `packages/${dir}`]);
  const pack = await runCommand(
    'npm',
    ['pack', '--json', '--pack-destination', destination, ...workspaces],
    REPO_ROOT,
  );
  if (pack.code !== 0) throw new Error(`npm pack failed:\n${pack.output}`);
  const packed = JSON.parse(pack.stdout) as { name: string; filename: string; files: { path: string }[] }[];
  return dirs.map((dir) => {
    const manifest = manifestOf(dir);
    const entry = packed.find((p) => p.name === manifest.name);
    if (!entry) throw new Error(`npm pack made no tarball of ${manifest.name}`);
    return {
      name: manifest.name,
      manifest,
      tarball: join(destination, entry.filename),
      files: entry.files.map((file) => file.path),
    };
  });
}

/** Every file a manifest points at: main, types, bin, the exports map's targets, typesVersions. */
export function entryFiles(manifest: Manifest): string[] {
  const targets = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : Object.values(value ?? {}).flatMap(targets);
  return [
    ...targets(manifest.main),
    ...targets(manifest.types),
    ...targets(manifest.bin),
    ...targets(manifest.exports),
    ...targets(manifest.typesVersions),
  ].map((path) => path.replace(/^\.\//, ''));
}

/** The import specifiers of a package's entry points: `@booking/core`, `@booking/core/testing`. */
export function entrySpecifiers(manifest: Manifest): string[] {
  return Object.keys(manifest.exports ?? { '.': '' })
    .filter((key) => key !== './package.json')
    .map((key) => (key === '.' ? manifest.name : `${manifest.name}/${key.replace(/^\.\//, '')}`));
}
