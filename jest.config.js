// ESM-only packages (inversify, jose) are compiled to CommonJS by swc like our sources.
// One jest run over every package; `@booking/*` resolves to the sources, so tests need no build.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript' },
    },
    module: { type: 'commonjs' },
  },
];

const project = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(inversify|@inversifyjs|jose)/)'],
  moduleNameMapper: {
    '^@booking/core/testing$': '<rootDir>/packages/core/src/testing/index.ts',
    '^@booking/([^/]+)$': '<rootDir>/packages/$1/src/index.ts',
  },
};

// The seat gateway writes route rooms through private parts of engine.io and ws when a start-up check
// allows it, else through Socket.IO's public broadcasts: the suites that deliver seat events run on both.
const deliverySuites = [
  'gateway',
  'replay',
  'group-bookings',
  'subscription-order',
  'lost-bus-messages',
  'fuzz',
  'route-updates',
];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...project,
      displayName: 'booking',
      roots: ['<rootDir>/packages', '<rootDir>/examples', '<rootDir>/bench'],
      testMatch: ['**/*.spec.ts'],
    },
    {
      ...project,
      displayName: 'socketio public room writes',
      roots: ['<rootDir>/packages/socketio/src'],
      testMatch: deliverySuites.map((suite) => `**/${suite}.spec.ts`),
      setupFiles: ['<rootDir>/packages/socketio/src/test-support/public-room-writes.setup.ts'],
    },
  ],
  testTimeout: 30000,
};
