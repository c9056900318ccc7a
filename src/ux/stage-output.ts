import { Messages } from '@salesforce/core/messages';
import type { Spinner } from '@salesforce/sf-plugins-core';
import type { CreateProgress, Stage, StageDetail } from '../create/run-create.js';
import type { DeployOutcome } from '../org/types.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-dropzone', 'stages');

function describe(detail: StageDetail): string {
  switch (detail.kind) {
    case 'app-new':
    case 'app-found':
    case 'parent-first':
    case 'parent-first-check':
    case 'async-parent-first':
      return messages.getMessage(detail.kind, [detail.name]);
    case 'regrant-refused':
    case 'permission-set-ids':
      return messages.getMessage(detail.kind, [detail.names.join(', ')]);
    case 'deploying':
      return messages.getMessage(detail.kind, [detail.kinds.join(', ')]);
    case 'deploy-started':
    case 'deploy-done':
      return messages.getMessage(detail.kind, [detail.deployId]);
    case 'verified':
      return messages.getMessage(detail.kind, [String(detail.passed), String(detail.warnings)]);
    default:
      return messages.getMessage(detail.kind);
  }
}

type Sink = { log(message: string): void; spinner: Spinner };

/**
 * Stage progress in the sf style: a spinner per stage on an interactive terminal, one plain line per event in CI
 * or when output is piped, nothing under --json (the command passes a silent sink then).
 */
export function stageOutput(sink: Sink, interactive: boolean): CreateProgress {
  const started = new Map<Stage, number>();
  let current: Stage | undefined;
  let lastStatus = '';
  let deployId = '';
  const elapsed = (stage: Stage): string => `${((Date.now() - (started.get(stage) ?? Date.now())) / 1000).toFixed(1)}s`;
  return {
    stage(stage, state, stageDetail) {
      const detail = stageDetail ? describe(stageDetail) : undefined;
      if (state === 'start') {
        started.set(stage, Date.now());
        current = stage;
        lastStatus = '';
        if (interactive) sink.spinner.start(stage, detail);
        else sink.log(`${stage}…${detail ? ` ${detail}` : ''}`);
        return;
      }
      const summary = `${messages.getMessage(state)} (${elapsed(stage)})${detail ? ` ${detail}` : ''}`;
      if (interactive && current === stage) sink.spinner.stop(summary);
      else sink.log(`${stage} ${summary}`);
      current = undefined;
    },
    deployAccepted(id: string) {
      deployId = id;
      const text = messages.getMessage('deploy-accepted', [id]);
      if (interactive) sink.spinner.status = text;
      else sink.log(`  ${text}`);
    },
    deployStatus(outcome: DeployOutcome) {
      const done = outcome.componentSuccesses.length;
      const text = done ? messages.getMessage('deploy-status', [outcome.status, String(done)]) : outcome.status;
      if (text === lastStatus) return;
      lastStatus = text;
      // The id stays in view on a terminal too: it is what --resume needs if the run is cut short.
      if (interactive) sink.spinner.status = `${deployId || outcome.id}: ${text}`;
      else sink.log(`  deploy ${outcome.id}: ${text}`);
    },
  };
}

export const silentProgress: CreateProgress = { stage: () => undefined, deployStatus: () => undefined, deployAccepted: () => undefined };
