// Bundles the page (TypeScript + <booking-seat-map> + @booking/client + socket.io-client) into dist/
// for the server to serve.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist');
await mkdir(out, { recursive: true });
await build({
  entryPoints: [join(here, 'src/main.ts')],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  minify: true,
  sourcemap: true,
  outfile: join(out, 'main.js'),
  // Resolve workspace packages from their sources, so the page needs no package build first.
  alias: {
    '@booking/seat-map': join(here, '../../packages/seat-map/src/index.ts'),
    '@booking/client': join(here, '../../packages/client/src/index.ts'),
  },
  logLevel: 'warning',
});
await copyFile(join(here, 'src/index.html'), join(out, 'index.html'));
await copyFile(join(here, 'src/style.css'), join(out, 'style.css'));
