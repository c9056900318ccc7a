import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** `endedAt` is the epoch time (ms) at which the process had ended and closed its output. */
export type ChildResult = { wallMs: number; endedAt: number; code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

export type ChildOptions = { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number };

/**
 * Runs one command the way a user does (a fresh process) and times it from spawn to exit. Always asynchronous: the
 * emulator answering the command lives in this process, so blocking here would stall it.
 */
export function runTimed(command: string, args: readonly string[], options: ChildOptions): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      const wallMs = performance.now() - started;
      clearTimeout(timer);
      resolve({ wallMs, endedAt: Date.now(), code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}

/** A failed command stops the benchmark: a figure measured on an error path would be meaningless. */
export function expectExit<T extends ChildResult>(result: T, label: string, codes: readonly number[] = [0]): T {
  if (result.code !== null && codes.includes(result.code)) return result;
  const how = result.signal ? `was killed (${result.signal}, time limit?)` : `exited ${String(result.code)}`;
  const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-20).join('\n');
  throw new Error(`${label} ${how}:\n${output}`);
}
