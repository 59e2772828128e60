import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docBlocks, region, REPO_ROOT } from './doc-quotes';

const blocks = docBlocks(readFileSync(join(REPO_ROOT, 'docs/embedding.md'), 'utf8'));

describe('docs/embedding.md', () => {
  it('marks every code block as a quote of real code or a tested command', () => {
    expect(blocks.length).toBeGreaterThan(5);
    expect(blocks.filter((b) => !/^(quote: .+#.+|command: run)$/.test(b.marker ?? ''))).toEqual([]);
  });

  it.each(blocks.filter((b) => b.marker?.startsWith('quote: ')).map((b) => [b.marker, b] as const))(
    'quotes the code as it is: %s',
    (marker, block) => {
      const [path = '', name = ''] = marker!.slice('quote: '.length).split('#');
      expect(block.code).toBe(region(path, name));
    },
  );

  it('runs the example with its command, which serves and stops cleanly on SIGTERM', async () => {
    const command = blocks.find((b) => b.marker === 'command: run')!.code;
    const dataDir = await mkdtemp(join(tmpdir(), 'embed-doc-'));
    // exec (and env for the variable): the signal reaches node itself, as from a process manager.
    const child = spawn('sh', ['-c', `exec ${command.replace(/^(\w+=\S+) /, 'env $1 ')}`], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: '', PORT: '0', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const listening = /booking on (http:\/\/\S+)/.exec(output);
          if (listening?.[1]) resolve(listening[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
      });
      expect((await fetch(`${url}/health`)).status).toBe(200);
      const exited = new Promise((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
      );
      child.kill('SIGTERM');
      expect(await exited).toEqual({ code: 0, signal: null });
    } finally {
      child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
