'use strict';
// Keeps mocha's spec output and ends with the one line CI reads: "N passed, N failed, N skipped".
// Skipped counts mocha's pending tests: those skipped on purpose (e.g. the real-sf tests when the sf CLI is absent).
const Mocha = require('mocha');

const { EVENT_RUN_END } = Mocha.Runner.constants;

module.exports = class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () =>
      process.nextTick(() =>
        console.log(`${this.stats.passes} passed, ${this.stats.failures} failed, ${this.stats.pending} skipped`)
      )
    );
  }
};
