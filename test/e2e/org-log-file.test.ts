import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ROOT, startBin } from '../helpers/bin.js';
import { EmulatorOrg, createDefaultApp, useEmulatorOrg } from '../helpers/emulator-org.js';
import { findLeaks, secretsOf, sfLogFiles } from '../helpers/secret-scan.js';

/** Counts the worker threads the process starts (pino's transport is one), written to stderr at exit. */
const WORKER_PROBE = `
const threads = require('node:worker_threads');
const { writeSync } = require('node:fs');
if (threads.isMainThread) {
  let started = 0;
  const Original = threads.Worker;
  threads.Worker = class extends Original { constructor(...args) { super(...args); started += 1; } };
  process.on('exit', () => writeSync(2, '\\nworker-threads ' + started + '\\n'));
}
`;

/** Core's own way: the plugin's @salesforce/core creates its file logger (the transport worker) before the command runs. */
const CORE_FILE_LOGGER = `
if (require('node:worker_threads').isMainThread) {
  const { Logger } = require(${JSON.stringify(path.join(ROOT, 'node_modules', '@salesforce', 'core', 'lib', 'logger', 'logger.js'))});
  Logger.getRoot();
}
`;

type Run = { code: number | null; stdout: string; stderr: string; workers: number; log: string };

/** A record without what differs between two runs: its time, and the digits in its text (times, ports, durations). */
const comparable = (line: string): string => {
  const { time, ...record } = JSON.parse(line) as Record<string, unknown>;
  expect(time, line).to.be.a('number');
  return JSON.stringify(record).replace(/\d+/g, '#');
};

describe('org commands write the sf log without a transport worker (bin/run.js)', function () {
  this.timeout(120_000);
  let env: EmulatorOrg;
  let probes: string;

  before(async function () {
    if (!existsSync(path.join(ROOT, 'lib', 'org', 'log-file.js'))) throw new Error('lib/ is not built: run "npm run build" first');
    probes = mkdtempSync(path.join(tmpdir(), 'dropzone-log-probes-'));
    writeFileSync(path.join(probes, 'workers.cjs'), WORKER_PROBE);
    writeFileSync(path.join(probes, 'core-file-logger.cjs'), CORE_FILE_LOGGER);
    env = await useEmulatorOrg();
    await createDefaultApp(env.alias);
  });
  after(async () => {
    await env?.restore();
    if (probes) rmSync(probes, { recursive: true, force: true });
  });

  async function validate(preloads: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
    rmSync(path.join(env.home, '.sf'), { recursive: true, force: true });
    const nodeOptions = ['workers.cjs', ...preloads].map((file) => `--require=${path.join(probes, file)}`).join(' ');
    const { code, stdout, stderr } = await startBin(['dropzone', 'app', 'validate', '--target-org', env.alias, '--json'], {
      home: env.home,
      env: { SF_LOG_LEVEL: 'trace', NODE_OPTIONS: nodeOptions, ...extraEnv },
    }).done;
    const workers = Number(/^worker-threads (\d+)$/m.exec(stderr)?.[1]);
    return { code, stdout, stderr, workers, log: sfLogFiles(env.home).map(({ text }) => text).join('') };
  }

  it('starts no worker thread, and writes the same trace records core writes, with no secret in them', async () => {
    const ours = await validate([]);
    const core = await validate(['core-file-logger.cjs']);
    expect(ours.code, ours.stderr).to.equal(0);
    expect(core.code, core.stderr).to.equal(0);
    expect(core.workers, 'core alone starts its transport worker (the probe sees threads)').to.equal(1);
    expect(ours.workers, 'worker threads started by validate').to.equal(0);

    expect(ours.log, 'the log is at trace level').to.contain('"level":10,');
    expect(ours.log, 'the log records the org requests').to.contain('"url":"/services/data/');
    const lines = ours.log.trimEnd().split('\n');
    expect(lines.map(comparable)).to.deep.equal(core.log.trimEnd().split('\n').map(comparable));
    expect(findLeaks(secretsOf(env.emulator), [{ where: 'sf log', text: ours.log }])).to.deep.equal([]);
  });

  it('create (up to date) and credentials start no worker thread either, and log at trace level', async () => {
    for (const args of [
      ['create', '--target-org', env.alias, '--contact-email', 'admin@example.com', '--json'],
      ['credentials', '--target-org', env.alias, '--json'],
    ]) {
      rmSync(path.join(env.home, '.sf'), { recursive: true, force: true });
      const { code, stderr } = await startBin(['dropzone', 'app', ...args], {
        home: env.home,
        env: { SF_LOG_LEVEL: 'trace', NODE_OPTIONS: `--require=${path.join(probes, 'workers.cjs')}` },
      }).done;
      expect(code, `${args[0]}: ${stderr}`).to.equal(0);
      expect(Number(/^worker-threads (\d+)$/m.exec(stderr)?.[1]), `${args[0]}: worker threads`).to.equal(0);
      expect(sfLogFiles(env.home).map(({ text }) => text).join(''), `${args[0]}: the trace log`).to.contain('"url":"/services/');
    }
  });

  it('every command that reaches an org extends OrgCommand (a new one on SfCommand would bring the worker back)', async () => {
    const { OrgCommand } = await import('../../src/cli/org-command.js');
    for (const name of ['create', 'validate', 'credentials', 'verify-login']) {
      const { default: command } = (await import(`../../src/commands/dropzone/app/${name}.js`)) as { default: { prototype: object } };
      expect(command.prototype instanceof OrgCommand, name).to.equal(true);
    }
  });

  it('the lines reach the file while the command runs (every second), not only at exit', async () => {
    rmSync(path.join(env.home, '.sf'), { recursive: true, force: true });
    env.emulator.faults.setDeployProcessingMs(4000);
    try {
      const create = startBin(['dropzone', 'app', 'create', '--target-org', env.alias, '--name', 'Log_While_Running', '--contact-email', 'admin@example.com'], {
        home: env.home,
        env: { SF_LOG_LEVEL: 'trace', NODE_OPTIONS: '' },
      });
      await create.output(/deploy 0Af\w+ accepted by the org/);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const running = create.child.exitCode === null;
      const whileRunning = sfLogFiles(env.home).map(({ text }) => text).join('');
      const run = await create.done;
      expect(run.code, run.stderr).to.equal(0);
      expect(running, 'still deploying when the log was read').to.equal(true);
      expect(whileRunning, 'the deploy request is in the log before the command ends').to.contain('"url":"/services/');
    } finally {
      env.emulator.faults.setDeployProcessingMs(20);
    }
  });

  it('SF_DISABLE_LOG_FILE=true: no log file, as core does', async () => {
    const run = await validate([], { SF_DISABLE_LOG_FILE: 'true' });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.workers).to.equal(0);
    const dir = path.join(env.home, '.sf');
    expect(existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.log')) : []).to.deep.equal([]);
  });

  it('a run that fails logs too: the lines reach the file at exit', async () => {
    rmSync(path.join(env.home, '.sf'), { recursive: true, force: true });
    const failed = await startBin(['dropzone', 'app', 'validate', '--target-org', 'no-such-org', '--json'], {
      home: env.home,
      env: { SF_LOG_LEVEL: 'trace', NODE_OPTIONS: '' },
    }).done;
    expect(failed.code, failed.stderr).to.not.equal(0);
    expect(sfLogFiles(env.home).map(({ text }) => text).join(''), 'the trace log of the failed run').to.contain('"level":10,');
  });
});
