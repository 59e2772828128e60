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
};
