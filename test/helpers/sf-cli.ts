import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './bin.js';

/** The real sf CLI that `bash scripts/install-sf-cli.sh` installs, with this plugin linked or installed by the tests. */
export const SF = path.join(ROOT, '.tmp', 'sf-cli', 'node_modules', '.bin', 'sf');

export type SfRun = { code: number; stdout: string; stderr: string; ms: number };

/**
 * Runs the real `sf` with `args`, asynchronously: a synchronous spawn would block an in-process emulator and
 * deadlock. `env` is laid over this process's environment. `onOutput` sees stdout and stderr so far as they arrive,
 * as a person watching the terminal would.
 */
export function sf(args: readonly string[], env: Record<string, string>, cwd: string, onOutput?: (text: string) => void): Promise<SfRun> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(SF, [...args], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onOutput?.(stdout + stderr);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onOutput?.(stdout + stderr);
    });
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr, ms: Date.now() - started }));
  });
}
