import { expect } from 'chai';
import type { Spinner } from '@salesforce/sf-plugins-core';
import { canRedraw } from '../../../src/ux/redraw.js';
import { stepProgress } from '../../../src/ux/step-progress.js';

/** A sink that records what the command would print, and what it asked of the spinner. */
function recorder(): { lines: string[]; spinner: string[]; sink: { spinner: Spinner; logToStderr(message: string): void } } {
  const lines: string[] = [];
  const spinner: string[] = [];
  const fake = {
    start: (action: string) => spinner.push(`start ${action}`),
    stop: (message: string) => spinner.push(`stop ${message}`),
    set status(text: string) {
      spinner.push(`status ${text}`);
    },
  } as unknown as Spinner;
  return { lines, spinner, sink: { spinner: fake, logToStderr: (message) => lines.push(message) } };
}

describe('progress where the terminal cannot redraw', () => {
  it('redraws only on a terminal outside CI, tmux and dumb terminals', () => {
    const tty = { isTTY: true };
    expect(canRedraw({ TERM: 'xterm-256color' }, tty)).to.equal(true);
    expect(canRedraw({ TERM: 'xterm-256color' }, { isTTY: false })).to.equal(false);
    expect(canRedraw({ TERM: 'xterm-256color', CI: 'true' }, tty)).to.equal(false);
    expect(canRedraw({ TERM: 'screen', TMUX: '/tmp/tmux-0/default,1,0' }, tty)).to.equal(false);
    expect(canRedraw({ TERM: 'dumb' }, tty)).to.equal(false);
  });

  it('prints whole lines: the step, each new status once, then the step with its outcome', async () => {
    const { lines, spinner, sink } = recorder();
    const progress = stepProgress(sink, false);
    progress.start('Redeploying X to fix them');
    progress.status('Fix deploy 0Af1 accepted by the org.');
    progress.status('0Af1: InProgress');
    progress.status('0Af1: InProgress');
    progress.stop();
    expect(lines).to.deep.equal([
      'Redeploying X to fix them...',
      '  Fix deploy 0Af1 accepted by the org.',
      '  0Af1: InProgress',
      'Redeploying X to fix them... done',
    ]);
    expect(spinner).to.deep.equal([]);
    expect(await progress.run('Reading', Promise.resolve(1))).to.equal(1);
    expect(lines.slice(-2)).to.deep.equal(['Reading...', 'Reading... done']);
  });

  it('a step that raised an error says failed, never done, and the error goes on', async () => {
    for (const redraw of [false, true]) {
      const { lines, spinner, sink } = recorder();
      const failing = stepProgress(sink, redraw).run('Reading the app', Promise.reject(new Error('no such app')));
      await failing.then(
        () => expect.fail('the error was swallowed'),
        (error: Error) => expect(error.message).to.equal('no such app')
      );
      expect([...lines, ...spinner].join('\n')).to.not.contain('done');
      expect(redraw ? spinner : lines).to.deep.equal(redraw ? ['start Reading the app', 'stop failed'] : ['Reading the app...', 'Reading the app... failed']);
    }
  });
});
