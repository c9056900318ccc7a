import { spawn } from 'node:child_process';
import { expect } from 'chai';
import { EmulatorOrg, OFFLINE_ENV, useEmulatorOrgWithDefaultApp } from '../helpers/emulator-org.js';
import { BIN, ROOT } from '../helpers/bin.js';
import { runInTerminal, stopTerminals } from '../helpers/tmux.js';

const SPINNER_FRAME = /[\u2801-\u28ff]/;

/** The raw bytes a command writes to a pseudo-terminal that is not tmux (util-linux `script`), CI unset. */
function rawOnPty(args: readonly string[], env: EmulatorOrg): Promise<string> {
  const quoted = [process.execPath, BIN, ...args].map((arg) => `'${arg.replace(/'/g, "'\\''")}'`).join(' ');
  return new Promise((resolve) => {
    const rest = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'TMUX' && key !== 'CI'));
    const child = spawn('script', ['-q', '-e', '-c', quoted, '/dev/null'], {
      cwd: ROOT,
      env: { ...rest, ...OFFLINE_ENV, HOME: env.home, NO_COLOR: '1', TERM: 'xterm-256color' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let raw = '';
    child.stdout.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    child.on('close', () => resolve(raw));
  });
}

// Progress that reads well where it is captured: under tmux each line once (issue 14, item 4).
describe('progress on a terminal', function () {
  this.timeout(180_000);
  const env = useEmulatorOrgWithDefaultApp(stopTerminals);

  // Each run drifts the session timeout to a new value, so --fix has a deploy to wait for.
  for (const [term, minutes] of [['screen', '30'], ['tmux-256color', '60']]) {
    it(`under tmux (TERM=${term}), on a pane's first row: each step and status on one line, no spinner frames in the scrollback`, async () => {
      env.emulator.faults.setDeployProcessingMs(2500);
      try {
        const screen = await runInTerminal(`sf dropzone app validate --target-org ${env.alias} --session-timeout ${minutes} --fix`, {
          home: env.home,
          width: 80,
          env: { TERM: term },
        });
        expect(screen.code, screen.lines.join('\n')).to.equal(0);
        const text = screen.lines.join('\n');
        expect(text).to.not.match(SPINNER_FRAME);
        expect(screen.lines.filter((line) => line.startsWith('Reading '))).to.have.length(2);
        const fixing = screen.lines.filter((line) => line.startsWith('Redeploying '));
        expect(fixing.map((line) => line.replace(/^Redeploying \w+ to fix them/, 'step'))).to.deep.equal(['step...', 'step... done']);
        expect(screen.lines.filter((line) => /^ {2}0Af\w+: InProgress$/.test(line)), 'each status once').to.have.length(1);
      } finally {
        env.emulator.faults.setDeployProcessingMs(20);
      }
    });
  }

  it('on a terminal that is not tmux the sf spinner still draws', async () => {
    env.emulator.faults.setDeployProcessingMs(1500);
    try {
      const raw = await rawOnPty(['dropzone', 'app', 'validate', '--target-org', env.alias, '--session-timeout', '120', '--fix'], env);
      expect(raw).to.match(SPINNER_FRAME);
      expect(raw).to.contain('Reading SendSafely_Dropzone_Connector from');
    } finally {
      env.emulator.faults.setDeployProcessingMs(20);
    }
  });
});
