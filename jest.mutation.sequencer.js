// Runs the slow model-based spec last: Stryker stops at the first failing spec, so most mutants are
// killed by the quick specs before the model's thousands of steps start.
const Sequencer = require('@jest/test-sequencer').default;

class ModelLastSequencer extends Sequencer {
  sort(tests) {
    const isModel = (test) => test.path.endsWith('booking-model.spec.ts');
    return [...tests].sort((a, b) => Number(isModel(a)) - Number(isModel(b)));
  }
}

module.exports = ModelLastSequencer;
