// Jest's default test order, plus a note of the test files this run selected. Jest sorts
// them before it runs globalSetup, which reads the note to start Keycloak (half a minute or
// more) only for runs that need it. Plain JS: jest loads a sequencer without transforming it.
const Sequencer = require('@jest/test-sequencer').default;

class RecordingSequencer extends Sequencer {
  sort(tests) {
    globalThis.__selectedTestPaths = tests.map((test) => test.path);
    return super.sort(tests);
  }
}

module.exports = RecordingSequencer;
