import { inspect } from 'node:util';
import { Command, Flags, HelpSection, Interfaces, ux } from '@oclif/core';
import { SfError } from '@salesforce/core/sfError';
import { loadMessages } from './messages.js';
import { TableOptions, formatTable } from './text-table.js';
import { sentenceWidth, wrapText } from '../ux/wrap.js';

const messages = loadMessages('app-flags');

/** What SfCommand prints for --json: the same envelope, so scripts see no difference between our commands. */
export type SuccessJson<T> = { status: number; result: T; warnings: string[] };

/** SfCommand's standard colours: bold red errors, bold yellow warnings, bold green success. */
const style = (color: 'red' | 'yellow' | 'green', text: string): string => ux.colorize('bold', ux.colorize(color, text));

const EXIT_TYPE_ERROR = 10;
const EXIT_GACK = 20;
const GACK = /\d{9,}-\d{3,} \(-?\d{7,}\)/;

/** sf-plugins-core's exit code rules: a Salesforce gack 20, a TypeError 10, else the error's own code, else 1. */
export function exitCodeOf(error: Error & { exitCode?: unknown; code?: unknown; oclif?: { exit?: unknown } }): number {
  const chain = (test: (e: Error) => boolean, e: unknown): boolean => e instanceof Error && (test(e) || chain(test, e.cause));
  if (chain((e) => GACK.test(e.message) || GACK.test(e.stack ?? ''), error)) return EXIT_GACK;
  if (chain((e) => e instanceof TypeError || e.name === 'TypeError' || e.message.includes('TypeError'), error)) return EXIT_TYPE_ERROR;
  if (typeof error.oclif?.exit === 'number') return error.oclif.exit;
  if (typeof error.exitCode === 'number') return error.exitCode;
  return 1;
}

/**
 * The base of commands that never touch an org (`generate`). `SfCommand` imports all of @salesforce/core (jsforce,
 * the logger, zip, schema validation) and @oclif/table (ink, react): over a second of module loading, and a logger
 * whose worker thread the process then waits for at exit. This class keeps what users and scripts see from SfCommand
 * (the --json envelope, SF_CONTENT_TYPE=JSON, the error format with "Try this" actions, exit codes, success colour)
 * and loads only @oclif/core, which oclif has loaded already.
 */
export abstract class OfflineCommand<T> extends Command {
  public static enableJsonFlag = true;
  /** As on SfCommand: sf's bin reads the files of --flags-dir into the arguments; the command only has to accept it. */
  public static baseFlags = {
    'flags-dir': Flags.directory({ summary: messages.getMessage('flags.flags-dir.summary'), helpGroup: 'GLOBAL' }),
  };
  /** As on SfCommand: sf's help (and ours, src/cli/command-help.ts) prints these after FLAG DESCRIPTIONS. */
  public static configurationVariablesSection?: HelpSection;
  public static envVariablesSection?: HelpSection;
  public static errorCodes?: HelpSection;
  protected readonly warnings: string[] = [];

  public logSuccess(message: string): void {
    this.log(style('green', message));
  }

  public table<R extends Record<string, unknown>>(options: TableOptions<R>): void {
    this.log(formatTable(options));
  }

  /** Warnings and errors wrap at word boundaries to the terminal, as on the org commands (src/ux/wrap.ts). */
  public logToStderr(message = '', ...args: unknown[]): void {
    super.logToStderr(wrapText(message, sentenceWidth(process.stderr)), ...args);
  }

  public warn(input: string | Error): string | Error {
    const message = typeof input === 'string' ? input : input.message;
    this.warnings.push(message);
    this.logToStderr(`${style('yellow', 'Warning:')} ${message}`);
    return input;
  }

  public logJson(json: unknown): void {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  }

  protected toSuccessJson(result: T): SuccessJson<T> {
    return { status: typeof process.exitCode === 'number' ? process.exitCode : 0, result, warnings: this.warnings };
  }

  /** SfCommand's error output: the same JSON fields, the same "Error (code): …" and "Try this:" text, the same exit code. */
  public catch(error: Interfaces.CommandError): Promise<never> {
    const sfError = SfError.wrap(error);
    const exitCode = exitCodeOf(error);
    const ownCode = (error as { code?: unknown }).code;
    const code = (typeof ownCode === 'string' && ownCode !== '') || typeof ownCode === 'number' ? String(ownCode) : String(exitCode);
    const thrown = Object.assign(new SfError(sfError.message, error.name ?? 'Error', sfError.actions, exitCode, sfError.cause), {
      data: sfError.data,
      context: sfError.context ?? this.id,
      code,
      status: exitCode,
      commandName: this.constructor.name,
      warnings: this.warnings,
      skipOclifErrorHandling: true,
      oclif: { exit: exitCode },
    });
    thrown.stack = error.stack;
    process.exitCode = exitCode;
    if (this.jsonEnabled()) {
      this.logJson({ ...thrown.toObject(), stack: thrown.stack, cause: inspect(thrown.cause), warnings: this.warnings, code, status: exitCode, commandName: thrown.commandName });
    } else {
      const actions = thrown.actions?.length ? [`\n${ux.colorize('dim', 'Try this:')}\n`, ...thrown.actions.map((action) => ux.colorize('dim', action))] : [];
      this.logToStderr([`${style('red', `Error (${code}):`)} ${thrown.message}`, '', ...actions, ''].join('\n'));
    }
    // plugin-telemetry (when run through sf) records command errors from this event, as it does for SfCommand's.
    process.emit('sfCommandError' as 'warning', thrown);
    throw thrown;
  }

  public abstract run(): Promise<T>;
}
