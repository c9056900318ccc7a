import { defaultFixture, startEmulator } from '../emulator/index.js';
import type { FixtureProfile } from '../emulator/fixture.js';
import { expectExit } from './child.js';
import { growthExponent, median, round } from './stats.js';
import { TimedRun, Workspace } from './workspace.js';

export const DEFAULT_SCALE_SIZES: readonly number[] = [1, 100, 1000];
export const MAX_SCALE_SIZE = 10_000;

export type ScaleSeries = {
  /** Median wall time per size (ms). */
  wallMs: Record<string, number>;
  /** Median of (time to the exit event − the same for the command's --help, same run) per size (ms). */
  netMs: Record<string, number>;
  /** Median of (time to the exit event at this size − the same at the smallest size, same run): what the profiles add (ms). */
  addedMs: Record<string, number>;
  /** log-log slope of the time to the exit event between the two largest sizes (1 = linear). */
  exponent: number;
  /** log-log slope of addedMs between the two largest sizes; null when the smaller one is lost in the noise (≤ 0). */
  addedExponent: number | null;
  /** addedMs at the largest size per extra profile (ms). */
  msPerProfile: number;
};

export type ScaleFigures = {
  sizes: readonly number[];
  generate: ScaleSeries;
  validateSource: ScaleSeries;
  validateOrg: ScaleSeries;
  /** The largest exponent of the three: the figure held against the target (≤ 1). */
  scaleExponent: number;
};

/** The running user's profile first, so the app stays compliant in org mode, then made-up ones. */
function profileNames(size: number): string[] {
  const extra = Array.from({ length: size - 1 }, (_, i) => `Bench Profile ${String(i + 1).padStart(5, '0')}`);
  return ['System Administrator', ...extra];
}

const profileArgs = (names: readonly string[]): string[] => names.flatMap((name) => ['--profile', name]);
const appName = (size: number): string => `Bench_Scale_${size}`;

/** wall: spawn to end; work: spawn to the 'exit' event; net: work − the --help run's work. */
type Sample = { wall: number; work: number; net: number };
/** samples[run][size] */
type Samples = Array<Record<number, Sample>>;

function series(sizes: readonly number[], samples: Samples): ScaleSeries {
  const smallest = sizes[0];
  const at = (size: number, pick: (s: Sample, run: Record<number, Sample>) => number): number =>
    median(samples.map((run) => pick(run[size], run)));
  const wallMs: Record<string, number> = {};
  const netMs: Record<string, number> = {};
  const addedMs: Record<string, number> = {};
  for (const size of sizes) {
    wallMs[size] = round(at(size, (s) => s.wall), 0);
    netMs[size] = round(at(size, (s) => s.net), 0);
    addedMs[size] = round(at(size, (s, run) => s.work - run[smallest].work), 0);
  }
  const [mid, large] = sizes.slice(-2);
  const added = growthExponent(mid, at(mid, (s, run) => s.work - run[smallest].work), large, at(large, (s, run) => s.work - run[smallest].work));
  return {
    wallMs,
    netMs,
    addedMs,
    exponent: round(growthExponent(mid, at(mid, (s) => s.work), large, at(large, (s) => s.work))),
    addedExponent: Number.isNaN(added) ? null : round(added),
    msPerProfile: round(at(large, (s, run) => s.work - run[smallest].work) / (large - smallest), 3),
  };
}

/**
 * generate, validate --source-dir and validate --target-org with each number of pre-authorized profiles (the org knows
 * all of them). Each command's --help time, taken in the same run, is subtracted for the net time.
 */
export async function benchScale(ws: Workspace, runs: number, sizes: readonly number[] = DEFAULT_SCALE_SIZES): Promise<ScaleFigures> {
  const largest = Math.max(...sizes);
  const extraProfiles: FixtureProfile[] = profileNames(largest)
    .slice(1)
    .map((name) => ({ name, userLicense: 'Salesforce', permissions: [] }));
  const emulator = await startEmulator({
    deployProcessingMs: 20,
    fixture: { profiles: [...defaultFixture().profiles, ...extraProfiles] },
  });
  const samples = { generate: [] as Samples, validateSource: [] as Samples, validateOrg: [] as Samples };
  try {
    const home = await ws.home(emulator);
    for (const size of sizes) {
      const args = ['dropzone', 'app', 'create', '--target-org', 'bench', '--name', appName(size), '--contact-email', 'bench@example.com'];
      expectExit(await ws.ours(home, [...args, ...profileArgs(profileNames(size))]), `create with ${size} profiles (scale setup)`);
    }
    for (let run = 0; run < runs; run++) {
      const generateHelp = expectExit(await ws.ours(home, ['dropzone', 'app', 'generate', '--help']), 'generate --help').workMs;
      const validateHelp = expectExit(await ws.ours(home, ['dropzone', 'app', 'validate', '--help']), 'validate --help').workMs;
      for (const key of Object.keys(samples) as Array<keyof typeof samples>) samples[key].push({});
      const record = (key: keyof typeof samples, size: number, result: TimedRun, helpMs: number): void => {
        samples[key][run][size] = { wall: result.wallMs, work: result.workMs, net: result.workMs - helpMs };
      };
      for (const size of sizes) {
        const profiles = profileArgs(profileNames(size));
        const dir = ws.dir(`scale-${size}-${run}`);
        const generate = ['dropzone', 'app', 'generate', '--name', appName(size), '--contact-email', 'bench@example.com', '--output-dir', dir];
        record('generate', size, expectExit(await ws.ours(home, [...generate, ...profiles]), `generate with ${size} profiles`), generateHelp);
        const source = ['dropzone', 'app', 'validate', '--source-dir', dir, '--org-type', 'production', ...profiles];
        record('validateSource', size, expectExit(await ws.ours(home, source), `validate --source-dir with ${size} profiles`), validateHelp);
        const org = ['dropzone', 'app', 'validate', '--target-org', 'bench', '--name', appName(size), ...profiles];
        record('validateOrg', size, expectExit(await ws.ours(home, org), `validate --target-org with ${size} profiles`), validateHelp);
      }
    }
  } finally {
    await emulator.stop();
  }
  const generate = series(sizes, samples.generate);
  const validateSource = series(sizes, samples.validateSource);
  const validateOrg = series(sizes, samples.validateOrg);
  return {
    sizes,
    generate,
    validateSource,
    validateOrg,
    scaleExponent: Math.max(generate.exponent, validateSource.exponent, validateOrg.exponent),
  };
}
