// The jest setup for mutation testing (`npm run mutation`): the core's own specs only, with the same
// transform and module mapping as the main run. DATABASE_URL and REDIS_URL stay unset so no spec
// reaches for a database.
const base = require('./jest.config.js');

const [booking] = base.projects;

/** @type {import('jest').Config} */
module.exports = {
  ...booking,
  displayName: 'core mutation',
  roots: ['<rootDir>/packages/core/src'],
  testSequencer: '<rootDir>/jest.mutation.sequencer.js',
  testTimeout: base.testTimeout,
  // MUTATION_QUICK=1 leaves out the slow model-based and race specs: on a busy machine a survivor
  // costs seconds instead of minutes, and the score is a lower bound of the full run's. A test that
  // hangs on a mutant fails after 10 s (run with --timeoutMS 20000, so jest fails it before Stryker
  // kills the worker: a killed worker costs a restart, a failed test only its 10 s).
  ...(process.env.MUTATION_QUICK
    ? {
        testPathIgnorePatterns: ['/node_modules/', '/booking-model\\.spec\\.ts$', '/races\\.spec\\.ts$'],
        testTimeout: 10000,
      }
    : {}),
};
