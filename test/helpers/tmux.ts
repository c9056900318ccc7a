import { execFileSync } from 'node:child_process';
import { OFFLINE_ENV } from './emulator-org.js';
import { BIN, ROOT } from './bin.js';

export type Screen = { lines: string[]; code: number };

const SOCKET = `dz-test-${process.pid}`;
let sessions = 0;

const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * Runs an `sf` command line (`sf` being this plugin's ./bin/run.js) in a real terminal of `width` columns: a detached
 * tmux session. Resolves with the lines the program printed (a line longer than `width` is one the terminal had to wrap) and the exit code.
 * Asynchronous, so that an emulator in this process keeps answering.
 */
export async function runInTerminal(
  commandLine: string,
  options: { home: string; width: number; cwd?: string; env?: Record<string, string>; timeoutMs?: number; answer?: { when: RegExp; keys: string } }
): Promise<Screen> {
  const session = `s${++sessions}`;
  const env = { ...OFFLINE_ENV, HOME: options.home, NO_COLOR: '1', ...options.env };
  const exports = Object.entries(env).map(([key, value]) => `export ${key}='${value.replace(/'/g, "'\\''")}'`).join('; ');
  // CI must be unset: on a terminal the plugin behaves as for a person.
  const script = `unset CI; ${exports}; cd '${options.cwd ?? ROOT}'; sf() { '${process.execPath}' '${BIN}' "$@"; }; ${commandLine}; echo "[exit $?]"; sleep 600`;
  tmux('new-session', '-d', '-s', session, '-x', String(options.width), '-y', '50', 'bash', '-c', script);
  tmux('set-option', '-t', session, 'history-limit', '5000');
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let answered = false;
  try {
    for (;;) {
      // -J joins the lines the terminal wrapped: each captured line is one line the program printed.
      const text = tmux('capture-pane', '-p', '-J', '-t', session, '-S', '-5000');
      if (options.answer && !answered && options.answer.when.test(text)) {
        answered = true;
        tmux('send-keys', '-t', session, options.answer.keys, 'Enter');
      }
      const exit = /^\[exit (\d+)\]$/m.exec(text);
      if (exit) {
        const lines = text.slice(0, exit.index).replace(/\n+$/, '').split('\n');
        return { lines, code: Number(exit[1]) };
      }
      if (Date.now() > deadline) throw new Error(`no exit within the time limit:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    tmux('kill-session', '-t', session);
  }
}

export function stopTerminals(): void {
  try {
    tmux('kill-server');
  } catch {
    // no server left
  }
}
