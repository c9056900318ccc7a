import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expectExit } from './child.js';
import { median, round } from './stats.js';
import { SF_CLI_RUN, Workspace, sfCliInstalled } from './workspace.js';

export type StartupRun = { nodeMs: number; oursMs: number; oursExitWaitMs: number; sfMs?: number; vsNode: number; vsSf?: number };

export type StartupFigures = {
  /** ours / sf's, median of per-run ratios; null when the sf CLI is not installed. */
  startupVsSf: number | null;
  startupVsNode: number;
  nodeMs: number;
  oursMs: number;
  oursExitWaitMs: number;
  sfMs: number | null;
  sfVersion: string | null;
  perRun: StartupRun[];
};

const OURS = ['dropzone', 'app', 'generate', '--help'];
const SF = ['project', 'deploy', 'start', '--help'];

/** `generate --help` against `node -e 0` and the real sf CLI's `project deploy start --help`, same HOME and env. */
export async function benchStartup(ws: Workspace, runs: number): Promise<StartupFigures> {
  const home = await ws.home();
  const withSf = sfCliInstalled();
  // One untimed round first: the first start in a new HOME writes caches, and the file cache warms up.
  await ws.node(home, ['-e', '0']);
  expectExit(await ws.ours(home, OURS), 'generate --help (warm-up)');
  if (withSf) expectExit(await ws.sf(home, SF), 'sf project deploy start --help (warm-up)');
  const perRun: StartupRun[] = [];
  for (let run = 0; run < runs; run++) {
    const node = expectExit(await ws.node(home, ['-e', '0']), 'node -e 0');
    const ours = expectExit(await ws.ours(home, OURS), 'generate --help');
    const sf = withSf ? expectExit(await ws.sf(home, SF), 'sf project deploy start --help') : undefined;
    perRun.push({
      nodeMs: round(node.wallMs, 0),
      oursMs: round(ours.wallMs, 0),
      oursExitWaitMs: round(ours.exitWaitMs, 0),
      sfMs: sf ? round(sf.wallMs, 0) : undefined,
      vsNode: round(ours.wallMs / node.wallMs),
      vsSf: sf ? round(ours.wallMs / sf.wallMs, 3) : undefined,
    });
  }
  const sfRuns = perRun.filter((r) => r.vsSf !== undefined);
  return {
    startupVsSf: withSf ? round(median(sfRuns.map((r) => r.vsSf!)), 3) : null,
    startupVsNode: round(median(perRun.map((r) => r.vsNode))),
    nodeMs: round(median(perRun.map((r) => r.nodeMs)), 0),
    oursMs: round(median(perRun.map((r) => r.oursMs)), 0),
    oursExitWaitMs: round(median(perRun.map((r) => r.oursExitWaitMs)), 0),
    sfMs: withSf ? round(median(sfRuns.map((r) => r.sfMs!)), 0) : null,
    sfVersion: withSf ? sfVersion() : null,
    perRun,
  };
}

export function sfVersion(): string {
  const manifest = path.join(path.dirname(SF_CLI_RUN), '..', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}
