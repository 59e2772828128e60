// Bundles the app (React, the element, @booking/client, socket.io-client) into dist/, or the folder
// given: `node build.mjs [outDir]`. `--serve` serves it at http://localhost:8000 and rebuilds on changes.
import { context } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { argv, stdout } from 'node:process';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const serve = argv.includes('--serve');
const out = argv.slice(2).find((arg) => !arg.startsWith('--')) ?? join(here, 'dist');
await mkdir(out, { recursive: true });
await copyFile(join(here, 'src/index.html'), join(out, 'index.html'));
const build = await context({
  entryPoints: [join(here, 'src/main.tsx')],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  jsx: 'automatic',
  minify: true,
  sourcemap: true,
  outfile: join(out, 'main.js'),
  define: { 'process.env.NODE_ENV': '"production"' },
  // Workspace packages from their sources, so the app needs no package build first.
  alias: {
    '@booking/seat-map': join(here, '../../packages/seat-map/src/index.ts'),
    '@booking/client': join(here, '../../packages/client/src/index.ts'),
  },
  logLevel: 'warning',
});
if (serve) {
  await build.watch();
  const { port } = await build.serve({ servedir: out, port: 8000 });
  stdout.write(`http://localhost:${port}/?route=<route id>\n`);
} else {
  await build.rebuild();
  await build.dispose();
}
