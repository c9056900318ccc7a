import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import sinon from 'sinon';
import { Config, ConfigAggregator, Org } from '@salesforce/core';
import { SfError } from '@salesforce/core/sfError';
import { Spinner, stubSfCommandUx } from '@salesforce/sf-plugins-core';
import AppValidate, { AppValidateResult } from '../../src/commands/dropzone/app/validate.js';
import { pollDeploy, startDeploy } from '../../src/org/deploy.js';
import { readDeployedApp } from '../../src/org/read-app.js';
import { JsonSchema, validateJson } from '../helpers/json-schema.js';
import { createDefaultApp, useEmulatorOrg } from '../helpers/emulator-org.js';

const APP = 'SendSafely_Dropzone_Connector';
const schema = JSON.parse(await readFile(new URL('../../schemas/dropzone-app-validate.json', import.meta.url), 'utf8')) as JsonSchema;
const generated = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'validate', 'generated');

type Run = { result?: AppValidateResult; error?: SfError; exitCode: number; json?: { status: number; result: AppValidateResult } };

const failingIds = (findings: AppValidateResult['findings'] | undefined): string[] =>
  (findings ?? []).filter((finding) => finding.status === 'fail').map((finding) => finding.id).sort();

describe('sf dropzone app validate --target-org (emulator)', function () {
  this.timeout(120_000);
  let env: Awaited<ReturnType<typeof useEmulatorOrg>>;
  let sandbox: sinon.SinonSandbox;
  let ux: ReturnType<typeof stubSfCommandUx>;

  before(async () => {
    env = await useEmulatorOrg();
  });
  after(async () => {
    await env.restore();
  });
  beforeEach(() => {
    sandbox = sinon.createSandbox();
    ux = stubSfCommandUx(sandbox);
    sandbox.stub(Spinner.prototype, 'start');
    sandbox.stub(Spinner.prototype, 'stop');
  });
  afterEach(() => {
    sandbox.restore();
    process.exitCode = undefined;
  });

  async function run(args: string[], target: string[] = ['--target-org', env.alias]): Promise<Run> {
    process.exitCode = undefined;
    ux.logJson.resetHistory();
    try {
      const result = await AppValidate.run([...target, ...args]);
      return { result, exitCode: Number(process.exitCode ?? 0), json: ux.logJson.firstCall?.args[0] as Run['json'] };
    } catch (error) {
      return { error: error as SfError, exitCode: Number(process.exitCode ?? (error as SfError).exitCode) };
    } finally {
      process.exitCode = undefined;
    }
  }

  async function connection(): Promise<ReturnType<Org['getConnection']>> {
    const org = await Org.create({ aliasOrUsername: env.alias });
    return org.getConnection();
  }

  /** Sets fields of the deployed Global OAuth settings, the way an admin's click in Setup would. */
  async function driftGlobal(fields: Record<string, boolean | string>): Promise<void> {
    const conn = await connection();
    const deployed = (await readDeployedApp(conn, APP))!;
    const global = deployed.components.globalOauth!;
    const { consumerKey: _key, consumerSecret: _secret, ...kept } = global.fields;
    const app = { ...deployed.components, globalOauth: { ...global, fields: { ...kept, ...fields } } };
    const id = await startDeploy(conn, { app, kinds: ['ExtlClntAppGlobalOauthSettings'], apiVersion: conn.getApiVersion(), checkOnly: false });
    const outcome = await pollDeploy(conn, id, { timeoutMs: 30_000, delaysMs: [50] });
    expect(outcome.success, JSON.stringify(outcome.componentFailures)).to.equal(true);
  }

  it('app missing: exit code 1 with "Try this: sf dropzone app create"', async () => {
    const { error, exitCode } = await run([]);
    expect(exitCode).to.equal(1);
    expect(error!.name).to.equal('AppNotInOrgError');
    expect(error!.actions!.join('\n')).to.contain('sf dropzone app create --name SendSafely_Dropzone_Connector --target-org');
  });

  describe('with the app deployed by create', () => {
    before(async () => {
      await createDefaultApp(env.alias);
    });

    it('compliant: exit code 0, org rows included, in at most 4 HTTP requests', async () => {
      const before = env.emulator.requests.length;
      const { result, exitCode, json } = await run(['--json']);
      const requests = env.emulator.requests.slice(before);
      expect(exitCode).to.equal(0);
      expect(json!.status).to.equal(0);
      expect(failingIds(result!.findings)).to.deep.equal([]);
      expect(result!.source).to.include({ type: 'org', isSandbox: false });
      expect(result!.findings.map((finding) => finding.id)).to.include.members([
        'authorizing-user-pre-authorized',
        'authorizing-user-can-log-in',
        'authorizing-user-api-enabled',
        'authorizing-user-edits-cases',
        'rest-secret-access',
        'eca-permissions',
      ]);
      expect(requests.length, JSON.stringify(requests)).to.be.at.most(4);
      // The facts and the authorizing user's access (a composite request each) and the app (retrieve, then its status)
      // go out together.
      expect(requests.map((request) => request.soapOperation ?? request.path.replace(/^.*\//, ''))).to.have.members([
        'composite',
        'composite',
        'retrieve',
        'checkRetrieveStatus',
      ]);
      expect(validateJson(JSON.parse(JSON.stringify(result)), schema)).to.deep.equal([]);
    });

    it('--org-type sandbox overrides what the org says', async () => {
      const { result, exitCode } = await run(['--org-type', 'sandbox']);
      expect(exitCode).to.equal(3);
      expect(failingIds(result!.findings)).to.deep.equal(['callback-url']);
    });

    it('profile missing: exit code 2, suggesting the closest name', async () => {
      const { error, exitCode } = await run(['--profile', 'System Adminstrator']);
      expect(exitCode).to.equal(2);
      expect(error!.name).to.equal('AccessNameNotFoundError');
      expect(error!.message).to.contain('Did you mean "System Administrator"?');
    });

    it('a profile of the org that is not pre-authorized fails its row', async () => {
      const { result, exitCode } = await run(['--profile', 'Standard User']);
      expect(exitCode).to.equal(3);
      expect(failingIds(result!.findings)).to.deep.equal(['pre-authorized-profiles']);
    });

    it('an authorizing user without a pre-authorized profile fails the org row', async () => {
      const { result, exitCode } = await run(['--authorizing-user', 'user@dropzone.emulator']);
      expect(exitCode).to.equal(3);
      expect(failingIds(result!.findings)).to.deep.equal(['authorizing-user-pre-authorized']);
      const unknown = await run(['--authorizing-user', 'nobody@dropzone.emulator']);
      expect(unknown.exitCode).to.equal(2);
      expect(unknown.error!.name).to.equal('AuthorizingUserNotFoundError');
    });

    it('--source-dir with an explicit --target-org is refused', async () => {
      const { error, exitCode } = await run(['--source-dir', generated]);
      expect(exitCode).to.equal(2);
      expect(error!.message).to.contain('--source-dir');
    });

    it('drifted (PKCE on) fails exactly that row; --fix redeploys Global only and reports both passes', async () => {
      await driftGlobal({ isPkceRequired: true });
      const drifted = await run(['--json']);
      expect(drifted.exitCode).to.equal(3);
      expect(drifted.json!.status).to.equal(3);
      expect(failingIds(drifted.result!.findings)).to.deep.equal(['pkce-off']);

      const fixed = await run(['--fix', '--json']);
      expect(fixed.exitCode).to.equal(0);
      expect(fixed.result!.fix!.redeployed).to.deep.equal(['ExtlClntAppGlobalOauthSettings']);
      expect(failingIds(fixed.result!.fix!.before.findings)).to.deep.equal(['pkce-off']);
      expect(failingIds(fixed.result!.findings)).to.deep.equal([]);
      expect(validateJson(JSON.parse(JSON.stringify(fixed.result)), schema)).to.deep.equal([]);

      const again = await run([]);
      expect(again.exitCode).to.equal(0);
    });

    describe('with a default target-org configured', () => {
      before(async () => {
        const config = await Config.create(Config.getDefaultOptions(true));
        config.set('target-org', env.alias);
        await config.write();
        await ConfigAggregator.clearInstance();
      });
      after(async () => {
        const config = await Config.create(Config.getDefaultOptions(true));
        config.unset('target-org');
        await config.write();
        await ConfigAggregator.clearInstance();
      });

      it('checks the default org when no source is named', async () => {
        const { result, exitCode } = await run([], []);
        expect(exitCode).to.equal(0);
        expect(result!.source).to.include({ type: 'org', username: 'admin@dropzone.emulator' });
      });

      it('checks the folder, not the default org, with --source-dir', async () => {
        const before = env.emulator.requests.length;
        const { result, exitCode } = await run(['--source-dir', generated], []);
        expect(exitCode).to.equal(0);
        expect(result!.source).to.deep.equal({ type: 'source-dir', path: generated });
        expect(env.emulator.requests.length).to.equal(before);
      });
    });

    it('--fix on a compliant app deploys nothing', async () => {
      const { result, exitCode } = await run(['--fix']);
      expect(exitCode).to.equal(0);
      expect(result!.fix).to.equal(undefined);
    });
  });
});
