import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import sinon from 'sinon';
import { Logger } from '@salesforce/core';
import { SfError } from '@salesforce/core/sfError';
import { Spinner, stubSfCommandUx } from '@salesforce/sf-plugins-core';
import type { FaultSpec } from '../../emulator/index.js';
import { EmulatorOrg, useEmulatorOrg } from '../helpers/emulator-org.js';
import { stubOfflineCommandUx } from '../helpers/offline-ux.js';
import { filesUnder, findLeaks, secretsOf, sfLogFiles } from '../helpers/secret-scan.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const APP = 'SendSafely_Dropzone_Connector';

/** What the fault and bad-input suite did; written to .tmp/fault-counts.json when the run ends. */
export const counts = {
  faultsInjected: 0,
  faultKinds: {} as Record<string, number>,
  sessionScenarios: 0,
  inputsTried: 0,
  propertyCases: 0,
  commandRuns: 0,
  secretScans: 0,
  leaks: 0,
  tests: 0,
  failures: 0,
};
const startedAt = Date.now();

/** Only this suite's tests count (the hooks are root hooks, so under `npm test` they see every test). */
const OWN_TEST = /[\\/]test[\\/](faults|input)[\\/]/;
let ownMs = 0;
afterEach(function () {
  const test = this.currentTest;
  if (!test?.file || !OWN_TEST.test(test.file)) return;
  counts.tests += 1;
  ownMs += test.duration ?? 0;
  if (test.state === 'failed') counts.failures += 1;
});
/**
 * The sf log of the whole suite: one root logger at trace level writing to `~/.sf/sf-*.log` under a throwaway HOME,
 * created before any command runs. (A logger per emulator HOME would need a flush of pino's transport thread, about
 * half a second, per test.) Every emulator's secrets are collected when it stops, and the log is scanned for all of
 * them once the suite ends.
 */
const LOG_HOME = mkdtempSync(path.join(tmpdir(), 'fault-suite-log-'));
const secretsSeen = new Set<string>();
{
  const home = process.env.HOME;
  process.env.SF_LOG_LEVEL = 'trace';
  process.env.HOME = LOG_HOME;
  Logger.destroyRoot();
  await Logger.root();
  process.env.HOME = home;
}

async function flushLogs(): Promise<void> {
  const raw = Logger.getRawRootLogger() as unknown as { flush?: (cb: (error?: Error) => void) => void };
  await new Promise<void>((resolve) => (raw.flush ? raw.flush(() => resolve()) : resolve()));
}

after(async function () {
  await flushLogs();
  const logs = sfLogFiles(LOG_HOME);
  const file = path.join(ROOT, '.tmp', 'fault-counts.json');
  try {
    if (counts.commandRuns > 0) {
      const all = logs.map(({ text }) => text).join('\n');
      expect(all, 'the log is at trace level').to.contain('"level":10,');
      expect(all, 'the log records the org requests').to.match(/"url":"http:\/\/127\.0\.0\.1:\d+\/services\//);
      counts.secretScans += 1;
      const leaks = findLeaks([...secretsSeen], logs.map(({ file: name, text }) => ({ where: `log ${path.basename(name)}`, text })));
      counts.leaks += leaks.length;
      expect(leaks, 'secrets in the sf log').to.deep.equal([]);
    }
  } catch (error) {
    counts.failures += 1;
    throw error;
  } finally {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ ...counts, durationMs: Date.now() - startedAt, testsMs: ownMs, node: process.version, at: new Date().toISOString() }, null, 2)}\n`);
    if (!process.env.KEEP_FAULT_LOG) rmSync(LOG_HOME, { recursive: true, force: true });
  }
});

export async function startOrg(options: Parameters<typeof useEmulatorOrg>[0] = {}): Promise<EmulatorOrg> {
  return useEmulatorOrg({ deployProcessingMs: 20, ...options });
}

/** Stops the org, keeping its secrets for the scan of the sf log at the end. */
export async function stopOrg(env: EmulatorOrg | undefined): Promise<void> {
  if (!env) return;
  for (const secret of secretsOf(env.emulator)) secretsSeen.add(secret);
  await env.restore();
}

export function assertNoLeaks(env: EmulatorOrg, places: ReadonlyArray<{ where: string; text: string }>): void {
  counts.secretScans += 1;
  const leaks = findLeaks(secretsOf(env.emulator), places);
  counts.leaks += leaks.length;
  expect(leaks, 'secrets found where the user did not ask for them').to.deep.equal([]);
}

export function inject(env: EmulatorOrg, spec: FaultSpec): void {
  counts.faultsInjected += 1;
  counts.faultKinds[spec.kind] = (counts.faultKinds[spec.kind] ?? 0) + 1;
  env.emulator.faults.inject(spec);
}

export type CommandClass = { run(argv?: string[]): Promise<unknown>; readonly flags?: Record<string, unknown> };

export type Run<R = unknown> = {
  readonly result?: R;
  readonly error?: SfError;
  readonly exitCode: number;
  /** Everything the command printed (stdout and stderr, the JSON envelope and the error included). */
  readonly output: string;
  readonly json?: { status: number; result?: R };
  readonly ms: number;
  /** Index of the first request of this run in the emulator's log. */
  readonly from: number;
};

export type RunOptions = {
  /** The user asked to see the secret (`credentials --show-secret`): it may be in the output. */
  readonly secretAllowed?: boolean;
  /** Files or folders the run may have written; scanned for secrets. */
  readonly written?: readonly string[];
};

const text = (value: unknown): string => {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

/**
 * Runs a command in process, capturing all it prints (UX stubbed, raw stdout/stderr writes caught), and checks that
 * no secret the emulator knows is in the output, the error, or the files written, unless the user asked for it.
 */
export async function runCommand<R>(env: EmulatorOrg | undefined, command: CommandClass, argv: string[], options: RunOptions = {}): Promise<Run<R>> {
  counts.commandRuns += 1;
  const sandbox = sinon.createSandbox();
  // generate runs on OfflineCommand, the org commands on SfCommand: capture both.
  const offline = stubOfflineCommandUx(sandbox);
  const ux = { ...stubSfCommandUx(sandbox), ...Object.fromEntries(Object.entries(offline).map(([key, stub]) => [`offline.${key}`, stub])) };
  const jsonOf = (): Run<R>['json'] => (ux.logJson.firstCall?.args[0] ?? offline.logJson.firstCall?.args[0]) as Run<R>['json'];
  sandbox.stub(Spinner.prototype, 'start');
  sandbox.stub(Spinner.prototype, 'stop');
  sandbox.stub(Spinner.prototype, 'status').set(() => undefined);
  const raw: string[] = [];
  const stdout = sandbox.stub(process.stdout, 'write').callsFake((chunk: unknown) => raw.push(String(chunk)) > 0);
  const stderr = sandbox.stub(process.stderr, 'write').callsFake((chunk: unknown) => raw.push(String(chunk)) > 0);
  const from = env?.emulator.requests.length ?? 0;
  const started = Date.now();
  process.exitCode = undefined;
  let run: Omit<Run<R>, 'output' | 'ms' | 'from'>;
  try {
    const result = (await command.run(argv)) as R;
    run = { result, exitCode: Number(process.exitCode ?? 0), json: jsonOf() };
  } catch (error) {
    const sfError = error as SfError & { oclif?: { exit?: number } };
    run = { error: sfError, exitCode: Number(sfError.exitCode ?? sfError.oclif?.exit ?? 1), json: jsonOf() };
  } finally {
    stdout.restore();
    stderr.restore();
    process.exitCode = undefined;
  }
  const printed = Object.values(ux)
    .flatMap((stub) => (stub as sinon.SinonStub).getCalls().flatMap((call) => call.args.map(text)))
    .concat(raw);
  sandbox.restore();
  const errorText = run.error ? [run.error.message, ...(run.error.actions ?? []), text(run.error.data), run.error.stack ?? ''].join('\n') : '';
  const output = [...printed, errorText].join('\n');
  if (env) {
    const places = [{ where: 'output', text: output }];
    for (const target of options.written ?? []) places.push(...filesUnder(target).map(({ file, text: content }) => ({ where: `file ${file}`, text: content })));
    if (!options.secretAllowed) assertNoLeaks(env, places);
  }
  return { ...run, output, ms: Date.now() - started, from };
}

/** The operations a run sent: the SOAP operation, or `METHOD /path` without the query. */
export function operations(env: EmulatorOrg, from = 0, to = env.emulator.requests.length): string[] {
  return env.emulator.requests.slice(from, to).map((request) => request.soapOperation ?? `${request.method} ${request.path.replace(/\?.*/, '')}`);
}
