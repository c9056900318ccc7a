import { expect } from 'chai';
import { Org } from '@salesforce/core';
import { SfError } from '@salesforce/core/sfError';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AppCreate, { AppCreateResult } from '../../src/commands/dropzone/app/create.js';
import AppValidate from '../../src/commands/dropzone/app/validate.js';
import { planApp } from '../../src/create/plan.js';
import { startDeploy } from '../../src/org/deploy.js';
import { testSpec } from '../helpers/spec.js';
import { useEmulatorOrg } from '../helpers/emulator-org.js';
import { quietCommandUx } from '../helpers/quiet-ux.js';

const APP = 'SendSafely_Dropzone_Connector';
const ECA_PERMISSION_SETS = (permissions: Array<'ExternalClientAppViewer' | 'ExternalClientAppAdmin' | 'ExternalClientAppDeveloper' | 'ViewClientSecret'>) => [
  { name: 'ECA_Developer', label: 'ECA Developer', permissions },
  { name: 'Dropzone_Connector_Access', label: 'Dropzone Connector Access', permissions: [] },
  { name: 'Sales_Ops', label: 'Sales Ops', permissions: [] },
];

type Run = { result?: AppCreateResult; error?: SfError; exitCode: number; output: string };

/** create under the org behaviours the public sources disagree on (issue 11): the right result, or a clear error. */
describe('sf dropzone app create under disputed org behaviours (emulator switches)', function () {
  this.timeout(120_000);
  const quiet = quietCommandUx();
  let env: Awaited<ReturnType<typeof useEmulatorOrg>>;

  afterEach(async () => {
    await env?.restore();
  });

  async function run(args: string[]): Promise<Run> {
    quiet.ux.log.resetHistory();
    const output = (): string => quiet.ux.log.args.map((call) => String(call[0])).join('\n');
    try {
      const result = await AppCreate.run(['--target-org', env.alias, '--contact-email', 'admin@example.com', ...args]);
      return { result, exitCode: Number(process.exitCode ?? 0), output: output() };
    } catch (error) {
      return { error: error as SfError, exitCode: (error as SfError).exitCode ?? 1, output: output() };
    } finally {
      process.exitCode = undefined;
    }
  }

  const deploys = (from: number): number => env.emulator.requests.slice(from).filter((request) => request.soapOperation === 'deploy').length;
  const orgComponents = (): string[] => env.emulator.org.components().map((component) => `${component.type}:${component.fullName}`).sort();

  describe('permissions the deploy needs', () => {
    it('preflight refuses a user without "View External Client App Consumer Secrets in Metadata", naming it, before any deploy', async () => {
      env = await useEmulatorOrg({ fixture: { permissionSets: ECA_PERMISSION_SETS(['ExternalClientAppViewer', 'ExternalClientAppAdmin', 'ExternalClientAppDeveloper']) } });
      const { error, exitCode } = await run([]);
      expect(exitCode).to.equal(1);
      expect(error!.name).to.equal('PermissionMissingError');
      expect(error!.message).to.contain('"View External Client App Consumer Secrets in Metadata" (ViewClientSecret)');
      expect(error!.message).not.to.contain('ExternalClientAppDeveloper');
      expect(error!.actions!.join('\n')).to.contain('View External Client App Consumer Secrets in Metadata');
      expect(deploys(0)).to.equal(0);
      expect(orgComponents()).to.deep.equal([]);
    });

    it('names every missing permission by its Setup label', async () => {
      env = await useEmulatorOrg({ fixture: { permissionSets: ECA_PERMISSION_SETS(['ExternalClientAppViewer']) } });
      const { error } = await run([]);
      expect(error!.message).to.contain('"Create, edit, and delete External Client Apps" (ExternalClientAppDeveloper)');
      expect(error!.message).to.contain('"View all External Client Apps, view their settings, and edit their policies" (ExternalClientAppAdmin)');
      expect(error!.message).to.contain('(ViewClientSecret)');
      expect(deploys(0)).to.equal(0);
    });

    it('an org that wants "consumer secrets via Metadata API" on: a clear error naming the setting, nothing deployed', async () => {
      env = await useEmulatorOrg({ fixture: { switches: { globalOauthNeedsSecretApiAccess: true }, settings: { enableConsumerSecretApiAccess: false } } });
      const { error, exitCode } = await run([]);
      expect(exitCode).to.equal(1);
      expect(error!.name).to.equal('DeployFailedError');
      expect(error!.message).to.contain('Allow access to External Client App consumer secrets via Metadata API');
      expect(orgComponents()).to.deep.equal([]);
      env.emulator.org.settings.enableConsumerSecretApiAccess = true;
      const again = await run([]);
      expect(again.error, again.error?.message).to.equal(undefined);
      expect(again.result!.status).to.equal('created');
    });
  });

  describe('access lists that add: an org that refuses to grant a profile again (regrantProfileFails)', () => {
    const profiles = (): string[] => {
      const org = env.emulator.org;
      const app = org.component('ExternalClientApplication', APP)!;
      return org.grants
        .filter((grant) => grant.setupEntityId === app.id)
        .map((grant) => org.data.profiles.find((profile) => profile.permissionSetId === grant.parentId)?.name ?? grant.parentId)
        .sort();
    };

    for (const regrantProfileFails of [false, true]) {
      it(`adds a profile to an app that has one, ends compliant; a re-run changes nothing (regrantProfileFails=${regrantProfileFails})`, async () => {
        env = await useEmulatorOrg({ fixture: { switches: { regrantProfileFails } } });
        expect((await run(['--profile', 'System Administrator'])).result!.status).to.equal('created');
        const before = env.emulator.requests.length;
        const { result, error, output } = await run(['--profile', 'System Administrator', '--profile', 'Standard User']);
        expect(error, error?.message).to.equal(undefined);
        expect(result!.status).to.equal('updated');
        expect(result!.verification.compliant).to.equal(true);
        expect(result!.preAuthorizedProfiles).to.deep.equal(['System Administrator', 'Standard User']);
        expect(profiles()).to.deep.equal(['Standard User', 'System Administrator']);
        // An org whose lists add refuses the first deploy (rolled back); the second names only the new profile.
        expect(deploys(before)).to.equal(regrantProfileFails ? 2 : 1);
        const said = 'refused to grant the app again what it already grants (System Administrator)';
        if (regrantProfileFails) expect(output).to.contain(said);
        else expect(output).not.to.contain(said);
        const rerun = env.emulator.requests.length;
        expect((await run(['--profile', 'Standard User'])).result!.status).to.equal('up-to-date');
        expect(deploys(rerun)).to.equal(0);
      });
    }

    for (const regrantProfileFails of [false, true]) {
      it(`validate --fix of a drifted OAuth policy keeps its profiles granted (regrantProfileFails=${regrantProfileFails})`, async () => {
        env = await useEmulatorOrg({ fixture: { switches: { regrantProfileFails } } });
        await run(['--profile', 'System Administrator', '--profile', 'Standard User']);
        const policy = env.emulator.org.components('ExtlClntAppOauthConfigurablePolicies')[0];
        policy.fields.refreshTokenPolicyType = 'Zero';
        const before = env.emulator.requests.length;
        const fixed = await AppValidate.run(['--target-org', env.alias, '--profile', 'System Administrator', '--fix', '--json']).finally(() => {
          process.exitCode = undefined;
        });
        expect(fixed.fix!.redeployed).to.deep.equal(['ExtlClntAppOauthConfigurablePolicies']);
        expect(fixed.findings.filter((finding) => finding.status === 'fail')).to.deep.equal([]);
        expect(deploys(before)).to.equal(regrantProfileFails ? 2 : 1);
        expect(policy.fields.refreshTokenPolicyType).to.equal('Infinite');
        expect(profiles()).to.deep.equal(['Standard User', 'System Administrator']);
      });
    }

    it('--replace-profiles cannot take a profile away there: a clear error naming it and where to remove it, nothing changed', async () => {
      env = await useEmulatorOrg({ fixture: { switches: { regrantProfileFails: true } } });
      await run(['--profile', 'System Administrator', '--profile', 'Standard User']);
      const { error, exitCode } = await run(['--profile', 'System Administrator', '--replace-profiles']);
      expect(exitCode).to.equal(1);
      expect(error!.name).to.equal('AccessListsOnlyAddError');
      expect(error!.message).to.contain(`cannot take ${APP}'s access away from Standard User`);
      expect(error!.actions!.join('\n')).to.contain('Remove Standard User from the app');
      expect(profiles()).to.deep.equal(['Standard User', 'System Administrator']);
    });

    it('--replace-profiles still replaces in an org whose lists replace', async () => {
      env = await useEmulatorOrg({ fixture: { switches: { regrantProfileFails: false } } });
      await run(['--profile', 'System Administrator', '--profile', 'Standard User']);
      const { result, error } = await run(['--profile', 'System Administrator', '--replace-profiles']);
      expect(error, error?.message).to.equal(undefined);
      expect(result!.preAuthorizedProfiles).to.deep.equal(['System Administrator']);
      expect(profiles()).to.deep.equal(['System Administrator']);
    });
  });

  describe('commaSeparatedPermissionSet by API name or by id (permissionSetReference)', () => {
    const storedList = (): string | undefined =>
      env.emulator.org.components('ExtlClntAppOauthConfigurablePolicies')[0]?.fields.commaSeparatedPermissionSet as string | undefined;
    const idOf = (name: string): string => env.emulator.org.data.permissionSets.find((set) => set.name === name)!.id;

    for (const permissionSetReference of ['name', 'id'] as const) {
      it(`--permission-set by name: created, pre-authorized, checked and re-run by name (org takes ${permissionSetReference}s)`, async () => {
        env = await useEmulatorOrg({ fixture: { switches: { permissionSetReference } } });
        const byId = permissionSetReference === 'id';
        const dir = await mkdtemp(path.join(tmpdir(), 'create-ps-'));
        try {
          const { result, error, output } = await run(['--permission-set', 'Sales_Ops', '--output-dir', dir]);
          expect(error, error?.message).to.equal(undefined);
          expect(result!.status).to.equal('created');
          expect(result!.verification.compliant).to.equal(true);
          expect(result!.preAuthorizedPermissionSets).to.deep.equal(['Sales_Ops']);
          expect(storedList()).to.equal(byId ? idOf('Sales_Ops') : 'Sales_Ops');
          // A new app: the org's form is unknown, names go first; an org that takes ids refuses them (rolled back).
          // (Under the matrix's satellites-refused-with-new-parent the app goes first, alone: one deploy more.)
        const parentFirst = env.emulator.org.fixture.switches.satellitesWithNewParent === 'refused' ? 2 : 0;
        expect(deploys(0)).to.equal((byId ? 2 : 1) + parentFirst);
          const said = 'refused the permission sets by API name (Sales_Ops): deploying again with their ids';
          if (byId) expect(output).to.contain(said);
          else expect(output).not.to.contain(said);
          const written = await readFile(path.join(dir, 'extlClntAppOauthPolicies', `${APP}_oauth_defaultPolicy.ecaOauthPlcy-meta.xml`), 'utf8');
          expect(written).to.contain(`<commaSeparatedPermissionSet>${byId ? idOf('Sales_Ops') : 'Sales_Ops'}</commaSeparatedPermissionSet>`);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }

        const rerun = env.emulator.requests.length;
        expect((await run(['--permission-set', 'Sales_Ops'])).result!.status).to.equal('up-to-date');
        expect(deploys(rerun)).to.equal(0);

        // The app now tells the org's form: a second permission set goes in one deploy, in that form.
        const added = env.emulator.requests.length;
        const more = await run(['--permission-set', 'Dropzone_Connector_Access']);
        expect(more.error, more.error?.message).to.equal(undefined);
        expect(more.result!.preAuthorizedPermissionSets).to.deep.equal(['Sales_Ops', 'Dropzone_Connector_Access']);
        // (Under the matrix's regrant-profile-fails the re-sent profile is refused first: one deploy more.)
        expect(deploys(added)).to.equal(env.emulator.org.fixture.switches.regrantProfileFails ? 2 : 1);
        expect(storedList()).to.equal(byId ? `${idOf('Sales_Ops')}, ${idOf('Dropzone_Connector_Access')}` : 'Sales_Ops, Dropzone_Connector_Access');

        const validated = await AppValidate.run(['--target-org', env.alias, '--permission-set', 'Sales_Ops', '--permission-set', 'Dropzone_Connector_Access', '--json']).finally(() => {
          process.exitCode = undefined;
        });
        expect(validated.findings.find((finding) => finding.id === 'pre-authorized-permission-sets')).to.deep.include({ status: 'pass' });
      });
    }
  });

  describe('satellites refused in the same deploy as their new app', () => {
    const refused = { fixture: { switches: { satellitesWithNewParent: 'refused' as const } } };

    it('deploys the app first, then its settings; ends compliant, says what it did; a re-run changes nothing', async () => {
      env = await useEmulatorOrg(refused);
      const { result, error, output } = await run([]);
      expect(error, error?.message).to.equal(undefined);
      expect(result!.status).to.equal('created');
      expect(result!.verification.compliant).to.equal(true);
      expect(result!.consumerKey).to.match(/^3MVG9/);
      expect(output).to.contain(`refused the app's settings in the same deploy as the new app ${APP}: deploying the app alone first`);
      expect(deploys(0)).to.equal(3);
      expect(orgComponents()).to.have.length(5);
      const before = env.emulator.requests.length;
      const again = await run([]);
      expect(again.result!.status).to.equal('up-to-date');
      expect(deploys(before)).to.equal(0);
    });

    it('a bare app left by an interrupted run is completed by running create again', async () => {
      env = await useEmulatorOrg(refused);
      env.emulator.faults.inject({ match: { soapOperation: 'deploy' }, nth: 3, kind: 'http500' });
      const first = await run([]);
      expect(first.error).to.be.instanceOf(Error);
      expect(orgComponents()).to.deep.equal([`ExternalClientApplication:${APP}`]);
      const again = await run([]);
      expect(again.error, again.error?.message).to.equal(undefined);
      expect(again.result!.status).to.equal('updated');
      expect(again.result!.verification.compliant).to.equal(true);
      expect(orgComponents()).to.have.length(5);
    });

    it('--dry-run checks the app alone and says its settings can be checked only once it exists; the org is unchanged', async () => {
      env = await useEmulatorOrg(refused);
      const { result, error, output } = await run(['--dry-run']);
      expect(error, error?.message).to.equal(undefined);
      expect(result!.status).to.equal('validated');
      expect(output).to.contain('its settings can be checked only once it exists');
      expect(orgComponents()).to.deep.equal([]);
    });

    for (const satellitesWithNewParent of ['accepted', 'refused'] as const) {
      it(`--async on a new app: the app alone first, then a deploy left running that completes it by itself; --resume verifies (${satellitesWithNewParent})`, async () => {
        env = await useEmulatorOrg({ fixture: { switches: { satellitesWithNewParent } }, deployProcessingMs: 300 });
        const started = await run(['--async']);
        expect(started.error, started.error?.message).to.equal(undefined);
        expect(started.result!.status).to.equal('deploying');
        expect(started.output).to.contain(`deploying the new app ${APP} alone first and waiting for it`);
        const success = quiet.ux.logSuccess.args.map((call) => String(call[0])).join('\n');
        expect(success).to.contain(`Deploy ${started.result!.deployId!} started; it completes the app in the org on its own.`);
        expect(started.output).to.contain(`--resume ${started.result!.deployId!}`);
        expect(orgComponents()).to.deep.equal([`ExternalClientApplication:${APP}`]);
        expect(deploys(0)).to.equal(2);
        // Without --resume, the deploy left running completes the app.
        for (let tries = 0; tries < 50 && orgComponents().length < 5; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(orgComponents()).to.have.length(5);
        const resumed = await run(['--resume', started.result!.deployId!]);
        expect(resumed.error, resumed.error?.message).to.equal(undefined);
        expect(resumed.result!.verification.compliant).to.equal(true);
        expect(deploys(0)).to.equal(2);
      });
    }

    it('--resume of an --async deploy the org refused for its new app (started by an older plugin) finishes it app first', async () => {
      env = await useEmulatorOrg({ ...refused, deployProcessingMs: 100 });
      const conn = (await Org.create({ aliasOrUsername: env.alias })).getConnection();
      const spec = testSpec({ name: APP, apiVersion: conn.getApiVersion() });
      const plan = planApp(spec, undefined, { replaceAccess: false, force: false, explicitHeaderFields: new Set() });
      const deployId = await startDeploy(conn, { app: plan.desired, kinds: plan.kindsToDeploy, apiVersion: spec.apiVersion, checkOnly: false });
      const resumed = await run(['--resume', deployId]);
      expect(resumed.error, resumed.error?.message).to.equal(undefined);
      expect(resumed.result!.verification.compliant).to.equal(true);
      expect(orgComponents()).to.have.length(5);
    });
  });
});
