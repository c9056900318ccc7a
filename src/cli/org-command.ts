import { SfCommand } from '@salesforce/sf-plugins-core';
import { logToFileWithoutWorker } from '../org/log-file.js';

/**
 * The base of the commands that talk to an org: SfCommand, whose root logger writes the sf log file from the
 * command's own thread instead of a transport worker the process would wait for at exit (src/org/log-file.ts).
 */
export abstract class OrgCommand<T> extends SfCommand<T> {
  // Before SfCommand's _run, which reads the config (creating core's root logger) ahead of init().
  public async _run<R>(): Promise<R> {
    logToFileWithoutWorker();
    return super._run<R>();
  }
}
