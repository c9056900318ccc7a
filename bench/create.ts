import { startEmulator } from '../emulator/index.js';
import { expectExit } from './child.js';
import { median, round } from './stats.js';
import { Workspace } from './workspace.js';

export const CREATE_LATENCY_MS = 50;
export const CREATE_DEPLOY_MS = 1000;
/** The floor: the deploy itself plus four sequential round trips (preflight, deploy call, final status, read-back). */
export const CREATE_FLOOR_MS = CREATE_DEPLOY_MS + 4 * CREATE_LATENCY_MS;

export type CreateRun = { helpMs: number; createMs: number; rerunMs: number; ratio: number; requestsFresh: number; requestsRerun: number };

export type CreateFigures = {
  createRatio: number;
  createRequestsFresh: number;
  createRequestsRerun: number;
  latencyMs: number;
  deployProcessingMs: number;
  floorMs: number;
  helpMs: number;
  createMs: number;
  rerunMs: number;
  /** What the emulator saw for one fresh create and one re-run (the last run's), to explain the counts. */
  requestLogFresh: string[];
  requestLogRerun: string[];
  /**
   * From one extra diagnostic run: how long the fresh create's process took to end after its 'exit' event (with
   * @salesforce/core's log-file worker, up to 1 s), and createRatio with that wait left out (an estimate).
   */
  exitWaitMs: number;
  createRatioExcludingExitWait: number;
  perRun: CreateRun[];
};

const CREATE_ARGS = ['dropzone', 'app', 'create', '--target-org', 'bench', '--contact-email', 'bench@example.com', '--json'];

function statusOf(stdout: string): string {
  return (JSON.parse(stdout) as { result?: { status?: string } }).result?.status ?? 'no status';
}

/** create against a fresh emulator org per run: `--help`, a fresh create, then an up-to-date re-run. */
export async function benchCreate(ws: Workspace, runs: number): Promise<CreateFigures> {
  const perRun: CreateRun[] = [];
  let requestLogFresh: string[] = [];
  let requestLogRerun: string[] = [];
  for (let run = 0; run < runs; run++) {
    const emulator = await startEmulator({ latencyMs: CREATE_LATENCY_MS, deployProcessingMs: CREATE_DEPLOY_MS });
    try {
      const home = await ws.home(emulator);
      const help = expectExit(await ws.ours(home, ['dropzone', 'app', 'create', '--help']), 'create --help');
      emulator.clearRequests();
      const fresh = expectExit(await ws.ours(home, CREATE_ARGS), 'create (fresh org)');
      if (statusOf(fresh.stdout) !== 'created') throw new Error(`create on a fresh org answered ${statusOf(fresh.stdout)}, not created`);
      requestLogFresh = describeRequests(emulator.requests);
      emulator.clearRequests();
      const rerun = expectExit(await ws.ours(home, CREATE_ARGS), 'create (re-run)');
      if (statusOf(rerun.stdout) !== 'up-to-date') throw new Error(`a create re-run answered ${statusOf(rerun.stdout)}, not up-to-date`);
      requestLogRerun = describeRequests(emulator.requests);
      perRun.push({
        helpMs: help.wallMs,
        createMs: fresh.wallMs,
        rerunMs: rerun.wallMs,
        ratio: (fresh.wallMs - help.wallMs) / CREATE_FLOOR_MS,
        requestsFresh: requestLogFresh.length,
        requestsRerun: requestLogRerun.length,
      });
    } finally {
      await emulator.stop();
    }
  }
  const exitWaitMs = await diagnoseExitWait(ws);
  const netMs = median(perRun.map((r) => r.createMs - r.helpMs));
  return {
    createRatio: round(median(perRun.map((r) => r.ratio))),
    createRequestsFresh: median(perRun.map((r) => r.requestsFresh)),
    createRequestsRerun: median(perRun.map((r) => r.requestsRerun)),
    latencyMs: CREATE_LATENCY_MS,
    deployProcessingMs: CREATE_DEPLOY_MS,
    floorMs: CREATE_FLOOR_MS,
    helpMs: round(median(perRun.map((r) => r.helpMs)), 0),
    createMs: round(median(perRun.map((r) => r.createMs)), 0),
    rerunMs: round(median(perRun.map((r) => r.rerunMs)), 0),
    requestLogFresh,
    requestLogRerun,
    exitWaitMs: round(exitWaitMs, 0),
    createRatioExcludingExitWait: round((netMs - exitWaitMs) / CREATE_FLOOR_MS),
    perRun: perRun.map(roundRun),
  };
}

async function diagnoseExitWait(ws: Workspace): Promise<number> {
  const emulator = await startEmulator({ latencyMs: CREATE_LATENCY_MS, deployProcessingMs: CREATE_DEPLOY_MS });
  try {
    const home = await ws.home(emulator);
    const fresh = await ws.oursProbingExit(home, CREATE_ARGS);
    expectExit(fresh, 'create (fresh org, exit probe)');
    return fresh.exitWaitMs;
  } finally {
    await emulator.stop();
  }
}

/** `+ms METHOD path (soapOperation)`, times from the first request, so the log shows which calls run in parallel. */
export function describeRequests(entries: ReadonlyArray<{ method: string; path: string; soapOperation?: string; at: number }>): string[] {
  const first = entries[0]?.at ?? 0;
  return entries.map((entry) => {
    const path = entry.path.split('?')[0];
    return `+${entry.at - first}ms ${entry.method} ${path}${entry.soapOperation ? ` (${entry.soapOperation})` : ''}`;
  });
}

function roundRun(run: CreateRun): CreateRun {
  return { ...run, helpMs: round(run.helpMs, 0), createMs: round(run.createMs, 0), rerunMs: round(run.rerunMs, 0), ratio: round(run.ratio) };
}
