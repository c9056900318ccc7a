// npm run bench [-- --runs N] [--json] [--write-readme] [--only startup,create,validate,sf,scale]
// Times the built plugin as users run it against the in-process org emulator; see bench/README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { OFFLINE_ENV } from '../test/helpers/emulator-org.js';
import { benchCreate } from './create.js';
import { BenchResult, SF_FIGURES, TARGETS, machine, targetsMet, toMarkdown, toText, withBenchSection } from './report.js';
import { DEFAULT_SCALE_SIZES, MAX_SCALE_SIZE, benchScale } from './scale.js';
import { benchSf } from './sf.js';
import { benchStartup, sfVersion } from './startup.js';
import { benchValidate } from './validate.js';
import { REPO_ROOT, Workspace, assertBuilt, sfCliInstalled } from './workspace.js';

const SECTIONS = ['startup', 'create', 'validate', 'sf', 'scale'] as const;
type Section = (typeof SECTIONS)[number];
const MAX_RUNS = 25;

type Options = { runs: number; json: boolean; writeReadme: boolean; sections: Set<Section>; scaleSizes: number[] };

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
      'write-readme': { type: 'boolean', default: false },
      only: { type: 'string' },
      'scale-sizes': { type: 'string', default: DEFAULT_SCALE_SIZES.join(',') },
    },
    strict: true,
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > MAX_RUNS) throw new Error(`--runs must be a whole number from 1 to ${MAX_RUNS}`);
  const only = values.only?.split(',').map((s) => s.trim());
  const unknown = only?.filter((s) => !(SECTIONS as readonly string[]).includes(s)) ?? [];
  if (unknown.length > 0) throw new Error(`--only takes ${SECTIONS.join(', ')}; not ${unknown.join(', ')}`);
  const sections = new Set<Section>((only as Section[] | undefined) ?? SECTIONS);
  const scaleSizes = values['scale-sizes'].split(',').map(Number);
  const ascending = scaleSizes.every((size, i) => Number.isInteger(size) && size >= 1 && size <= MAX_SCALE_SIZE && (i === 0 || size > scaleSizes[i - 1]));
  if (scaleSizes.length < 3 || !ascending) throw new Error(`--scale-sizes takes three or more ascending whole numbers from 1 to ${MAX_SCALE_SIZE}`);
  const customised = sections.size < SECTIONS.length || scaleSizes.join(',') !== DEFAULT_SCALE_SIZES.join(',');
  if (values['write-readme'] && customised) throw new Error('--write-readme takes the default sections and sizes only');
  return { runs, json: values.json, writeReadme: values['write-readme'], sections, scaleSizes };
}

const progress = (line: string): void => {
  process.stderr.write(`bench: ${line}\n`);
};

/** Saving the sf alias for the emulator warns that it is plain http: expected here, and noise in the output. */
function quietInsecureProtocolWarning(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (!warning.message.startsWith('Using insecure protocol')) process.stderr.write(`${warning.name}: ${warning.message}\n`);
  });
}

async function main(): Promise<void> {
  quietInsecureProtocolWarning();
  const options = parseOptions(process.argv.slice(2));
  assertBuilt();
  // Saving the sf alias runs @salesforce/core in this process: it must not touch the real keychain or network either.
  Object.assign(process.env, OFFLINE_ENV);
  if ((options.sections.has('startup') || options.sections.has('sf')) && !sfCliInstalled()) {
    progress('the sf CLI is not installed (bash scripts/install-sf-cli.sh): startupVsSf and the through-sf figures will be n/a');
  }
  const started = performance.now();
  const ws = new Workspace();
  const cleanUp = (): void => {
    ws.dispose();
    process.exit(130);
  };
  process.once('SIGINT', cleanUp);
  process.once('SIGTERM', cleanUp);
  const { runs, sections } = options;
  const result: BenchResult = {
    createRatio: null,
    createRequestsFresh: null,
    createRequestsRerun: null,
    validateRatio: null,
    validateRequests: null,
    startupVsSf: null,
    startupVsNode: null,
    createVsSfDeploy: null,
    rerunVsSfDeploy: null,
    validateVsSfRetrieve: null,
    generateVsHelp: null,
    generateViaSfVsSfHelp: null,
    generateViaSfVsBin: null,
    installedVsLinked: null,
    scaleExponent: null,
    targets: TARGETS,
    met: {},
    runs,
    date: new Date().toISOString(),
    durationMs: 0,
    machine: machine(),
  };
  try {
    if (sections.has('startup')) {
      progress(`start-up (${runs} runs)`);
      result.startup = await benchStartup(ws, runs);
      result.startupVsSf = result.startup.startupVsSf;
      result.startupVsNode = result.startup.startupVsNode;
    }
    if (sections.has('create')) {
      progress(`create (${runs} runs, fresh org each)`);
      result.create = await benchCreate(ws, runs);
      result.createRatio = result.create.createRatio;
      result.createRequestsFresh = result.create.createRequestsFresh;
      result.createRequestsRerun = result.create.createRequestsRerun;
    }
    if (sections.has('validate')) {
      progress(`validate (${runs} runs)`);
      result.validate = await benchValidate(ws, runs);
      result.validateRatio = result.validate.validateRatio;
      result.validateRequests = result.validate.validateRequests;
    }
    if (sections.has('sf')) {
      progress(`through sf (${runs} runs: sf plugins install file:<tarball> and link, then ours beside sf's deploy and retrieve)`);
      result.sf = await benchSf(ws, runs, sfVersion);
      for (const figure of SF_FIGURES) result[figure] = result.sf[figure];
    }
    if (sections.has('scale')) {
      progress(`scale (${runs} runs × ${options.scaleSizes.join(', ')} profiles)`);
      result.scale = await benchScale(ws, runs, options.scaleSizes);
      result.scaleExponent = result.scale.scaleExponent;
    }
  } finally {
    ws.dispose();
  }
  result.durationMs = Math.round(performance.now() - started);
  result.met = targetsMet(result);

  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : `${toText(result)}\n`);
  if (options.writeReadme) {
    const readmePath = path.join(REPO_ROOT, 'README.md');
    // Others edit the README too: read it just before writing and touch only the marked section.
    writeFileSync(readmePath, withBenchSection(readFileSync(readmePath, 'utf8'), toMarkdown(result)));
    progress('README.md Performance section updated');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
