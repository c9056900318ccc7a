import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '../emulator/index.js';
import { saveEmulatorAuth } from '../emulator/login.js';
import { OFFLINE_ENV } from '../test/helpers/emulator-org.js';
import { ChildResult, runTimed } from './child.js';

/** A run of ours: `workMs` is the wall time up to the 'exit' event, `exitWaitMs` what the process took after it. */
export type TimedRun = ChildResult & { exitWaitMs: number; workMs: number };

/** The plugin's folder, found from this file whether it runs compiled (.tmp/bench-build/bench) or from bench/. */
function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'plugin-dropzone') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('bench: cannot find the plugin-dropzone folder');
    dir = parent;
  }
}

export const REPO_ROOT = findRepoRoot();
const OUR_BIN = path.join(REPO_ROOT, 'bin', 'run.js');
export const SF_CLI_RUN = path.join(REPO_ROOT, '.tmp', 'sf-cli', 'node_modules', '@salesforce', 'cli', 'bin', 'run.js');

const EXIT_PROBE = new URL('./exit-probe.js', import.meta.url).href;

/** No single command may take longer than this; a hang stops the benchmark instead of stalling it. */
const COMMAND_TIMEOUT_MS = 120_000;

/** Only what a shell hands any program, plus the offline switches: npm's and the caller's SF_* variables stay out. */
function childEnv(home: string): NodeJS.ProcessEnv {
  // The CA and registry settings too: `sf plugins install` runs npm, which must reach the registry as the user's does.
  const keep = ['PATH', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'npm_config_registry'];
  const env: NodeJS.ProcessEnv = {};
  for (const key of keep) if (process.env[key] !== undefined) env[key] = process.env[key];
  // sf plugins install runs npm: keep the user's npm cache, as a user installing the plugin has it (a fresh HOME would
  // make npm download every dependency again).
  const npmCache = process.env.npm_config_cache ?? path.join(homedir(), '.npm');
  const npmUserConfig = process.env.npm_config_userconfig ?? path.join(homedir(), '.npmrc');
  return { ...env, ...OFFLINE_ENV, HOME: home, CI: 'true', npm_config_cache: npmCache, npm_config_userconfig: npmUserConfig };
}

/** Where sf keeps the plugins of one way of adding ours (`sf plugins install` or `link`). */
export type SfPlugin = { name: string; dataDir: string; configDir: string; cacheDir: string };

/** Splits a run's wall time at its 'exit' event, which the exit probe prints last on stderr. */
function withExitWait(result: ChildResult): TimedRun {
  const exitAt = Number(/^bench-exit-at (\d+)$/m.exec(result.stderr)?.[1]);
  const exitWaitMs = Number.isFinite(exitAt) ? Math.max(0, result.endedAt - exitAt) : 0;
  return { ...result, exitWaitMs, workMs: result.wallMs - exitWaitMs };
}

/** A throwaway folder tree for one benchmark run; `dispose()` removes all of it. */
export class Workspace {
  public readonly root = mkdtempSync(path.join(tmpdir(), 'dropzone-bench-'));
  private homes = 0;

  public dir(name: string): string {
    return path.join(this.root, name);
  }

  /** A fresh HOME (as a new user has) holding an sf alias for the emulator. */
  public async home(emulator?: Emulator, alias = 'bench'): Promise<string> {
    const home = mkdtempSync(path.join(this.root, `home-${++this.homes}-`));
    if (emulator) await saveEmulatorAuth({ emulator, alias, homeDir: home });
    return home;
  }

  /**
   * `node bin/run.js <args>`, as a user of the plugin runs it, with one tiny preload (exit-probe.js) that tells how long
   * the process took to end after its 'exit' event: @salesforce/core's log-file worker waits there (see README).
   */
  public async ours(home: string, args: readonly string[]): Promise<TimedRun> {
    const result = await runTimed(process.execPath, ['--import', EXIT_PROBE, OUR_BIN, ...args], {
      cwd: this.root,
      env: childEnv(home),
      timeoutMs: COMMAND_TIMEOUT_MS,
    });
    return withExitWait(result);
  }

  /**
   * The real sf CLI, started as its own bin starts it (plus the exit probe). With `plugin`, sf keeps its plugins in
   * that plugin's own data, config and cache folders (SF_DATA_DIR…), so one install serves every HOME of the run.
   */
  public async sf(home: string, args: readonly string[], plugin?: SfPlugin, cwd = this.root, timeoutMs = COMMAND_TIMEOUT_MS): Promise<TimedRun> {
    const env = { ...childEnv(home), ...(plugin ? { SF_DATA_DIR: plugin.dataDir, SF_CONFIG_DIR: plugin.configDir, SF_CACHE_DIR: plugin.cacheDir } : {}) };
    const result = await runTimed(process.execPath, ['--import', EXIT_PROBE, '--no-deprecation', SF_CLI_RUN, ...args], { cwd, env, timeoutMs });
    return withExitWait(result);
  }

  /** Folders for one way of putting the plugin into sf (installed, linked). */
  public sfPlugin(name: string): SfPlugin {
    const dirs = { name, dataDir: this.dir(`sf-${name}/data`), configDir: this.dir(`sf-${name}/config`), cacheDir: this.dir(`sf-${name}/cache`) };
    for (const dir of [dirs.dataDir, dirs.configDir, dirs.cacheDir]) mkdirSync(dir, { recursive: true });
    return dirs;
  }

  public node(home: string, args: readonly string[]): Promise<ChildResult> {
    return runTimed(process.execPath, args, { cwd: this.root, env: childEnv(home), timeoutMs: COMMAND_TIMEOUT_MS });
  }

  public dispose(): void {
    rmSync(this.root, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  }
}

function newestMtime(dir: string, suffix: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, suffix));
    else if (entry.name.endsWith(suffix)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** The benchmark times the built plugin; refuse to time a build older than the sources. */
export function assertBuilt(): void {
  const manifest = path.join(REPO_ROOT, 'oclif.manifest.json');
  const lib = path.join(REPO_ROOT, 'lib');
  if (!existsSync(manifest) || !existsSync(lib)) throw new Error('No build found: run `npm run build` first.');
  // The build writes the manifest last.
  const built = statSync(manifest).mtimeMs;
  const sources = Math.max(newestMtime(path.join(REPO_ROOT, 'src'), '.ts'), newestMtime(path.join(REPO_ROOT, 'messages'), '.md'));
  if (sources > built) throw new Error('The build is older than src/ or messages/: run `npm run build` first.');
}

export function sfCliInstalled(): boolean {
  return existsSync(SF_CLI_RUN);
}
