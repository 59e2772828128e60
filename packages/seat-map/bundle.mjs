// Bundles <booking-seat-map> with @booking/client and socket.io-client into one ES module a page can
// load with <script type="module">, and prints its size minified and gzipped.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { argv, stdout } from 'node:process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const outfile = argv[2] ?? join(here, 'dist/booking-seat-map.js');
await build({
  entryPoints: [join(here, 'src/register.ts')],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  minify: true,
  outfile,
  // Workspace packages from their sources, so the bundle needs no package build first.
  alias: { '@booking/client': join(here, '../client/src/index.ts') },
  logLevel: 'warning',
  // The element connects over long-polling and WebSocket only (it always names its transports), so
  // engine.io's WebTransport transport, which it would never open, is left out: 0.8 KB gzipped.
  plugins: [
    {
      name: 'no-webtransport',
      setup(bundle) {
        bundle.onResolve({ filter: /^\.\/webtransport\.js$/ }, ({ importer }) =>
          importer.includes('engine.io-client') ? { path: 'webtransport', namespace: 'left-out' } : undefined,
        );
        bundle.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({
          contents: 'export const WT = undefined;',
        }));
      },
    },
  ],
});
const code = await readFile(outfile);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
stdout.write(`${outfile}: ${kb(code.length)} minified, ${kb(gzipSync(code, { level: 9 }).length)} gzipped\n`);
