// ESM-only packages (inversify, jose) are compiled to CommonJS by swc like our sources.
// One jest run over every package; `@booking/*` resolves to the sources, so tests need no build.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/examples', '<rootDir>/bench'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.(t|j)sx?$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(inversify|@inversifyjs|jose)/)'],
  moduleNameMapper: {
    '^@booking/core/testing$': '<rootDir>/packages/core/src/testing/index.ts',
    '^@booking/([^/]+)$': '<rootDir>/packages/$1/src/index.ts',
  },
  testTimeout: 30000,
};
