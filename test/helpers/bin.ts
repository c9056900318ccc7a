import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OFFLINE_ENV } from './emulator-org.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'bin', 'run.js');

export type BinRun = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number };

export type BinProcess = {
  readonly child: ChildProcess;
  /** Resolves once stdout or stderr so far matches. */
  output(pattern: RegExp, timeoutMs?: number): Promise<string>;
  readonly done: Promise<BinRun>;
};

/**
 * The built plugin as users run it: `./bin/run.js` in its own process (asynchronous, so that an in-process emulator
 * keeps answering), under `home` as HOME.
 */
export function startBin(args: readonly string[], options: { home: string; cwd?: string; env?: Record<string, string> }): BinProcess {
  return startProcess(process.execPath, [BIN, ...args], options);
}

/**
 * A command line exactly as the plugin printed it, run by bash with `sf` meaning this plugin's `./bin/run.js`, so a
 * test proves the printed hint runs as printed (quoting included).
 */
export function startPrinted(commandLine: string, options: { home: string; cwd?: string; env?: Record<string, string> }): BinProcess {
  if (!commandLine.startsWith('sf ')) throw new Error(`not an sf command: ${commandLine}`);
  return startProcess('bash', ['-c', `sf() { "${process.execPath}" "${BIN}" "$@"; }\n${commandLine}`], options);
}

function startProcess(file: string, args: readonly string[], options: { home: string; cwd?: string; env?: Record<string, string> }): BinProcess {
  const started = Date.now();
  const child = spawn(file, [...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...OFFLINE_ENV, HOME: options.home, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  const notify = (): void => waiters.forEach((waiter) => waiter());
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    notify();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    notify();
  });
  const done = new Promise<BinRun>((resolve) =>
    child.on('close', (code, signal) => {
      notify();
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    })
  );
  let exited = false;
  void done.then(() => (exited = true));
  const output = (pattern: RegExp, timeoutMs = 60_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const text = `${stdout}\n${stderr}`;
        if (pattern.test(text)) {
          cleanup();
          resolve(text);
        } else if (exited || child.exitCode !== null) {
          cleanup();
          reject(new Error(`exited before ${String(pattern)}:\n${text}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${String(pattern)} within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  return { child, output, done };
}
