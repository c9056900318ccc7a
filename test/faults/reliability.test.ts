/**
 * The deploy contract under real conditions (issue 16), one test per kind of failure found by trying to break the
 * plugin: a name in another case, two runs at once, a stalled request, a poll outage, a failed deploy with
 * --output-dir, and input the XML round trip would change. Each case of ../shared/cases/reliability is here.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Org } from '@salesforce/core';
import { SfError } from '@salesforce/core/sfError';
import type { FaultKind } from '../../emulator/index.js';
import AppCreate, { AppCreateResult } from '../../src/commands/dropzone/app/create.js';
import AppCredentials, { AppCredentialsResult } from '../../src/commands/dropzone/app/credentials.js';
import AppValidate from '../../src/commands/dropzone/app/validate.js';
import { CreateOptions, runCreate } from '../../src/create/run-create.js';
import { planApp } from '../../src/create/plan.js';
import { pollDeploy, startDeploy } from '../../src/org/deploy.js';
import { readDeployedApp } from '../../src/org/read-app.js';
import { silentProgress } from '../../src/ux/stage-output.js';
import { specFromFlags } from '../../src/spec/from-flags.js';
import type { EmulatorOrg } from '../helpers/emulator-org.js';
import { APP, inject, operations, runCommand, startOrg, stopOrg } from './harness.js';

const EMAIL = ['--contact-email', 'admin@example.com'];
const POLICY = 'ExtlClntAppOauthConfigurablePolicies';

describe('reliability: the deploy contract under real conditions', function () {
  this.timeout(120_000);
  let env: EmulatorOrg | undefined;
  let scratch: string;
  const savedTimeout = process.env.SF_DROPZONE_REQUEST_TIMEOUT;

  beforeEach(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'reliability-'));
  });
  afterEach(async () => {
    await stopOrg(env);
    env = undefined;
    rmSync(scratch, { recursive: true, force: true });
    if (savedTimeout === undefined) delete process.env.SF_DROPZONE_REQUEST_TIMEOUT;
    else process.env.SF_DROPZONE_REQUEST_TIMEOUT = savedTimeout;
  });

  const org = (): EmulatorOrg => env!;
  const create = (args: string[]) => runCommand<AppCreateResult>(org(), AppCreate, ['--target-org', org().alias, ...EMAIL, ...args, '--json']);
  const profilesInOrg = (): string => {
    const value = org().emulator.org.components(POLICY)[0]?.fields.commaSeparatedProfile;
    return typeof value === 'string' ? value : '';
  };
  const headers = (): string[] => org().emulator.org.components('ExternalClientApplication').map((component) => component.fullName);
  const connection = async () => (await Org.create({ aliasOrUsername: org().alias })).getConnection();

  async function runCreateWith(overrides: Partial<CreateOptions>): Promise<SfError> {
    const conn = await connection();
    const outcome = await runCreate(conn, {
      flags: { name: APP, label: 'SendSafely Dropzone Connector', 'contact-email': 'admin@example.com' },
      explicitHeaderFields: new Set(),
      waitMinutes: 0.05,
      async: false,
      dryRun: false,
      force: false,
      replaceAccess: false,
      progress: silentProgress,
      resumeCommand: (deployId) => `sf dropzone app create --target-org ${org().alias} --contact-email admin@example.com --resume ${deployId}`,
      ...overrides,
    }).catch((error: SfError) => error);
    expect(outcome, 'the run fails').to.be.instanceOf(SfError);
    return outcome as SfError;
  }

  describe('one app, whatever the case of its name (case app-name-case-creates-second-app)', () => {
    it('credentials, validate and create all find the org app under another case; create never makes a second app', async () => {
      env = await startOrg();
      expect((await create([])).exitCode).to.equal(0);
      const key = org().emulator.org.consumers[0]?.key;
      const lower = APP.toLowerCase();

      const credentials = await runCommand<AppCredentialsResult>(org(), AppCredentials, ['--target-org', org().alias, '--name', lower, '--json']);
      expect(credentials.exitCode, credentials.output).to.equal(0);
      expect(credentials.result!.name).to.equal(APP);

      const validate = await runCommand<{ name: string }>(org(), AppValidate, ['--target-org', org().alias, '--name', lower, '--json']);
      expect(validate.exitCode, validate.output).to.equal(0);
      expect(validate.result!.name).to.equal(APP);

      const again = await create(['--name', lower]);
      expect(again.exitCode, again.output).to.equal(0);
      expect(again.result!.status).to.equal('up-to-date');
      expect(again.result!.name).to.equal(APP);
      expect(again.result!.consumerKey).to.equal(key);

      const upper = await create(['--name', APP.toUpperCase(), '--session-timeout', '120']);
      expect(upper.exitCode, upper.output).to.equal(0);
      expect(upper.result!.status).to.equal('updated');
      expect(upper.result!.components.filter((component) => component.action === 'create')).to.deep.equal([]);

      expect(headers()).to.deep.equal([APP]);
      expect(org().emulator.org.consumers).to.have.length(1);
    });
  });

  describe('two runs at once never report success for a lost change (case concurrent-create-lost-update)', () => {
    it('merges its change again when another run’s stale deploy lands between its deploy and its read-back', async () => {
      env = await startOrg({ deployProcessingMs: 50 });
      expect((await create([])).exitCode).to.equal(0);
      // The other run: read now, before this run deploys, and deploy "Read Only" once this run's deploy is done.
      const conn = await connection();
      const stale = await readDeployedApp(conn, APP);
      const otherSpec = specFromFlags(
        { name: APP, label: 'SendSafely Dropzone Connector', 'contact-email': 'admin@example.com', profile: ['Read Only'], 'api-version': conn.getApiVersion() },
        { orgType: 'production' }
      );
      const other = planApp(otherSpec, stale!.components, { replaceAccess: false, force: false, explicitHeaderFields: new Set() });
      expect(other.kindsToDeploy).to.include(POLICY);
      // Hold this run's read-back (its second retrieve) long enough for the other deploy to land first.
      inject(org(), { match: { soapOperation: 'retrieve' }, nth: 2, kind: 'stall', stallMs: 1500 });
      const requestsBefore = org().emulator.requests.length;
      const running = create(['--profile', 'Standard User']);
      while (operations(org(), requestsBefore).filter((operation) => operation === 'retrieve').length < 2) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const otherId = await startDeploy(conn, { app: other.desired, kinds: other.kindsToDeploy, apiVersion: otherSpec.apiVersion, checkOnly: false });
      expect((await pollDeploy(conn, otherId, { timeoutMs: 30_000, delaysMs: [50] })).success).to.equal(true);
      expect(profilesInOrg()).not.to.contain('Standard User');

      const run = await running;
      expect(run.exitCode, run.output).to.equal(0);
      expect(profilesInOrg()).to.contain('Standard User');
      expect(profilesInOrg()).to.contain('Read Only');
      expect(run.result!.preAuthorizedProfiles).to.include.members(['Standard User', 'Read Only']);
      // This run's two deploys and the other run's one.
      expect(operations(org(), requestsBefore).filter((operation) => operation === 'deploy')).to.have.length(3);
    });

    it('fails with a clear message, never exit 0, when its change keeps being replaced', async () => {
      env = await startOrg({ deployProcessingMs: 20 });
      expect((await create([])).exitCode).to.equal(0);
      const conn = await connection();
      const stale = (await readDeployedApp(conn, APP))!;
      const spec = specFromFlags({ name: APP, label: 'SendSafely Dropzone Connector', 'contact-email': 'admin@example.com', 'api-version': conn.getApiVersion() }, { orgType: 'production' });
      const restore = planApp(spec, stale.components, { replaceAccess: false, force: true, explicitHeaderFields: new Set() });
      // Every read-back of this run is held until a deploy of the app as it was before has landed.
      const replaceAfterEachDeploy = async (): Promise<void> => {
        const id = await startDeploy(conn, { app: restore.desired, kinds: [POLICY], apiVersion: spec.apiVersion, checkOnly: false });
        await pollDeploy(conn, id, { timeoutMs: 30_000, delaysMs: [50] });
      };
      inject(org(), { match: { soapOperation: 'retrieve' }, nth: 2, times: 3, kind: 'stall', stallMs: 1500 });
      const requestsBefore = org().emulator.requests.length;
      const running = create(['--profile', 'Standard User']);
      for (let landed = 0; landed < 3; ) {
        const readBacks = operations(org(), requestsBefore).filter((operation) => operation === 'retrieve').length - 1;
        if (readBacks > landed) {
          await replaceAfterEachDeploy();
          landed += 1;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const run = await running;
      expect(run.exitCode).to.equal(1);
      expect(run.error!.name).to.equal('ChangeLostToConcurrentRunError');
      expect(run.error!.message).to.contain('after 3 deploys');
      expect(run.error!.message).to.contain('commaSeparatedProfile');
    });
  });

  describe('every org request is bounded in time, and --wait is a wall-clock deadline (case no-request-timeout-wait-not-enforced)', () => {
    it('a stalled status poll is cut at the request timeout and retried: create succeeds long before the stall ends', async () => {
      process.env.SF_DROPZONE_REQUEST_TIMEOUT = '2';
      env = await startOrg({ deployProcessingMs: 300 });
      inject(org(), { match: { soapOperation: 'checkDeployStatus' }, kind: 'stall', stallMs: 60_000 });
      const run = await create([]);
      expect(run.exitCode, run.output).to.equal(0);
      expect(run.result!.status).to.equal('created');
      expect(run.ms).to.be.below(15_000);
    });

    it('a stalled read (the composite request of validate) is cut and retried', async () => {
      process.env.SF_DROPZONE_REQUEST_TIMEOUT = '2';
      env = await startOrg();
      expect((await create([])).exitCode).to.equal(0);
      inject(org(), { match: { path: '/composite' }, kind: 'stall', stallMs: 60_000 });
      const run = await runCommand(org(), AppValidate, ['--target-org', org().alias, '--json']);
      expect(run.exitCode, run.output).to.equal(0);
      expect(run.ms).to.be.below(15_000);
    });

    it('a stalled deploy request is never re-sent: the org is read until it shows the deploy went through', async () => {
      process.env.SF_DROPZONE_REQUEST_TIMEOUT = '2';
      env = await startOrg();
      inject(org(), { match: { soapOperation: 'deploy' }, kind: 'stall', stallMs: 3000 });
      const run = await create([]);
      expect(run.exitCode, run.output).to.equal(0);
      expect(operations(org(), run.from).filter((operation) => operation === 'deploy')).to.have.length(1);
      expect(headers()).to.deep.equal([APP]);
    });

    it('ends at the --wait deadline, cutting a poll in flight: exit 69 with the deploy id and the resume command', async () => {
      env = await startOrg({ deployProcessingMs: 300 });
      org().emulator.faults.deployNeverFinishes(true);
      // The second poll stalls past the deadline (3 s); the request timeout (30 s) alone would not end it in time.
      inject(org(), { match: { soapOperation: 'checkDeployStatus' }, nth: 2, kind: 'stall', stallMs: 60_000 });
      const started = Date.now();
      const error = await runCreateWith({ waitMinutes: 0.05 });
      expect(Date.now() - started).to.be.below(9000);
      expect(error.name).to.equal('DeployTimedOutError');
      expect(error.exitCode).to.equal(69);
      expect(error.actions!.join('\n')).to.match(/sf dropzone app create --target-org \S+ .*--resume 0Af/);
      expect((error.data as { deployId?: string }).deployId).to.match(/^0Af/);
    });
  });

  describe('a poll outage inside --wait does not abandon an accepted deploy (case poll-outage-abandons-accepted-deploy)', () => {
    const OUTAGES: ReadonlyArray<{ kind: FaultKind; times: number }> = [
      // Five failed polls in a row: more than a bounded retry of one poll would survive.
      { kind: 'http503', times: 5 },
      { kind: 'http500', times: 5 },
      { kind: 'reset', times: 5 },
      { kind: 'stall', times: 2 },
    ];
    for (const { kind, times } of OUTAGES) {
      it(`keeps polling through ${times} × ${kind} on the status poll and reports the deploy's real outcome`, async () => {
        process.env.SF_DROPZONE_REQUEST_TIMEOUT = '1';
        env = await startOrg({ deployProcessingMs: 300 });
        inject(org(), { match: { soapOperation: 'checkDeployStatus' }, kind, times, stallMs: 30_000 });
        const run = await create([]);
        expect(run.exitCode, run.output).to.equal(0);
        expect(run.result!.status).to.equal('created');
        expect(operations(org(), run.from).filter((operation) => operation === 'deploy')).to.have.length(1);
      });
    }

    it('when the org stays unreachable until the deadline: "outcome unknown", exit 75, the deploy id and the resume command', async () => {
      env = await startOrg({ deployProcessingMs: 300 });
      inject(org(), { match: { soapOperation: 'checkDeployStatus' }, kind: 'http503', times: 1000 });
      const started = Date.now();
      const error = await runCreateWith({ waitMinutes: 0.05 });
      expect(Date.now() - started).to.be.below(9000);
      expect(error.name).to.equal('DeployOutcomeUnknownError');
      expect(error.exitCode).to.equal(75);
      const deployId = (error.data as { deployId?: string }).deployId;
      expect(deployId).to.match(/^0Af/);
      expect(error.message).to.contain(deployId).and.to.contain('was accepted');
      expect(error.actions!.join('\n')).to.contain(`--resume ${deployId!}`);
      // The deploy went through: resuming it once the org answers verifies the app.
      org().emulator.faults.clear();
      const resumed = await create(['--resume', deployId!]);
      expect(resumed.exitCode, resumed.output).to.equal(0);
      expect(resumed.result!.verification.compliant).to.equal(true);
    });
  });

  describe('--output-dir mirrors what the org holds (case output-dir-written-when-deploy-fails)', () => {
    const files = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name).sort() : []);

    it('writes nothing when the deploy fails on a fresh app', async () => {
      env = await startOrg();
      const out = path.join(scratch, 'out');
      const run = await create(['--name', 'Legacy_Connected_App', '--output-dir', out]);
      expect(run.exitCode).to.equal(1);
      expect(files(out)).to.deep.equal([]);
    });

    it('leaves an existing folder exactly as it was when a later deploy fails', async () => {
      env = await startOrg();
      const repo = path.join(scratch, 'repo');
      expect((await create(['--output-dir', repo])).exitCode).to.equal(0);
      const before = path.join(scratch, 'before');
      cpSync(repo, before, { recursive: true });
      org().emulator.org.settings.enableExternalClientApps = false;
      const run = await create(['--profile', 'Standard User', '--session-timeout', '30', '--output-dir', repo]);
      expect(run.exitCode).to.equal(1);
      for (const name of files(before)) {
        const relative = readdirSync(before, { recursive: true }).map(String).find((entry) => entry.endsWith(name))!;
        expect(readFileText(path.join(repo, relative)), name).to.equal(readFileText(path.join(before, relative)));
      }
      expect(files(repo)).to.deep.equal(files(before));
    });

    it('writes nothing when --wait runs out before the deploy is done', async () => {
      env = await startOrg({ deployProcessingMs: 300 });
      const out = path.join(scratch, 'out');
      org().emulator.faults.deployNeverFinishes(true);
      const error = await runCreateWith({ waitMinutes: 0.02, outputDir: out });
      expect(error.exitCode).to.equal(69);
      expect(files(out)).to.deep.equal([]);
    });

    it('refuses a file path as --output-dir before deploying anything (bad input, exit 2)', async () => {
      env = await startOrg();
      const file = path.join(scratch, 'a-file');
      cpSync(path.join(path.dirname(new URL(import.meta.url).pathname), 'reliability.test.ts'), file);
      const run = await create(['--output-dir', file]);
      expect(run.exitCode).to.equal(2);
      expect(operations(org(), run.from)).not.to.include('deploy');
    });
  });

  describe('input whose XML round trip would change it is normalized before planning', () => {
    it('a description with carriage returns deploys once; the re-run is up to date', async () => {
      env = await startOrg();
      const first = await create(['--description', 'Line one\r\nLine two\rLine three']);
      expect(first.exitCode, first.output).to.equal(0);
      const again = await create(['--description', 'Line one\r\nLine two\rLine three']);
      expect(again.exitCode, again.output).to.equal(0);
      expect(again.result!.status).to.equal('up-to-date');
    });
  });
});

function readFileText(file: string): string {
  return existsSync(file) ? String(readFileSync(file)) : '<missing>';
}
