import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Org } from '@salesforce/core';
import { SfError } from '@salesforce/core/sfError';
import AppCreate, { AppCreateResult } from '../../src/commands/dropzone/app/create.js';
import { pollDeploy, startDeploy } from '../../src/org/deploy.js';
import { readDeployedApp } from '../../src/org/read-app.js';
import { runCreate } from '../../src/create/run-create.js';
import { silentProgress } from '../../src/ux/stage-output.js';
import { JsonSchema, validateJson } from '../helpers/json-schema.js';
import { useEmulatorOrg } from '../helpers/emulator-org.js';
import { quietCommandUx } from '../helpers/quiet-ux.js';

const APP = 'SendSafely_Dropzone_Connector';
const GLOBAL = 'ExtlClntAppGlobalOauthSettings';
const schema = JSON.parse(await readFile(new URL('../../schemas/dropzone-app-create.json', import.meta.url), 'utf8')) as JsonSchema;

type Run = { result?: AppCreateResult; error?: SfError; exitCode: number; json?: { status: number; result: AppCreateResult } };

describe('sf dropzone app create (emulator)', function () {
  this.timeout(120_000);
  const quiet = quietCommandUx();
  let env: Awaited<ReturnType<typeof useEmulatorOrg>>;

  afterEach(async () => {
    await env?.restore();
  });

  async function start(options: Parameters<typeof useEmulatorOrg>[0] = {}): Promise<void> {
    env = await useEmulatorOrg({ deployProcessingMs: 50, ...options });
  }

  async function run(args: string[]): Promise<Run> {
    quiet.ux.logJson.resetHistory();
    try {
      const result = await AppCreate.run(['--target-org', env.alias, '--contact-email', 'admin@example.com', ...args]);
      return { result, exitCode: Number(process.exitCode ?? 0), json: quiet.ux.logJson.firstCall?.args[0] as Run['json'] };
    } catch (error) {
      return { error: error as SfError, exitCode: (error as SfError).exitCode ?? 1 };
    } finally {
      process.exitCode = undefined;
    }
  }

  const operations = (from: number): string[] =>
    env.emulator.requests.slice(from).map((request) => request.soapOperation ?? `${request.method} ${request.path.replace(/\?.*/, '')}`);
  const deploys = (from: number): number => operations(from).filter((operation) => operation === 'deploy').length;
  const orgComponents = (): string[] => env.emulator.org.components().map((component) => `${component.type}:${component.fullName}`).sort();

  async function connection(): Promise<ReturnType<Org['getConnection']>> {
    return (await Org.create({ aliasOrUsername: env.alias })).getConnection();
  }

  /** Changes the deployed Global OAuth settings the way an admin's click in Setup would. */
  async function driftGlobal(fields: Record<string, boolean>): Promise<void> {
    const conn = await connection();
    const deployed = (await readDeployedApp(conn, APP))!;
    const global = deployed.components.globalOauth!;
    const { consumerKey: _key, consumerSecret: _secret, ...kept } = global.fields;
    const app = { ...deployed.components, globalOauth: { ...global, fields: { ...kept, ...fields } } };
    const id = await startDeploy(conn, { app, kinds: [GLOBAL], apiVersion: conn.getApiVersion(), checkOnly: false });
    expect((await pollDeploy(conn, id, { timeoutMs: 30_000, delaysMs: [50] })).success).to.equal(true);
  }

  it('creates and verifies the app in a fresh production org, with the login callback', async () => {
    await start();
    const { result, exitCode, json } = await run(['--json']);
    expect(exitCode).to.equal(0);
    expect(result!.status).to.equal('created');
    expect(result!.callbackUrl).to.equal('https://login.salesforce.com/services/oauth2/success');
    expect(result!.orgType).to.equal('production');
    expect(result!.preAuthorizedProfiles).to.deep.equal(['System Administrator']);
    expect(result!.verification).to.include({ compliant: true, failed: 0 });
    expect(result!.consumerKey).to.equal(env.emulator.org.consumerForApp(APP)!.key);
    expect(result!.components.map((component) => component.action)).to.deep.equal(['create', 'create', 'create', 'create', 'create']);
    expect(orgComponents()).to.have.length(5);
    expect(env.emulator.org.field(GLOBAL, `${APP}_glbloauth`, 'isPkceRequired')).to.equal('false');
    expect(env.emulator.org.field(GLOBAL, `${APP}_glbloauth`, 'isSecretRequiredForRefreshToken')).to.equal('false');
    expect(validateJson(json!.result, schema)).to.deep.equal([]);
    expect(JSON.stringify(json)).not.to.contain(env.emulator.org.consumerForApp(APP)!.secret);
  });

  it('uses the test callback in a sandbox', async () => {
    await start({ sandbox: true });
    const { result } = await run(['--json']);
    expect(result!.orgType).to.equal('sandbox');
    expect(env.emulator.org.field(GLOBAL, `${APP}_glbloauth`, 'callbackUrl')).to.equal('https://test.salesforce.com/services/oauth2/success');
  });

  it('deploys nothing on a re-run, says the app is up to date, keeps the consumer key, in at most 4 requests', async () => {
    await start();
    const first = await run([]);
    const before = env.emulator.requests.length;
    const second = await run([]);
    expect(second.result!.status).to.equal('up-to-date');
    expect(deploys(before)).to.equal(0);
    expect(env.emulator.requests.length - before, operations(before).join(', ')).to.be.at.most(4);
    expect(second.result!.consumerKey).to.equal(first.result!.consumerKey);
    const log = quiet.ux.logSuccess.getCalls().map((call) => String(call.args[0])).join('\n');
    expect(log).to.contain('up to date');
  });

  it('redeploys only the drifted component (PKCE switched on in the org), then is compliant', async () => {
    await start();
    const first = await run([]);
    await driftGlobal({ isPkceRequired: true });
    expect(env.emulator.org.field(GLOBAL, `${APP}_glbloauth`, 'isPkceRequired')).to.equal('true');
    const { result } = await run(['--json']);
    expect(result!.status).to.equal('updated');
    expect(result!.components.filter((component) => component.action === 'update')).to.deep.equal([
      { type: GLOBAL, fullName: `${APP}_glbloauth`, action: 'update', changedFields: ['isPkceRequired'] },
    ]);
    expect(env.emulator.org.field(GLOBAL, `${APP}_glbloauth`, 'isPkceRequired')).to.equal('false');
    expect(result!.verification.compliant).to.equal(true);
    expect(result!.consumerKey).to.equal(first.result!.consumerKey);
  });

  it('refuses an unknown profile with a suggestion and deploys nothing', async () => {
    await start();
    const { error, exitCode } = await run(['--profile', 'Standard Usr']);
    expect(exitCode).to.equal(2);
    expect(error!.name).to.equal('UnknownProfileError');
    expect(error!.message).to.contain('did you mean "Standard User"');
    expect(deploys(0)).to.equal(0);
    expect(orgComponents()).to.deep.equal([]);
  });

  it('refuses an API version the org does not serve, and one too old for the app, before deploying', async () => {
    await start();
    const newer = await run(['--api-version', '67.0']);
    expect(newer.error!.name).to.equal('ApiVersionUnsupportedError');
    expect(newer.error!.message).to.contain('67.0');
    const older = await run(['--api-version', '62.0']);
    expect(older.exitCode).to.equal(2);
    expect(older.error!.name).to.equal('ApiVersionTooOldError');
    expect(older.error!.message).to.contain('commaSeparatedProfile');
    expect(deploys(0)).to.equal(0);
    expect(orgComponents()).to.deep.equal([]);
  });

  it('reports a failing component by name, with its action, and persists nothing', async () => {
    await start();
    const { error, exitCode } = await run(['--name', 'Legacy_Connected_App']);
    expect(exitCode).to.equal(1);
    expect(error!.name).to.equal('DeployFailedError');
    expect(error!.message).to.contain('ExternalClientApplication Legacy_Connected_App');
    expect(error!.message).to.contain('Choose another API name with --name');
    expect(orgComponents()).to.deep.equal([]);
  });

  it('goes on when the session expires during polling', async () => {
    await start({ deployProcessingMs: 1500 });
    setTimeout(() => env.emulator.faults.expireSession(), 800);
    const { result, error } = await run([]);
    expect(error, error?.message).to.equal(undefined);
    expect(result!.status).to.equal('created');
    expect(env.emulator.requests.some((request) => request.path.includes('/oauth2/token'))).to.equal(true);
  });

  it('retries a 503 and a connection reset on status polls and reads', async () => {
    // One deploy exactly: an org that takes the satellites with their new app (the other case: create-org-variants).
    await start({ fixture: { switches: { satellitesWithNewParent: 'accepted' } } });
    env.emulator.faults.inject({ match: { soapOperation: 'checkDeployStatus' }, nth: 1, kind: 'http503' });
    env.emulator.faults.inject({ match: { soapOperation: 'checkRetrieveStatus' }, nth: 1, kind: 'reset' });
    env.emulator.faults.inject({ match: { path: /\/composite$/ }, nth: 1, kind: 'http503' });
    const { result, error } = await run([]);
    expect(error, error?.message).to.equal(undefined);
    expect(result!.status).to.equal('created');
    expect(deploys(0)).to.equal(1);
  });

  it('never re-sends a deploy whose answer was lost: reads the org back and finds it went through', async () => {
    await start({ deployProcessingMs: 300, fixture: { switches: { satellitesWithNewParent: 'accepted' } } });
    env.emulator.faults.inject({ match: { soapOperation: 'deploy' }, kind: 'resetAfter' });
    const { result, error } = await run(['--json']);
    expect(error, error?.message).to.equal(undefined);
    expect(result!.status).to.equal('created');
    expect(result!.verification.compliant).to.equal(true);
    expect(deploys(0)).to.equal(1);
    expect(orgComponents()).to.have.length(5);
  });

  it('never re-sends a deploy lost before the org saw it: says so, and the org holds the old app', async () => {
    await start();
    env.emulator.faults.inject({ match: { soapOperation: 'deploy' }, kind: 'reset' });
    const { error, exitCode } = await run([]);
    expect(exitCode).to.equal(1);
    expect(error!.name).to.equal('DeployRequestLostError');
    expect(error!.message).to.contain('Nothing was sent twice');
    expect(deploys(0)).to.equal(1);
    expect(orgComponents()).to.deep.equal([]);
  });

  it('times out on a deploy that never finishes, naming the command that resumes it', async () => {
    await start();
    env.emulator.faults.deployNeverFinishes(true);
    const conn = await connection();
    const outcome = await runCreate(conn, {
      flags: { name: APP, label: 'SendSafely Dropzone Connector', 'contact-email': 'admin@example.com' },
      explicitHeaderFields: new Set(),
      waitMinutes: 0.02,
      async: false,
      dryRun: false,
      force: false,
      replaceAccess: false,
      progress: silentProgress,
      resumeCommand: (deployId) => `sf dropzone app create --target-org ${env.alias} --resume ${deployId}`,
    }).catch((error: SfError) => error);
    expect(outcome).to.be.instanceOf(SfError);
    const error = outcome as SfError;
    expect(error.name).to.equal('DeployTimedOutError');
    expect(error.exitCode).to.equal(69);
    expect(error.actions!.join('\n')).to.match(/--resume 0Af/);
  });

  it('starts the deploy with --async and verifies it with --resume', async () => {
    await start({ deployProcessingMs: 300, fixture: { switches: { satellitesWithNewParent: 'accepted' } } });
    const started = await run(['--async', '--json']);
    expect(started.result!.status).to.equal('deploying');
    expect(started.result!.deployId).to.match(/^0Af/);
    expect(started.result!.resumeCommand).to.contain(`--resume ${started.result!.deployId!}`);
    expect(started.result!.resumeCommand).not.to.contain('--async');
    const resumed = await run(['--resume', started.result!.deployId!]);
    expect(resumed.result!.verification.compliant).to.equal(true);
    expect(orgComponents()).to.have.length(5);
    // A new app: its header alone first (waited for), then the satellites' deploy that --async leaves running.
    expect(deploys(0)).to.equal(2);
  });

  it('changes nothing with --dry-run (a check-only deploy)', async () => {
    await start();
    const { result } = await run(['--dry-run']);
    expect(result!.status).to.equal('validated');
    expect(result!.dryRun).to.equal(true);
    expect(operations(0)).to.include('deploy');
    expect(orgComponents()).to.deep.equal([]);
  });

  it('writes the source of what was deployed with --output-dir, never the consumer key', async () => {
    await start();
    const dir = await mkdtemp(path.join(tmpdir(), 'create-out-'));
    try {
      await run(['--output-dir', dir]);
      const folders = await readdir(dir);
      expect(folders.sort()).to.deep.equal([
        'externalClientApps',
        'extlClntAppGlobalOauthSets',
        'extlClntAppOauthPolicies',
        'extlClntAppOauthSettings',
        'extlClntAppPolicies',
      ]);
      const global = await readFile(path.join(dir, 'extlClntAppGlobalOauthSets', `${APP}_glbloauth.ecaGlblOauth-meta.xml`), 'utf8');
      expect(global).not.to.contain('consumerKey');
      expect(global).not.to.contain(env.emulator.org.consumerForApp(APP)?.key ?? 'no key');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps extra pre-authorized profiles unless --replace-profiles', async () => {
    await start();
    await run(['--profile', 'System Administrator', '--profile', 'Standard User']);
    const kept = await run(['--profile', 'System Administrator']);
    expect(kept.result!.status).to.equal('up-to-date');
    expect(kept.result!.preAuthorizedProfiles).to.deep.equal(['System Administrator', 'Standard User']);
    const replaced = await run(['--profile', 'System Administrator', '--replace-profiles']);
    if (env.emulator.org.fixture.switches.regrantProfileFails) {
      // The matrix's regrant-profile-fails: access lists only add there (create-org-variants tests the error).
      expect(replaced.error!.name).to.equal('AccessListsOnlyAddError');
      return;
    }
    expect(replaced.result!.status).to.equal('updated');
    expect(replaced.result!.preAuthorizedProfiles).to.deep.equal(['System Administrator']);
  });
});
