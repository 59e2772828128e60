// The dependency rule: @booking/core is pure. It imports neverthrow and itself, nothing else:
// no adapter, no framework, no Node I/O module. Tests (*.spec.ts) may use test tools, and the shared
// contract suites (src/testing/contracts) may import jest's types. The wire (@booking/protocol)
// imports only the core and zod; the browser client takes only its types.
const core = '^packages/core/src/';
const protocol = '^packages/protocol/src/';
const spec = '\\.spec\\.ts$';
// Every way an import can reach a package from outside the repo (npm, or a name not resolved).
const packageImports = ['npm', 'npm-dev', 'npm-peer', 'npm-optional', 'npm-no-pkg', 'npm-unknown', 'unknown'];
// The shared contract suites are test code shipped in @booking/core/testing: they may import @jest/globals.

module.exports = {
  forbidden: [
    {
      name: 'core-imports-no-node-module',
      severity: 'error',
      comment: 'The core does no I/O: it must not import a Node built-in module (its tests may).',
      from: { path: core, pathNot: spec },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-imports-only-neverthrow',
      severity: 'error',
      comment:
        'neverthrow is the only package the core may import (adapters and frameworks depend on the core, never the reverse).',
      from: { path: core, pathNot: [spec, '^packages/core/src/testing/contracts/'] },
      to: {
        dependencyTypes: [...packageImports, 'aliased', 'aliased-workspace', 'local'],
        pathNot: ['^node_modules/neverthrow/', core],
      },
    },
    {
      name: 'core-tests-no-adapter',
      severity: 'error',
      comment: 'Core tests use the in-memory adapters, never a real adapter package.',
      from: { path: core },
      to: { path: '^packages/(?!core/)' },
    },
    {
      name: 'payment-adapters-import-core-only',
      severity: 'error',
      comment:
        'A PaymentGateway adapter (packages/payments-*) implements a core port: it imports the core and its own files, no other booking package.',
      from: { path: '^packages/(payments-[^/]+)/' },
      to: { path: '^packages/', pathNot: ['^packages/core/', '^packages/$1/'] },
    },
    {
      name: 'protocol-imports-no-adapter',
      severity: 'error',
      comment:
        'The wire (@booking/protocol) is shared by the server adapters and the browser client: it imports the core and zod, never an adapter.',
      from: { path: protocol },
      to: { path: '^packages/', pathNot: ['^packages/core/', '^packages/protocol/'] },
    },
    {
      name: 'protocol-imports-only-zod',
      severity: 'error',
      comment: 'zod is the only package the wire may import besides the core (it runs in browsers too).',
      from: { path: protocol, pathNot: spec },
      to: {
        dependencyTypes: ['core', ...packageImports],
        pathNot: ['^node_modules/zod/'],
      },
    },
    {
      name: 'client-imports-protocol-types-only',
      severity: 'error',
      comment:
        'Browsers bundle @booking/client: it takes only types from @booking/protocol, so zod and the schemas stay out of the bundle.',
      from: { path: '^packages/client/src/', pathNot: [spec, '^packages/client/src/test-support/'] },
      to: { path: '^packages/protocol/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'seat-map-imports-client-only',
      severity: 'error',
      comment:
        'The <booking-seat-map> element runs in browsers with no framework: it imports @booking/client and its own files, no other package (its tests may).',
      from: { path: '^packages/seat-map/src/', pathNot: [spec, '^packages/seat-map/src/test-support/'] },
      to: {
        dependencyTypes: [...packageImports, 'aliased', 'aliased-workspace', 'local'],
        pathNot: ['^packages/client/', '^packages/seat-map/'],
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsConfig: { fileName: 'tsconfig.check.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
  },
};
