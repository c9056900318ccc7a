import sinon from 'sinon';
import { Spinner, stubSfCommandUx } from '@salesforce/sf-plugins-core';

export type QuietUx = { readonly sandbox: sinon.SinonSandbox; readonly ux: ReturnType<typeof stubSfCommandUx> };

/**
 * Quiets the command UX around each test of the calling `describe` (mocha hooks): SfCommand's output is captured, not
 * printed, and the spinner does not draw unless `spinner` is false; afterwards the stubs are restored and
 * process.exitCode is cleared. Call it before the describe's own afterEach hooks, which then run after these.
 * Returns the running test's sandbox and output stubs.
 */
export function quietCommandUx(options: { spinner?: boolean } = {}): QuietUx {
  let sandbox: sinon.SinonSandbox | undefined;
  let ux: ReturnType<typeof stubSfCommandUx> | undefined;
  beforeEach(() => {
    sandbox = sinon.createSandbox();
    ux = stubSfCommandUx(sandbox);
    if (options.spinner !== false) {
      sandbox.stub(Spinner.prototype, 'start');
      sandbox.stub(Spinner.prototype, 'stop');
    }
  });
  afterEach(() => {
    sandbox?.restore();
    process.exitCode = undefined;
  });
  return {
    get sandbox() {
      if (!sandbox) throw new Error('quietCommandUx: no test is running');
      return sandbox;
    },
    get ux() {
      if (!ux) throw new Error('quietCommandUx: no test is running');
      return ux;
    },
  };
}
