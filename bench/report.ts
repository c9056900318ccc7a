import { cpus, totalmem } from 'node:os';
import type { CreateFigures } from './create.js';
import type { ScaleFigures, ScaleSeries } from './scale.js';
import type { SfFigures } from './sf.js';
import type { StartupFigures } from './startup.js';
import type { ValidateFigures } from './validate.js';

export type Machine = { cpu: string; cores: number; memoryGb: number; node: string; platform: string };

export function machine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

export type BenchResult = {
  createRatio: number | null;
  createRequestsFresh: number | null;
  createRequestsRerun: number | null;
  validateRatio: number | null;
  validateRequests: number | null;
  startupVsSf: number | null;
  startupVsNode: number | null;
  createVsSfDeploy: number | null;
  rerunVsSfDeploy: number | null;
  validateVsSfRetrieve: number | null;
  generateVsHelp: number | null;
  generateViaSfVsSfHelp: number | null;
  generateViaSfVsBin: number | null;
  installedVsLinked: number | null;
  scaleExponent: number | null;
  targets: Record<Figure, number>;
  met: Partial<Record<Figure, boolean>>;
  runs: number;
  date: string;
  durationMs: number;
  machine: Machine;
  create?: CreateFigures;
  validate?: ValidateFigures;
  startup?: StartupFigures;
  sf?: SfFigures;
  scale?: ScaleFigures;
};

/** The figures the sf section measures, copied to the top of the result. */
export const SF_FIGURES = ['createVsSfDeploy', 'rerunVsSfDeploy', 'validateVsSfRetrieve', 'generateVsHelp', 'generateViaSfVsSfHelp', 'generateViaSfVsBin', 'installedVsLinked'] as const;

export type Figure =
  | 'createRatio'
  | 'createRequestsFresh'
  | 'createRequestsRerun'
  | 'validateRatio'
  | 'validateRequests'
  | 'startupVsSf'
  | 'createVsSfDeploy'
  | 'rerunVsSfDeploy'
  | 'validateVsSfRetrieve'
  | 'generateVsHelp'
  | 'generateViaSfVsSfHelp'
  | 'installedVsLinked'
  | 'scaleExponent';

/** Every target is an upper bound. */
export const TARGETS: Record<Figure, number> = {
  createRatio: 1.2,
  createRequestsFresh: 8,
  createRequestsRerun: 4,
  validateRatio: 3,
  validateRequests: 4,
  startupVsSf: 0.5,
  createVsSfDeploy: 1.0,
  rerunVsSfDeploy: 0.6,
  validateVsSfRetrieve: 0.8,
  generateVsHelp: 1.5,
  generateViaSfVsSfHelp: 1.0,
  installedVsLinked: 1.0,
  scaleExponent: 1,
};

export function targetsMet(result: Pick<BenchResult, Figure>): Partial<Record<Figure, boolean>> {
  const met: Partial<Record<Figure, boolean>> = {};
  for (const figure of Object.keys(TARGETS) as Figure[]) {
    const value = result[figure];
    if (value !== null && !Number.isNaN(value)) met[figure] = value <= TARGETS[figure];
  }
  return met;
}

const FIGURE_TEXT: Record<Figure, string> = {
  createRatio: 'create: (wall − --help) / (1 s deploy + 4 × 50 ms)',
  createRequestsFresh: 'create: HTTP requests, fresh org',
  createRequestsRerun: 'create: HTTP requests, up-to-date re-run',
  validateRatio: 'validate --target-org: (wall − --help) / 100 ms',
  validateRequests: 'validate --target-org: HTTP requests',
  startupVsSf: 'start-up: generate --help / sf project deploy start --help',
  createVsSfDeploy: 'through sf: create (fresh org) / sf project deploy start of the same files',
  rerunVsSfDeploy: 'through sf: create re-run (up to date) / sf project deploy start again',
  validateVsSfRetrieve: 'through sf: validate --target-org / sf project retrieve start of the five',
  generateVsHelp: 'bin/run.js: generate / generate --help',
  generateViaSfVsSfHelp: 'through sf: generate / sf project deploy start --help',
  installedVsLinked: 'through sf: generate installed / linked',
  scaleExponent: 'scale: growth exponent, 100 → 1,000 profiles',
};

const show = (value: number | null | undefined): string => (value === null || value === undefined || Number.isNaN(value) ? 'n/a' : String(value));

const signed = (value: number | undefined): string => (value !== undefined && value >= 0 ? `+${value}` : show(value));

function verdict(result: BenchResult, figure: Figure): string {
  const met = result.met[figure];
  return met === undefined ? 'not run' : met ? 'met' : 'MISSED';
}

function figureRows(result: BenchResult): string[][] {
  return (Object.keys(TARGETS) as Figure[]).map((figure) => [FIGURE_TEXT[figure], show(result[figure]), `≤ ${TARGETS[figure]}`, verdict(result, figure)]);
}

function scaleRows(scale: ScaleFigures): string[][] {
  const row = (label: string, s: ScaleSeries): string[] => [
    label,
    ...scale.sizes.map((size) => `${show(s.wallMs[size])} (${show(s.netMs[size])}, ${signed(s.addedMs[size])})`),
    show(s.exponent),
    show(s.addedExponent),
    show(s.msPerProfile),
  ];
  return [row('generate', scale.generate), row('validate --source-dir', scale.validateSource), row('validate --target-org', scale.validateOrg)];
}

function scaleHeader(scale: ScaleFigures): string[] {
  const sizes = scale.sizes.map((size, i) => `${size.toLocaleString('en-US')}${i === 0 ? (size === 1 ? ' profile' : ' profiles') : ''}`);
  return ['command', ...sizes, 'exponent', 'exponent (added)', 'ms per extra profile'];
}

const SCALE_NOTE = 'wall ms (net = time to the exit event − the same for the command\'s --help; +added = time to the exit event − the same at the smallest size); exponents: log-log slope between the two largest sizes, of the time to the exit event and of the added time';

function rawRows(result: BenchResult): string[][] {
  const rows: string[][] = [];
  const { create, validate, startup, sf } = result;
  if (create) {
    rows.push(['create --help / fresh / re-run (ms)', `${create.helpMs} / ${create.createMs} / ${create.rerunMs}`]);
    rows.push(['… of which waiting after the exit event (ms)', `${create.helpExitWaitMs} / ${create.createExitWaitMs} / -`]);
    rows.push(['createRatio without the exit waits', show(create.createRatioWithoutExitWait)]);
  }
  if (validate) {
    rows.push(['validate --help / --target-org (ms)', `${validate.helpMs} / ${validate.validateMs}`]);
    rows.push(['… of which waiting after the exit event (ms)', `${validate.helpExitWaitMs} / ${validate.validateExitWaitMs}`]);
    rows.push(['validateRatio without the exit waits', show(validate.validateRatioWithoutExitWait)]);
  }
  if (startup) {
    rows.push(['node -e 0 / generate --help / sf --help (ms)', `${startup.nodeMs} / ${startup.oursMs} / ${show(startup.sfMs)}`]);
    rows.push(['generate --help: waiting after the exit event (ms)', show(startup.oursExitWaitMs)]);
    rows.push(['start-up vs node -e 0', show(startup.startupVsNode)]);
  }
  if (sf) {
    const m = sf.medians;
    const ms = (...names: Array<keyof typeof m>): string => names.map((name) => show(m[name])).join(' / ');
    if (sf.missing) rows.push(['through sf: not measured, missing', sf.missing]);
    rows.push([`sf ${sf.sfVersion ?? 'n/a'}: project deploy start --help / generate --help (bin) / generate (bin) (ms)`, ms('sfHelp', 'generateHelp', 'generate')]);
    rows.push(['generate through sf, installed / linked (ms)', ms('generateViaSf', 'generateViaSfLinked')]);
    rows.push(['sf project deploy start, fresh / again (ms)', ms('sfDeploy', 'sfRedeploy')]);
    rows.push(['create through sf, fresh / re-run (ms)', ms('createViaSf', 'rerunViaSf')]);
    rows.push(['sf project retrieve start / validate through sf / linked / bin (ms)', ms('sfRetrieve', 'validateViaSf', 'validateViaSfLinked', 'validate')]);
    rows.push(['… up to the exit event: deploy / create / re-run / retrieve / validate (ms)', ms('sfDeployWork', 'createViaSfWork', 'rerunViaSfWork', 'sfRetrieveWork', 'validateViaSfWork')]);
    rows.push(['create / re-run / validate vs sf, without the exit waits', [sf.createVsSfDeployWork, sf.rerunVsSfDeployWork, sf.validateVsSfRetrieveWork].map(show).join(' / ')]);
    rows.push(['create through sf / (generate through sf + sf deploy)', show(sf.createVsGeneratePlusSfDeploy)]);
    rows.push(['through sf / bin/run.js: generate / validate', `${show(sf.generateViaSfVsBin)} / ${show(sf.validateViaSfVsBin)}`]);
  }
  return rows;
}

function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function machineLine(result: BenchResult): string {
  const m = result.machine;
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.platform}, Node ${m.node}`;
}

export function toText(result: BenchResult): string {
  const parts = [
    `Benchmarks: ${result.runs} runs, medians; ${machineLine(result)}; ${(result.durationMs / 1000).toFixed(0)} s`,
    '',
    textTable(['figure', 'value', 'target', ''], figureRows(result)),
  ];
  const raw = rawRows(result);
  if (raw.length > 0) parts.push('', textTable(['raw timings (medians)', ''], raw));
  if (result.scale) parts.push('', textTable(scaleHeader(result.scale), scaleRows(result.scale)), SCALE_NOTE);
  return parts.join('\n');
}

const EXIT_WAIT_NOTE =
  'The exit wait: a process whose @salesforce/core logger writes the log file through its transport worker waits up to 1 s at exit for it (pino 9 → thread-stream 3 polls with a back-off up to 1 s; thread-stream 4 wakes at once). The real sf CLI\'s commands wait the same way, for sf\'s own logger; the plugin\'s org commands write the same log lines from their own thread (src/org/log-file.ts), so through sf only sf\'s wait is left. The figures without it show the plugin\'s own time.';

export function toMarkdown(result: BenchResult): string {
  const parts = [
    `Measured by \`npm run bench\` on ${result.date.slice(0, 10)} (${machineLine(result)}; median of ${result.runs} runs). Each figure is a ratio taken within one run, so machine speed cancels out; commands run as users run them against the local org emulator: \`node bin/run.js …\`, and through the real sf CLI (\`sf ${result.sf?.sfVersion ?? 'n/a'}\`) with the plugin installed from its packed tarball (\`sf plugins install file:…\`) beside sf's own \`project deploy start\` and \`project retrieve start\`. Where the time goes: [bench/README.md](bench/README.md#where-the-time-goes).`,
    '',
    markdownTable(['Figure', 'Value', 'Target', ''], figureRows(result)),
  ];
  const raw = rawRows(result);
  if (raw.length > 0) parts.push('', markdownTable(['Raw timings (medians)', ''], raw), '', EXIT_WAIT_NOTE);
  if (result.scale) {
    parts.push('', `Scale, by number of pre-authorized profiles: ${SCALE_NOTE}.`, '', markdownTable(scaleHeader(result.scale), scaleRows(result.scale)));
  }
  return parts.join('\n');
}

export const README_START = '<!-- bench:start -->';
export const README_END = '<!-- bench:end -->';

/** The README with the marked section replaced; without markers, a Performance section holding them goes before Development. */
export function withBenchSection(readme: string, markdown: string): string {
  const section = `${README_START}\n${markdown}\n${README_END}`;
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start >= 0 && end > start) return `${readme.slice(0, start)}${section}${readme.slice(end + README_END.length)}`;
  const block = `## Performance\n\n${section}\n\n`;
  const development = readme.search(/^## Development\b/m);
  if (development >= 0) return `${readme.slice(0, development)}${block}${readme.slice(development)}`;
  return `${readme.trimEnd()}\n\n${block.trimEnd()}\n`;
}
