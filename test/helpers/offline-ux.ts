import type sinon from 'sinon';
import { OfflineCommand } from '../../src/cli/offline-command.js';

/** What `stubSfCommandUx` does for SfCommand, for commands on OfflineCommand (generate): output captured, not printed. */
export function stubOfflineCommandUx(sandbox: sinon.SinonSandbox) {
  const prototype = OfflineCommand.prototype as unknown as Record<'log' | 'logToStderr' | 'logSuccess' | 'table' | 'warn' | 'logJson', (...args: unknown[]) => void>;
  return {
    log: sandbox.stub(prototype, 'log'),
    logToStderr: sandbox.stub(prototype, 'logToStderr'),
    logSuccess: sandbox.stub(prototype, 'logSuccess'),
    table: sandbox.stub(prototype, 'table'),
    warn: sandbox.stub(prototype, 'warn'),
    logJson: sandbox.stub(prototype, 'logJson'),
  };
}
