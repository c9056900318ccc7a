import { startEmulator } from '../emulator/index.js';
import { expectExit } from './child.js';
import { median, round } from './stats.js';
import { TimedRun, Workspace } from './workspace.js';

export const CREATE_LATENCY_MS = 50;
export const CREATE_DEPLOY_MS = 1000;
/** The floor: the deploy itself plus four sequential round trips (preflight, deploy call, final status, read-back). */
export const CREATE_FLOOR_MS = CREATE_DEPLOY_MS + 4 * CREATE_LATENCY_MS;

export type CreateRun = {
  helpMs: number;
  createMs: number;
  rerunMs: number;
  /** Time each process took to end after its 'exit' event. */
  helpExitWaitMs: number;
  createExitWaitMs: number;
  ratio: number;
  ratioWithoutExitWait: number;
  requestsFresh: number;
  requestsRerun: number;
};

export type CreateFigures = {
  createRatio: number;
  /** The same ratio with each process's wait after its 'exit' event left out (the log-file worker; see README). */
  createRatioWithoutExitWait: number;
  createRequestsFresh: number;
  createRequestsRerun: number;
  latencyMs: number;
  deployProcessingMs: number;
  floorMs: number;
  helpMs: number;
  createMs: number;
  rerunMs: number;
  createExitWaitMs: number;
  helpExitWaitMs: number;
  /** What the emulator saw for one fresh create and one re-run (the last run's), to explain the counts. */
  requestLogFresh: string[];
  requestLogRerun: string[];
  perRun: CreateRun[];
};

const CREATE_ARGS = ['dropzone', 'app', 'create', '--target-org', 'bench', '--contact-email', 'bench@example.com', '--json'];

function statusOf(stdout: string): string {
  return (JSON.parse(stdout) as { result?: { status?: string } }).result?.status ?? 'no status';
}

/** `+ms METHOD path (soapOperation)`, times from the first request, so the log shows which calls run in parallel. */
export function describeRequests(entries: ReadonlyArray<{ method: string; path: string; soapOperation?: string; at: number }>): string[] {
  const first = entries[0]?.at ?? 0;
  return entries.map((entry) => {
    const path = entry.path.split('?')[0];
    return `+${entry.at - first}ms ${entry.method} ${path}${entry.soapOperation ? ` (${entry.soapOperation})` : ''}`;
  });
}

/** (command − its --help) / floor, on wall time and on the time up to each process's 'exit' event. */
export function ratios(command: TimedRun, help: TimedRun, floorMs: number): { ratio: number; ratioWithoutExitWait: number } {
  return { ratio: (command.wallMs - help.wallMs) / floorMs, ratioWithoutExitWait: (command.workMs - help.workMs) / floorMs };
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
        helpExitWaitMs: help.exitWaitMs,
        createExitWaitMs: fresh.exitWaitMs,
        ...ratios(fresh, help, CREATE_FLOOR_MS),
        requestsFresh: requestLogFresh.length,
        requestsRerun: requestLogRerun.length,
      });
    } finally {
      await emulator.stop();
    }
  }
  const med = (pick: (run: CreateRun) => number, digits = 0): number => round(median(perRun.map(pick)), digits);
  return {
    createRatio: med((r) => r.ratio, 2),
    createRatioWithoutExitWait: med((r) => r.ratioWithoutExitWait, 2),
    createRequestsFresh: med((r) => r.requestsFresh),
    createRequestsRerun: med((r) => r.requestsRerun),
    latencyMs: CREATE_LATENCY_MS,
    deployProcessingMs: CREATE_DEPLOY_MS,
    floorMs: CREATE_FLOOR_MS,
    helpMs: med((r) => r.helpMs),
    createMs: med((r) => r.createMs),
    rerunMs: med((r) => r.rerunMs),
    createExitWaitMs: med((r) => r.createExitWaitMs),
    helpExitWaitMs: med((r) => r.helpExitWaitMs),
    requestLogFresh,
    requestLogRerun,
    perRun: perRun.map((run) =>
      Object.fromEntries(Object.entries(run).map(([key, value]) => [key, round(value, key.startsWith('ratio') ? 2 : 0)])) as CreateRun
    ),
  };
}
