import { SfCommand } from '@salesforce/sf-plugins-core';
import { logToFileWithoutWorker } from '../org/log-file.js';
import { sentenceWidth, wrapText } from '../ux/wrap.js';

/**
 * The base of the commands that talk to an org: SfCommand, whose root logger writes the sf log file from the
 * command's own thread instead of a transport worker the process would wait for at exit (src/org/log-file.ts). Its
 * sentences (lines, warnings, errors and their actions) wrap at word boundaries to the terminal (src/ux/wrap.ts).
 */
export abstract class OrgCommand<T> extends SfCommand<T> {
  // Before SfCommand's _run, which reads the config (creating core's root logger) ahead of init().
  public async _run<R>(): Promise<R> {
    logToFileWithoutWorker();
    return super._run<R>();
  }

  public log(message = '', ...args: unknown[]): void {
    super.log(wrapText(message, sentenceWidth(process.stdout)), ...args);
  }

  public logToStderr(message = '', ...args: unknown[]): void {
    super.logToStderr(wrapText(message, sentenceWidth(process.stderr)), ...args);
  }
}
