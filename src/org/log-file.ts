import { mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Global, Mode } from '@salesforce/core/global';
import { Logger, computeLevel, getWriteStream } from '@salesforce/core/logger';

/** How often buffered lines reach the file while a command runs: the transport worker's own longest poll. */
const FLUSH_EVERY_MS = 1000;

const disabled = (name: string): boolean => process.env[name] === 'true';

/**
 * Makes @salesforce/core's root logger write the sf log file (`~/.sf/sf-<date>.log`, at SF_LOG_LEVEL) from this thread.
 *
 * Core's file logger writes through a pino transport worker (thread-stream 3), which polls for new lines with a
 * back-off of up to 1 s; at exit the process blocks until that worker's next poll, 0–1 s after the command is done,
 * and through sf that comes on top of sf's own logger's wait (the plugin has its own copy of core, so its own worker).
 * Here the root logger is core's memory logger (same level, same fields, core's secret filter applied to every
 * record), and its records are appended to the file core would write, as the JSON lines core's transport writes:
 * every second while the command runs and synchronously at exit, so nothing waits on a thread.
 *
 * Left to core as it is: DEBUG (pretty output to the terminal instead of the file), SF_DISABLE_LOG_FILE (no file),
 * core's test mode, and any process whose root logger already exists. Core's 1-in-100 removal of week-old log files
 * runs where sf creates its own root logger, so on every run through sf.
 */
export function logToFileWithoutWorker(): void {
  if (process.env.DEBUG || disabled('SF_DISABLE_LOG_FILE') || disabled('SFDX_DISABLE_LOG_FILE')) return;
  if (Global.getEnvironmentMode() === Mode.TEST) return;
  const level = computeLevel(Logger.DEFAULT_LEVEL);
  let root: Logger;
  try {
    root = new Logger({ name: Logger.ROOT_NAME, level: Logger.DEFAULT_LEVEL, fields: {}, useMemoryLogger: true });
  } catch {
    return; // a root logger exists already (RedundantRootLoggerError): it keeps writing as it does
  }
  const destination = (getWriteStream(level).options as { destination?: unknown } | undefined)?.destination;
  if (typeof destination !== 'string') return;
  let fd: number | undefined;
  try {
    mkdirSync(path.dirname(destination), { recursive: true });
    fd = openSync(destination, 'a');
  } catch {
    fd = undefined; // an unwritable log folder never fails a command; core's worker would drop the lines too
  }
  const flush = (): void => {
    const records = root.getBufferedRecords();
    if (records.length === 0) return;
    const text = records.splice(0).map((record) => `${JSON.stringify(record)}\n`).join('');
    if (fd === undefined) return;
    try {
      writeSync(fd, text);
    } catch {
      // as above: a full disk or a removed folder loses log lines, never the command's result
    }
  };
  setInterval(flush, FLUSH_EVERY_MS).unref();
  process.on('exit', flush);
}
