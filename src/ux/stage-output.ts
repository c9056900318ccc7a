import type { Spinner } from '@salesforce/sf-plugins-core';
import type { CreateProgress, Stage, StageState } from '../create/run-create.js';
import type { DeployOutcome } from '../org/types.js';

type Sink = { log(message: string): void; spinner: Spinner };

const WORDS: Record<Exclude<StageState, 'start'>, string> = { done: 'done', skipped: 'skipped', failed: 'failed' };

/**
 * Stage progress in the sf style: a spinner per stage on an interactive terminal, one plain line per event in CI
 * or when output is piped, nothing under --json (the command passes a silent sink then).
 */
export function stageOutput(sink: Sink, interactive: boolean): CreateProgress {
  const started = new Map<Stage, number>();
  let current: Stage | undefined;
  let lastStatus = '';
  const elapsed = (stage: Stage): string => `${((Date.now() - (started.get(stage) ?? Date.now())) / 1000).toFixed(1)}s`;
  return {
    stage(stage, state, detail) {
      if (state === 'start') {
        started.set(stage, Date.now());
        current = stage;
        lastStatus = '';
        if (interactive) sink.spinner.start(stage, detail);
        else sink.log(`${stage}…${detail ? ` ${detail}` : ''}`);
        return;
      }
      const summary = `${WORDS[state]} (${elapsed(stage)})${detail ? ` ${detail}` : ''}`;
      if (interactive && current === stage) sink.spinner.stop(summary);
      else sink.log(`${stage} ${summary}`);
      current = undefined;
    },
    deployStatus(outcome: DeployOutcome) {
      const text = `${outcome.status}${outcome.componentSuccesses.length ? ` (${outcome.componentSuccesses.length} components)` : ''}`;
      if (text === lastStatus) return;
      lastStatus = text;
      if (interactive) sink.spinner.status = text;
      else sink.log(`  deploy ${outcome.id}: ${text}`);
    },
  };
}

export const silentProgress: CreateProgress = { stage: () => undefined, deployStatus: () => undefined };
