import { startEmulator } from '../emulator/index.js';
import { expectExit } from './child.js';
import { describeRequests } from './create.js';
import { median, round } from './stats.js';
import { Workspace } from './workspace.js';

export const VALIDATE_LATENCY_MS = 100;

export type ValidateRun = { helpMs: number; validateMs: number; ratio: number; requests: number };

export type ValidateFigures = {
  validateRatio: number;
  validateRequests: number;
  latencyMs: number;
  helpMs: number;
  validateMs: number;
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
        helpMs: round(help.wallMs, 0),
        validateMs: round(validate.wallMs, 0),
        ratio: round((validate.wallMs - help.wallMs) / VALIDATE_LATENCY_MS),
        requests: requestLog.length,
      });
    }
  } finally {
    await emulator.stop();
  }
  return {
    validateRatio: round(median(perRun.map((r) => r.ratio))),
    validateRequests: median(perRun.map((r) => r.requests)),
    latencyMs: VALIDATE_LATENCY_MS,
    helpMs: round(median(perRun.map((r) => r.helpMs)), 0),
    validateMs: round(median(perRun.map((r) => r.validateMs)), 0),
    requestLog,
    perRun,
  };
}
