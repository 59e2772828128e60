// Lets `node -r ./bench/support/register.js file.ts` run the benchmarks' TypeScript without a build:
// swc compiles each .ts file on load, with the same settings as jest. Packages resolve to their
// built dist/ (what `npm start` runs) unless BENCH_FROM_SOURCE=1 maps @booking/* to src/ like jest;
// BENCH_PACKAGES_ROOT=<another checkout> then takes the packages from there (before/after comparisons
// of two commits with the same benchmark code).
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../..');
const options = (filename) => ({
  filename,
  sourceMaps: 'inline',
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript' },
  },
  module: { type: 'commonjs' },
});

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), options(filename));
  module._compile(code, filename);
};

if (process.env.BENCH_FROM_SOURCE === '1') {
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    const match = /^@booking\/([^/]+)(\/testing)?$/.exec(request);
    if (match) {
      const file = match[2] ? 'src/testing/index.ts' : 'src/index.ts';
      return path.join(process.env.BENCH_PACKAGES_ROOT || root, 'packages', match[1], file);
    }
    return resolve.call(this, request, ...rest);
  };
}
