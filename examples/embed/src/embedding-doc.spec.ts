import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleSources, installLines } from './test-support/consumer-project';
import { docBlocks, region, REPO_ROOT } from './test-support/doc-quotes';
import { startDocumentedCommand } from './test-support/example-process';

const blocks = docBlocks(readFileSync(join(REPO_ROOT, 'docs/embedding.md'), 'utf8'));
const command = (name: string) => blocks.find((b) => b.marker === `command: ${name}`)!.code;

/** The packages a source file imports (not node: modules, not its own files). */
const importedPackages = (source: string) =>
  [...source.matchAll(/^import .*?from '([^.][^']*)';$/gms)]
    .map((match) => match[1]!)
    .filter((name) => !name.startsWith('node:'));

interface Manifest {
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

describe('docs/embedding.md', () => {
  it('marks every code block as a quote of real code or a tested command', () => {
    expect(blocks.length).toBeGreaterThan(5);
    expect(blocks.filter((b) => !/^(quote: .+#.+|command: (install|run))$/.test(b.marker ?? ''))).toEqual([]);
  });

  it.each(blocks.filter((b) => b.marker?.startsWith('quote: ')).map((b) => [b.marker, b] as const))(
    'quotes the code as it is: %s',
    (marker, block) => {
      const [path = '', name = ''] = marker!.slice('quote: '.length).split('#');
      expect(block.code).toBe(region(path, name));
    },
  );

  it('installs every package the example imports and every peer those packages need', () => {
    const installed = installLines(command('install')).flatMap((line) => line.names);
    const imported = exampleSources().flatMap((file) =>
      importedPackages(readFileSync(join(REPO_ROOT, 'examples/embed/src', file), 'utf8')),
    );
    const peers = imported
      .filter((name) => name.startsWith('@booking/'))
      .flatMap((name) => {
        const dir = name.slice('@booking/'.length);
        const manifest = JSON.parse(
          readFileSync(join(REPO_ROOT, 'packages', dir, 'package.json'), 'utf8'),
        ) as Manifest;
        return Object.keys(manifest.peerDependencies ?? {}).filter(
          (peer) => !manifest.peerDependenciesMeta?.[peer]?.optional,
        );
      });
    expect(imported).toContain('koa');
    expect([...new Set([...imported, ...peers])].filter((name) => !installed.includes(name))).toEqual([]);
    expect(installed).toEqual(expect.arrayContaining(['typescript', '@types/node']));
  });

  it('runs the example with its command, which serves and stops cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'embed-doc-'));
    // In the workspace, `npm run build` compiled the example to examples/embed/dist.
    const example = startDocumentedCommand(command('run'), join(REPO_ROOT, 'examples/embed'), {
      ...process.env,
      DATABASE_URL: '',
      PORT: '0',
      DATA_DIR: dataDir,
    });
    try {
      const [, url] = await example.waitForOutput(/booking on (http:\/\/\S+)/);
      expect((await fetch(`${url}/health`)).status).toBe(200);
      expect(await example.stop()).toEqual({ code: 0, signal: null });
    } finally {
      example.kill();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
