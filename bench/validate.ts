import { startEmulator } from '../emulator/index.js';
import { expectExit } from './child.js';
import { describeRequests, ratios } from './create.js';
import { median, round } from './stats.js';
import { Workspace } from './workspace.js';

export const VALIDATE_LATENCY_MS = 100;

export type ValidateRun = {
  helpMs: number;
  validateMs: number;
  helpExitWaitMs: number;
  validateExitWaitMs: number;
  ratio: number;
  ratioWithoutExitWait: number;
  requests: number;
};

export type ValidateFigures = {
  validateRatio: number;
  validateRatioWithoutExitWait: number;
  validateRequests: number;
  latencyMs: number;
  helpMs: number;
  validateMs: number;
  helpExitWaitMs: number;
  validateExitWaitMs: number;
  requestLog: string[];
  perRun: ValidateRun[];
};

/** validate --target-org against an org holding a compliant app, every request delayed by 100 ms. */
export async function benchValidate(ws: Workspace, runs: number): Promise<ValidateFigures> {
  const emulator = await startEmulator({ deployProcessingMs: 20 });
  const perRun: ValidateRun[] = [];
  let requestLog: string[] = [];
  try {
    const home = await ws.home(emulator);
    expectExit(await ws.ours(home, ['dropzone', 'app', 'create', '--target-org', 'bench', '--contact-email', 'bench@example.com']), 'create (validate setup)');
    emulator.faults.setLatency(VALIDATE_LATENCY_MS);
    for (let run = 0; run < runs; run++) {
      const help = expectExit(await ws.ours(home, ['dropzone', 'app', 'validate', '--help']), 'validate --help');
      emulator.clearRequests();
      const validate = expectExit(await ws.ours(home, ['dropzone', 'app', 'validate', '--target-org', 'bench']), 'validate --target-org (compliant app)');
      requestLog = describeRequests(emulator.requests);
      perRun.push({
        helpMs: help.wallMs,
        validateMs: validate.wallMs,
        helpExitWaitMs: help.exitWaitMs,
        validateExitWaitMs: validate.exitWaitMs,
        ...ratios(validate, help, VALIDATE_LATENCY_MS),
        requests: requestLog.length,
      });
    }
  } finally {
    await emulator.stop();
  }
  const med = (pick: (run: ValidateRun) => number, digits = 0): number => round(median(perRun.map(pick)), digits);
  return {
    validateRatio: med((r) => r.ratio, 2),
    validateRatioWithoutExitWait: med((r) => r.ratioWithoutExitWait, 2),
    validateRequests: med((r) => r.requests),
    latencyMs: VALIDATE_LATENCY_MS,
    helpMs: med((r) => r.helpMs),
    validateMs: med((r) => r.validateMs),
    helpExitWaitMs: med((r) => r.helpExitWaitMs),
    validateExitWaitMs: med((r) => r.validateExitWaitMs),
    requestLog,
    perRun: perRun.map((run) =>
      Object.fromEntries(Object.entries(run).map(([key, value]) => [key, round(value, key.startsWith('ratio') ? 2 : 0)])) as ValidateRun
    ),
  };
}
