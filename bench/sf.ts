import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEmulator } from '../emulator/index.js';
import { ChildResult, expectExit, runTimed } from './child.js';
import { CREATE_DEPLOY_MS, CREATE_LATENCY_MS } from './create.js';
import { median, round } from './stats.js';
import { REPO_ROOT, SfPlugin, TimedRun, Workspace, sfCliInstalled } from './workspace.js';

const APP = 'SendSafely_Dropzone_Connector';
const INSTALL_TIMEOUT_MS = 600_000;
const EMAIL = 'bench@example.com';
/** sf project retrieve start of the five components, by name, as the README's "Check by hand" does. */
const FIVE = [
  `ExternalClientApplication:${APP}`,
  `ExtlClntAppOauthSettings:${APP}_oauth`,
  `ExtlClntAppGlobalOauthSettings:${APP}_glbloauth`,
  `ExtlClntAppOauthConfigurablePolicies:${APP}_oauth_defaultPolicy`,
  `ExtlClntAppConfigurablePolicies:${APP}_plcy`,
];
const CREATE_ARGS = ['dropzone', 'app', 'create', '--target-org', 'bench', '--contact-email', EMAIL, '--json'];
const VALIDATE_ARGS = ['dropzone', 'app', 'validate', '--target-org', 'bench'];
const DEPLOY_ARGS = ['project', 'deploy', 'start', '--source-dir', 'force-app', '--target-org', 'bench', '--json'];
const RETRIEVE_ARGS = ['project', 'retrieve', 'start', '--metadata', ...FIVE, '--target-org', 'bench', '--output-dir', 'retrieved', '--json'];

/** One round's wall times (ms); `…Work` is the time up to the process's 'exit' event (without the log-worker wait). */
export type SfRun = Record<SfTiming, number>;

const TIMINGS = [
  'sfHelp', 'generateHelp', 'generate', 'generateViaSf', 'generateViaSfLinked',
  'sfDeploy', 'sfDeployWork', 'sfRedeploy', 'createViaSf', 'createViaSfWork', 'rerunViaSf', 'rerunViaSfWork',
  'sfRetrieve', 'sfRetrieveWork', 'validate', 'validateViaSf', 'validateViaSfWork', 'validateViaSfLinked',
] as const;
type SfTiming = (typeof TIMINGS)[number];

export type SfFigures = {
  /** ours through sf (installed) / sf's own command on the same emulator; null without the sf CLI. */
  createVsSfDeploy: number | null;
  rerunVsSfDeploy: number | null;
  validateVsSfRetrieve: number | null;
  /** create through sf / (generate through sf + sf project deploy start): ours against the sf-only way to the same org. */
  createVsGeneratePlusSfDeploy: number | null;
  /** The same ratios on the time to each process's 'exit' event: what is left without the log-file worker's wait. */
  createVsSfDeployWork: number | null;
  rerunVsSfDeployWork: number | null;
  validateVsSfRetrieveWork: number | null;
  /** bin/run.js: generate / generate --help. */
  generateVsHelp: number;
  /** generate through sf (installed) / through bin/run.js; validate likewise. */
  generateViaSfVsBin: number | null;
  validateViaSfVsBin: number | null;
  /** generate through sf, installed / linked (below 1: the installed path is faster). */
  installedVsLinked: number | null;
  /** generate through sf (installed) / sf project deploy start --help: an offline command against sf's own start-up. */
  generateViaSfVsSfHelp: number | null;
  latencyMs: number;
  deployProcessingMs: number;
  sfVersion: string | null;
  /** Set when the sf CLI or the plugin could not be put in place: what is missing and how to get it. */
  missing: string | null;
  medians: Partial<SfRun>;
  perRun: Array<Partial<SfRun>>;
};

/** An SFDX project holding what `generate` writes for the bench's flags: the files sf deploys for the comparison. */
async function writeProject(ws: Workspace, home: string): Promise<string> {
  const project = ws.dir('sf-project');
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '66.0' }));
  const out = path.join(project, 'force-app', 'main', 'default');
  expectExit(await ws.ours(home, ['dropzone', 'app', 'generate', '--contact-email', EMAIL, '--output-dir', out]), 'generate (sf project)');
  return project;
}

/** The plugin as users get it (`sf plugins install file:<packed tarball>`) and as a checkout (`sf plugins link`). */
async function addPlugins(ws: Workspace, home: string): Promise<{ installed: SfPlugin; linked: SfPlugin }> {
  const packDir = ws.dir('pack');
  mkdirSync(packDir, { recursive: true });
  expectExit(await runTimed('npm', ['pack', '--silent', '--pack-destination', packDir], { cwd: REPO_ROOT, env: process.env, timeoutMs: 120_000 }), 'npm pack');
  const tarball = readdirSync(packDir).find((file) => file.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  const installed = ws.sfPlugin('installed');
  const linked = ws.sfPlugin('linked');
  const source = `file:${path.join(packDir, tarball)}`;
  // An unsigned plugin installs without a prompt only when allow-listed under the name it is installed by.
  writeFileSync(path.join(installed.configDir, 'unsignedPluginAllowList.json'), JSON.stringify([source]));
  // npm installs the plugin's production dependencies: minutes on a busy machine.
  expectExit(await ws.sf(home, ['plugins', 'install', source], installed, ws.root, INSTALL_TIMEOUT_MS), 'sf plugins install file:<tarball>');
  expectExit(await ws.sf(home, ['plugins', 'link', REPO_ROOT, '--no-install'], linked), 'sf plugins link');
  return { installed, linked };
}

type Keep = (name: SfTiming, result: ChildResult | TimedRun, work?: SfTiming) => void;

/** One round through sf: offline generate, sf's deploy of the same files, our create and re-run, validate and retrieve. */
async function sfRound(ws: Workspace, plugins: { installed: SfPlugin; linked: SfPlugin }, project: string, offlineHome: string, generateArgs: string[], keep: Keep): Promise<void> {
  const { installed, linked } = plugins;

  keep('sfHelp', expectExit(await ws.sf(offlineHome, ['project', 'deploy', 'start', '--help'], installed), 'sf project deploy start --help'));
  keep('generateViaSf', expectExit(await ws.sf(offlineHome, generateArgs, installed), 'sf dropzone app generate'));
  keep('generateViaSfLinked', expectExit(await ws.sf(offlineHome, generateArgs, linked), 'sf dropzone app generate (linked)'));
  
  // sf's deploy of the same files, then again (the org already holds them), on a fresh org.
  const deployOrg = await startEmulator({ latencyMs: CREATE_LATENCY_MS, deployProcessingMs: CREATE_DEPLOY_MS });
  try {
    const home = await ws.home(deployOrg);
    keep('sfDeploy', expectExit(await ws.sf(home, DEPLOY_ARGS, installed, project), 'sf project deploy start'), 'sfDeployWork');
    keep('sfRedeploy', expectExit(await ws.sf(home, DEPLOY_ARGS, installed, project), 'sf project deploy start (again)'));
  } finally {
    await deployOrg.stop();
  }
  
  // Ours through sf on a fresh org: create, then the up-to-date re-run.
  const createOrg = await startEmulator({ latencyMs: CREATE_LATENCY_MS, deployProcessingMs: CREATE_DEPLOY_MS });
  try {
    const home = await ws.home(createOrg);
    const fresh = expectExit(await ws.sf(home, CREATE_ARGS, installed), 'sf dropzone app create');
    if (statusOf(fresh) !== 'created') throw new Error(`sf dropzone app create on a fresh org answered ${statusOf(fresh)}`);
    keep('createViaSf', fresh, 'createViaSfWork');
    const rerun = expectExit(await ws.sf(home, CREATE_ARGS, installed), 'sf dropzone app create (re-run)');
    if (statusOf(rerun) !== 'up-to-date') throw new Error(`an sf dropzone app create re-run answered ${statusOf(rerun)}`);
    keep('rerunViaSf', rerun, 'rerunViaSfWork');
  
    // The org now holds the app: validate it (through sf, installed and linked, and bin/run.js) and retrieve it.
    keep('validateViaSf', expectExit(await ws.sf(home, VALIDATE_ARGS, installed), 'sf dropzone app validate'), 'validateViaSfWork');
    keep('validateViaSfLinked', expectExit(await ws.sf(home, VALIDATE_ARGS, linked), 'sf dropzone app validate (linked)'));
    keep('validate', expectExit(await ws.ours(home, VALIDATE_ARGS), 'validate'));
    keep('sfRetrieve', expectExit(await ws.sf(home, RETRIEVE_ARGS, installed, project), 'sf project retrieve start'), 'sfRetrieveWork');
  } finally {
    await createOrg.stop();
  }
}

const ratio = (a: number | undefined, b: number | undefined): number | null => (a !== undefined && b !== undefined && b > 0 ? round(a / b, 2) : null);

const statusOf = (run: ChildResult): string => (JSON.parse(run.stdout) as { result?: { status?: string } }).result?.status ?? 'no status';

/**
 * Ours through sf beside sf's own commands, every round on the same emulator settings (50 ms per request, 1 s deploy
 * processing), interleaved so that load on the machine hits both alike.
 */
export async function benchSf(ws: Workspace, runs: number, sfVersion: () => string): Promise<SfFigures> {
  const perRun: Array<Partial<SfRun>> = [];
  const offlineHome = await ws.home();
  const withSf = sfCliInstalled();
  let plugins: { installed: SfPlugin; linked: SfPlugin } | undefined;
  let missing: string | null = withSf ? null : 'the sf CLI: run `bash scripts/install-sf-cli.sh` (installs sf 2.150.6 into .tmp/sf-cli)';
  if (withSf) {
    try {
      plugins = await addPlugins(ws, offlineHome);
    } catch (error) {
      missing = `the plugin inside sf: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    }
  }
  const project = await writeProject(ws, offlineHome);
  const out = ws.dir('generate-out');
  const generateArgs = ['dropzone', 'app', 'generate', '--contact-email', EMAIL, '--output-dir', out];

  // Warm-up, untimed: the first start after an install builds caches.
  expectExit(await ws.ours(offlineHome, generateArgs), 'generate (warm-up)');
  if (plugins) {
    expectExit(await ws.sf(offlineHome, ['dropzone', 'app', 'generate', '--help'], plugins.installed), 'sf dropzone app generate --help (warm-up)');
    expectExit(await ws.sf(offlineHome, ['dropzone', 'app', 'generate', '--help'], plugins.linked), 'sf dropzone app generate --help, linked (warm-up)');
  }

  for (let run = 0; run < runs; run++) {
    const times: Partial<SfRun> = {};
    const keep = (name: SfTiming, result: ChildResult | TimedRun, work?: SfTiming): void => {
      times[name] = round(result.wallMs, 0);
      if (work && 'workMs' in result) times[work] = round(result.workMs, 0);
    };
    keep('generateHelp', expectExit(await ws.ours(offlineHome, ['dropzone', 'app', 'generate', '--help']), 'generate --help'));
    keep('generate', expectExit(await ws.ours(offlineHome, generateArgs), 'generate'));
    if (plugins && missing === null) {
      try {
        await sfRound(ws, plugins, project, offlineHome, generateArgs, keep);
      } catch (error) {
        // A failed sf round leaves its figures out and says why, instead of losing the rest of the run.
        missing = `a through-sf run failed: ${error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error)}`;
      }
    }
    perRun.push(times);
  }

  const medians: Partial<SfRun> = {};
  for (const name of TIMINGS) {
    const values = perRun.map((times) => times[name]).filter((value): value is number => value !== undefined);
    if (values.length > 0) medians[name] = round(median(values), 0);
  }
  const m = medians;
  return {
    createVsSfDeploy: ratio(m.createViaSf, m.sfDeploy),
    rerunVsSfDeploy: ratio(m.rerunViaSf, m.sfRedeploy),
    validateVsSfRetrieve: ratio(m.validateViaSf, m.sfRetrieve),
    createVsGeneratePlusSfDeploy: ratio(m.createViaSf, m.generateViaSf !== undefined && m.sfDeploy !== undefined ? m.generateViaSf + m.sfDeploy : undefined),
    createVsSfDeployWork: ratio(m.createViaSfWork, m.sfDeployWork),
    rerunVsSfDeployWork: ratio(m.rerunViaSfWork, m.sfDeployWork),
    validateVsSfRetrieveWork: ratio(m.validateViaSfWork, m.sfRetrieveWork),
    generateVsHelp: ratio(m.generate, m.generateHelp) ?? Number.NaN,
    generateViaSfVsBin: ratio(m.generateViaSf, m.generate),
    validateViaSfVsBin: ratio(m.validateViaSf, m.validate),
    installedVsLinked: ratio(m.generateViaSf, m.generateViaSfLinked),
    generateViaSfVsSfHelp: ratio(m.generateViaSf, m.sfHelp),
    latencyMs: CREATE_LATENCY_MS,
    deployProcessingMs: CREATE_DEPLOY_MS,
    sfVersion: withSf ? sfVersion() : null,
    missing,
    medians,
    perRun,
  };
}
