import { Messages } from '@salesforce/core/messages';
import type { Spinner } from '@salesforce/sf-plugins-core';
import { canRedraw } from './redraw.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-dropzone', 'stages');

/** How a step ended, as the progress line says it: done, failed, interrupted. */
export function stageText(state: 'done' | 'failed' | 'interrupted'): string {
  return messages.getMessage(state);
}

/** One step a command waits on, shown in the sf style: `Reading … done`, or `… failed` when the step raised an error. */
export type StepProgress = {
  start(action: string): void;
  status(text: string): void;
  stop(message?: string): void;
  /** Shows `action` while `work` runs; stops with `done` when it resolves and `failed` when it rejects. */
  run<T>(action: string, work: Promise<T>): Promise<T>;
};

type Sink = { spinner: Spinner; logToStderr(message: string): void };

/**
 * A spinner where the terminal redraws a line in place (see canRedraw), whole lines on stderr elsewhere (CI, pipes,
 * tmux): the action when the step starts, each new status indented, the action with its outcome when it ends. Under
 * --json both are silent (the command's spinner and logToStderr are).
 */
export function stepProgress(sink: Sink, redraw = canRedraw()): StepProgress {
  let action: string | undefined;
  let lastStatus = '';
  const progress: StepProgress = {
    start(next) {
      action = next;
      lastStatus = '';
      if (redraw) sink.spinner.start(next);
      else sink.logToStderr(`${next}...`);
    },
    status(text) {
      if (action === undefined || text === lastStatus) return;
      lastStatus = text;
      if (redraw) sink.spinner.status = text;
      else sink.logToStderr(`  ${text}`);
    },
    stop(message = stageText('done')) {
      if (action === undefined) return;
      if (redraw) sink.spinner.stop(message);
      else sink.logToStderr(`${action}... ${message}`);
      action = undefined;
    },
    async run(next, work) {
      progress.start(next);
      try {
        const result = await work;
        progress.stop();
        return result;
      } catch (error) {
        progress.stop(stageText('failed'));
        throw error;
      }
    },
  };
  return progress;
}
