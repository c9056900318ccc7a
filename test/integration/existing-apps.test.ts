import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { Org } from '@salesforce/core';
import { SfError } from '@salesforce/core/sfError';
import AppCreate, { AppCreateResult } from '../../src/commands/dropzone/app/create.js';
import AppGenerate, { AppGenerateResult } from '../../src/commands/dropzone/app/generate.js';
import AppValidate, { AppValidateResult } from '../../src/commands/dropzone/app/validate.js';
import { AppComponents, Component, componentsOf } from '../../src/metadata/components.js';
import { COMPONENT_KINDS } from '../../src/metadata/kinds.js';
import { readSourceFiles } from '../../src/metadata/read-source.js';
import { serializeComponent } from '../../src/metadata/xml.js';
import { pollDeploy, startDeploy } from '../../src/org/deploy.js';
import { readDeployedApp } from '../../src/org/read-app.js';
import { useEmulatorOrg } from '../helpers/emulator-org.js';
import { quietCommandUx } from '../helpers/quiet-ux.js';

/**
 * The field cases (test/fixtures/field/<case>/SOURCE.md: what failed, what is right, the public sources): apps that
 * already exist, set up by hand or by other tools, run through the commands as users run them.
 */
const FIELD = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'field');
const caseDir = (name: string): string => path.join(FIELD, name, 'force-app');

type Run<R> = { result?: R; error?: SfError; exitCode: number; warnings: string[] };

/** Every field of every component, as `<type>.<field>` → value: what a retrieve shows, to diff before and after. */
function flatten(app: AppComponents): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const component of componentsOf(app)) {
    for (const [name, value] of Object.entries(component.fields)) flat[`${component.kind}.${name}`] = String(value);
    for (const element of component.preserved) flat[`${component.kind}.${element.name}`] = JSON.stringify(element.node);
  }
  delete flat['ExtlClntAppGlobalOauthSettings.consumerSecret'];
  return flat;
}

function diff(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => before[key] !== after[key]).sort();
}

describe('existing apps: create, generate and validate read them as they are (field cases)', function () {
  this.timeout(180_000);
  const quiet = quietCommandUx();
  let env: Awaited<ReturnType<typeof useEmulatorOrg>>;
  let scratch: string;

  beforeEach(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'dropzone-field-'));
  });
  afterEach(async () => {
    await env?.restore();
    env = undefined as unknown as typeof env;
    await rm(scratch, { recursive: true, force: true });
  });

  async function start(options: Parameters<typeof useEmulatorOrg>[0] = {}): Promise<void> {
    env = await useEmulatorOrg({ deployProcessingMs: 20, ...options });
  }

  async function run<R>(command: { run(argv: string[]): Promise<unknown> }, args: string[]): Promise<Run<R>> {
    process.exitCode = undefined;
    quiet.ux.warn.resetHistory();
    const warnings = (): string[] => quiet.ux.warn.getCalls().map((call) => call.args[0] as string);
    try {
      const result = (await command.run(args)) as R;
      return { result, exitCode: Number(process.exitCode ?? 0), warnings: warnings() };
    } catch (error) {
      return { error: error as SfError, exitCode: (error as SfError).exitCode ?? 1, warnings: warnings() };
    } finally {
      process.exitCode = undefined;
    }
  }
  const create = (args: string[]): Promise<Run<AppCreateResult>> =>
    run(AppCreate, ['--target-org', env.alias, '--contact-email', 'admin@example.com', ...args]);
  const validateOrg = (args: string[]): Promise<Run<AppValidateResult>> => run(AppValidate, ['--target-org', env.alias, ...args]);
  const validateDir = (dir: string, args: string[] = []): Promise<Run<AppValidateResult>> => run(AppValidate, ['--source-dir', dir, ...args]);
  const generate = (args: string[]): Promise<Run<AppGenerateResult>> => run(AppGenerate, ['--contact-email', 'admin@example.com', ...args]);

  async function connection(): Promise<ReturnType<Org['getConnection']>> {
    return (await Org.create({ aliasOrUsername: env.alias })).getConnection();
  }
  const deploys = (from: number): number => env.emulator.requests.slice(from).filter((request) => request.soapOperation === 'deploy').length;

  /** Deploys a folder's components over the Metadata API, as `sf project deploy start --source-dir` does. */
  async function deployFolder(dir: string, edit: (component: Component) => Component = (component) => component): Promise<void> {
    const { apps } = await readSourceFiles(dir);
    const conn = await connection();
    for (const app of apps.values()) {
      const edited = Object.fromEntries(Object.entries(app).map(([slot, component]) => [slot, edit(component)])) as AppComponents;
      const kinds = componentsOf(edited).map((component) => component.kind);
      const id = await startDeploy(conn, { app: edited, kinds, apiVersion: conn.getApiVersion(), checkOnly: false });
      const outcome = await pollDeploy(conn, id, { timeoutMs: 30_000, delaysMs: [50] });
      expect(outcome.success, JSON.stringify(outcome.componentFailures)).to.equal(true);
    }
  }
  async function retrieve(name: string): Promise<AppComponents> {
    return (await readDeployedApp(await connection(), name))!.components;
  }

  /** create twice on an app deployed from the case: the first changes only `changes`, the second deploys nothing. */
  async function createTwice(name: string, changes: string[], args: string[] = []): Promise<AppCreateResult> {
    const before = flatten(await retrieve(name));
    const first = await create(['--name', name, '--json', ...args]);
    expect(first.error?.message).to.equal(undefined);
    expect(diff(before, flatten(await retrieve(name)))).to.deep.equal(changes);
    const mark = env.emulator.requests.length;
    const second = await create(['--name', name, '--json', ...args]);
    expect(second.result!.status).to.equal('up-to-date');
    expect(deploys(mark)).to.equal(0);
    return first.result!;
  }

  describe('create keeps what the guide does not govern (create-overwrites-non-guide-settings)', () => {
    const NAME = 'Relax_Test_App';

    it('a compliant app with client credentials, token-exchange secret and relaxed IP: validate passes, create deploys nothing', async () => {
      await start();
      await deployFolder(caseDir('create-overwrites-non-guide-settings'));
      const validated = await validateOrg(['--name', NAME, '--json']);
      expect(validated.exitCode).to.equal(0);
      const result = await createTwice(NAME, []);
      expect(result.status).to.equal('up-to-date');
      const app = await retrieve(NAME);
      expect(app.globalOauth?.fields).to.include({ isClientCredentialsFlowEnabled: true, isSecretRequiredForTokenExchange: true });
      // The org spells the enum its own way on retrieve; create leaves it as the org holds it.
      expect(String(app.oauthPolicy?.fields.ipRelaxationPolicyType).toLowerCase()).to.equal('enforce_relaxrefresh');
      expect(app.oauthPolicy?.fields).to.include({
        isClientCredentialsFlowEnabled: true,
        clientCredentialsFlowUser: 'integration@dropzone.emulator',
      });
    });

    it('with the guide\'s settings off as well, a retrieve before and after differs only in the fields the guide requires', async () => {
      await start();
      const broken: Record<string, Record<string, boolean | string>> = {
        ExtlClntAppGlobalOauthSettings: { isPkceRequired: true, isDeviceFlowEnabled: false, isRefreshTokenRotationEnabled: true },
        ExtlClntAppOauthConfigurablePolicies: { refreshTokenPolicyType: 'Zero' },
      };
      await deployFolder(caseDir('create-overwrites-non-guide-settings'), (component) => ({
        ...component,
        fields: { ...component.fields, ...broken[component.kind] },
      }));
      const result = await createTwice(NAME, [
        'ExtlClntAppGlobalOauthSettings.isDeviceFlowEnabled',
        'ExtlClntAppGlobalOauthSettings.isPkceRequired',
        'ExtlClntAppOauthConfigurablePolicies.refreshTokenPolicyType',
      ]);
      expect(result.status).to.equal('updated');
      // Rotation is only recommended: reported as a warning with its action, never silently rewritten.
      const rotation = result.verification.findings.find((finding) => finding.id === 'refresh-token-rotation-off')!;
      expect(rotation.status).to.equal('warn');
      expect(rotation.action).not.to.equal('');
      expect((await retrieve(NAME)).globalOauth?.fields.isRefreshTokenRotationEnabled).to.equal(true);
    });

    it('--enforce-recommended also sets the recommended rows, and nothing else', async () => {
      await start();
      await deployFolder(caseDir('create-overwrites-non-guide-settings'), (component) =>
        component.kind === 'ExtlClntAppGlobalOauthSettings' ? { ...component, fields: { ...component.fields, isRefreshTokenRotationEnabled: true } } : component
      );
      const result = await createTwice(NAME, ['ExtlClntAppGlobalOauthSettings.isRefreshTokenRotationEnabled'], ['--enforce-recommended']);
      expect(result.verification.findings.find((finding) => finding.id === 'refresh-token-rotation-off')!.status).to.equal('pass');
    });
  });

  describe('lists are merged, never replaced', () => {
    it('extra scopes are kept and a superset deploys nothing (create-overwrites-scopes)', async () => {
      await start();
      await deployFolder(caseDir('create-overwrites-scopes'));
      expect((await validateOrg(['--name', 'Scope_Test_App'])).exitCode).to.equal(0);
      await createTwice('Scope_Test_App', []);
      expect((await retrieve('Scope_Test_App')).oauth?.fields.commaSeparatedOauthScopes).to.equal('Api, Full, RefreshToken, Web, OpenID');
    });

    it('OfflineAccess counts as RefreshToken; a missing scope is added after the org\'s own', async () => {
      await start();
      await deployFolder(caseDir('create-overwrites-scopes'), (component) =>
        component.kind === 'ExtlClntAppOauthSettings' ? { ...component, fields: { ...component.fields, commaSeparatedOauthScopes: 'Api, OfflineAccess, Chatbot' } } : component
      );
      await createTwice('Scope_Test_App', ['ExtlClntAppOauthSettings.commaSeparatedOauthScopes']);
      expect((await retrieve('Scope_Test_App')).oauth?.fields.commaSeparatedOauthScopes).to.equal('Api, OfflineAccess, Chatbot, Full');
    });

    it('callback URLs, one per line: validate passes for either org type, create keeps the list (multiple-callback-urls)', async () => {
      const dir = caseDir('multiple-callback-urls');
      for (const orgType of ['production', 'sandbox']) {
        const offline = await validateDir(dir, ['--org-type', orgType, '--json']);
        expect(offline.exitCode, orgType).to.equal(0);
        expect(offline.result!.findings.find((finding) => finding.id === 'callback-url')!.status).to.equal('pass');
      }
      await start();
      await deployFolder(dir);
      await createTwice('Multi_Callback_Test', []);
      expect((await retrieve('Multi_Callback_Test')).globalOauth?.fields.callbackUrl).to.equal(
        'https://login.salesforce.com/services/oauth2/success\nhttps://test.salesforce.com/services/oauth2/success\nhttps://app.example.com/oauth/callback'
      );
    });

    it('a list without the org type\'s URL: validate names the missing URL, create adds it as another line', async () => {
      await start({ sandbox: true });
      await deployFolder(caseDir('multiple-callback-urls'), (component) =>
        component.kind === 'ExtlClntAppGlobalOauthSettings'
          ? { ...component, fields: { ...component.fields, callbackUrl: 'https://app.example.com/oauth/callback\nhttps://login.salesforce.com/services/oauth2/success' } }
          : component
      );
      const validated = await validateOrg(['--name', 'Multi_Callback_Test', '--json']);
      const row = validated.result!.findings.find((finding) => finding.id === 'callback-url')!;
      expect(row.status).to.equal('fail');
      expect(row.action).to.contain('https://test.salesforce.com/services/oauth2/success');
      await createTwice('Multi_Callback_Test', ['ExtlClntAppGlobalOauthSettings.callbackUrl']);
      expect((await retrieve('Multi_Callback_Test')).globalOauth?.fields.callbackUrl).to.equal(
        'https://app.example.com/oauth/callback\nhttps://login.salesforce.com/services/oauth2/success\nhttps://test.salesforce.com/services/oauth2/success'
      );
    });
  });

  describe('never change what an app is', () => {
    it('a Packaged app is refused before anything is deployed, with the reason and what to do', async () => {
      await start();
      await deployFolder(caseDir('create-overwrites-scopes'), (component) =>
        component.kind === 'ExternalClientApplication' ? { ...component, fields: { ...component.fields, distributionState: 'Packaged' } } : component
      );
      const mark = env.emulator.requests.length;
      const refused = await create(['--name', 'Scope_Test_App', '--json']);
      expect(refused.exitCode).to.equal(1);
      expect(refused.error!.name).to.equal('AppNotLocalError');
      expect(refused.error!.message).to.contain('Packaged');
      expect(refused.error!.actions!.join(' ')).to.contain('--name');
      expect(deploys(mark)).to.equal(0);
    });
  });

  describe('generate over an app the folder already holds (generate-duplicates-satellites)', () => {
    it('updates the app\'s files in place, whatever their names, and never writes a second set', async () => {
      const folder = path.join(scratch, 'case5');
      await cp(path.join(FIELD, 'generate-duplicates-satellites'), folder, { recursive: true });
      const sourceDir = path.join(folder, 'force-app');
      expect((await validateDir(sourceDir)).exitCode).to.equal(3);
      const listing = async (): Promise<string[]> =>
        (await readdir(sourceDir, { recursive: true })).filter((file) => file.endsWith('-meta.xml')).sort();
      const before = await listing();
      const generated = await generate(['--name', 'Trail_App', '--output-dir', path.join(sourceDir, 'main', 'default')]);
      expect(generated.error?.message).to.equal(undefined);
      const after = await listing();
      // The app had no App policies: that one file is created; the four others are the files it had.
      expect(after.filter((file) => !before.includes(file))).to.deep.equal([path.join('main', 'default', 'extlClntAppPolicies', 'Trail_App_plcy.ecaPlcy-meta.xml')]);
      expect(generated.result!.files.filter((file) => file.state === 'created').map((file) => file.type)).to.deep.equal([
        'ExtlClntAppConfigurablePolicies',
      ]);
      const validated = await validateDir(sourceDir, ['--json']);
      expect(validated.exitCode).to.equal(0);
      // What the guide does not govern stays: the app's own callback and scopes.
      const { apps } = await readSourceFiles(sourceDir);
      expect(apps.get('Trail_App')?.oauth?.fields.commaSeparatedOauthScopes).to.equal('Api, Web, OpenID, Full, RefreshToken');
      expect(apps.get('Trail_App')?.globalOauth?.fields.callbackUrl).to.contain('https://app.example.com/callback');
      const again = await generate(['--name', 'Trail_App', '--output-dir', path.join(sourceDir, 'main', 'default')]);
      expect(again.result!.files.map((file) => file.state)).to.deep.equal(Array(5).fill('unchanged'));
    });

    it('two satellites of one type for one app are bad input for every command, naming both files', async () => {
      const folder = path.join(scratch, 'dup');
      await cp(caseDir('create-overwrites-scopes'), folder, { recursive: true });
      const policies = path.join(folder, 'main', 'default', 'extlClntAppOauthPolicies');
      const [policyFile] = await readdir(policies);
      const { apps } = await readSourceFiles(folder);
      const policy = apps.get('Scope_Test_App')!.oauthPolicy!;
      await writeFile(path.join(policies, 'Scope_Test_AppSettings_defaultPolicy.ecaOauthPlcy-meta.xml'), serializeComponent({ ...policy, fullName: 'x' }));
      const validated = await validateDir(folder);
      expect(validated.exitCode).to.equal(2);
      expect(validated.error!.message).to.contain(policyFile).and.to.contain('Scope_Test_AppSettings_defaultPolicy');
      const generated = await generate(['--name', 'Scope_Test_App', '--output-dir', folder]);
      expect(generated.exitCode).to.equal(2);
      expect(generated.error!.message).to.contain(policyFile).and.to.contain('Scope_Test_AppSettings_defaultPolicy');
    });
  });

  describe('only the target app counts', () => {
    it('another app\'s duplicate and broken files in the folder never fail this one', async () => {
      const folder = path.join(scratch, 'others');
      await cp(caseDir('create-overwrites-scopes'), folder, { recursive: true });
      const base = path.join(folder, 'main', 'default');
      const { apps } = await readSourceFiles(folder);
      const other = apps.get('Scope_Test_App')!;
      const forOther = (component: Component, fullName: string): string =>
        serializeComponent({ ...component, fullName, fields: { ...component.fields, externalClientApplication: 'Other_App' } });
      await writeFile(path.join(base, 'extlClntAppOauthPolicies', 'Other_App_a.ecaOauthPlcy-meta.xml'), forOther(other.oauthPolicy!, 'a'));
      await writeFile(path.join(base, 'extlClntAppOauthPolicies', 'Other_App_b.ecaOauthPlcy-meta.xml'), forOther(other.oauthPolicy!, 'b'));
      await writeFile(
        path.join(base, 'extlClntAppOauthSettings', 'Other_App_oauth.ecaOauth-meta.xml'),
        '<ExtlClntAppOauthSettings><externalClientApplication>Other_App</externalClientApplication><broken></ExtlClntAppOauthSettings>'
      );
      const validated = await validateDir(folder, ['--name', 'Scope_Test_App']);
      expect(validated.exitCode, validated.error?.message).to.equal(0);
      const generated = await generate(['--name', 'Scope_Test_App', '--output-dir', base]);
      expect(generated.exitCode, generated.error?.message).to.equal(0);
      expect((await validateDir(folder, ['--name', 'Other_App'])).exitCode).to.equal(2);
    });

    it('another app\'s duplicate satellites in the org never fail create or validate for this one', async () => {
      await start();
      await deployFolder(caseDir('create-overwrites-scopes'));
      const conn = await connection();
      const app = await retrieve('Scope_Test_App');
      const otherPolicy = (fullName: string): Component => ({
        ...app.oauthPolicy!,
        fullName,
        fields: { ...app.oauthPolicy!.fields, externalClientApplication: 'Other_App', label: fullName },
      });
      const other: AppComponents = { header: { ...app.header!, fullName: 'Other_App', fields: { ...app.header!.fields, label: 'Other' } } };
      delete (other.header!.fields as Record<string, unknown>).orgScopedExternalApp;
      for (const policy of [undefined, otherPolicy('Other_App_oauthPlcy'), otherPolicy('Other_App_second')]) {
        const components = policy ? { oauthPolicy: policy as AppComponents['oauthPolicy'] } : other;
        const id = await startDeploy(conn, { app: components, kinds: componentsOf(components).map((c) => c.kind), apiVersion: conn.getApiVersion(), checkOnly: false });
        expect((await pollDeploy(conn, id, { timeoutMs: 30_000, delaysMs: [50] })).success).to.equal(true);
      }
      expect((await validateOrg(['--name', 'Scope_Test_App'])).exitCode).to.equal(0);
      expect((await create(['--name', 'Scope_Test_App'])).exitCode).to.equal(0);
      const refused = await create(['--name', 'Other_App']);
      expect(refused.error?.name).to.equal('DuplicateComponentInOrgError');
      expect(refused.error!.message).to.contain('Other_App_oauthPlcy').and.to.contain('Other_App_second');
    });
  });

  describe('validate --source-dir says whether the folder deploys to another org', () => {
    it('another org\'s ids are warnings naming each element and the org, with the action (validate-passes-foreign-org-ids)', async () => {
      const checked = await validateDir(caseDir('validate-passes-foreign-org-ids'), ['--json']);
      expect(checked.exitCode).to.equal(0);
      const warned = checked.result!.findings.filter((finding) => finding.id === 'no-org-specific-ids');
      expect(warned.map((finding) => [finding.status, finding.field])).to.deep.equal([
        ['warn', 'orgScopedExternalApp'],
        ['warn', 'oauthLink'],
        ['warn', 'consumerKey'],
      ]);
      expect(warned[0].action).to.contain('00D000000000001').and.to.contain('Remove <orgScopedExternalApp>');
      // generate over the folder drops them; the folder then passes without a warning.
      const folder = path.join(scratch, 'promoted');
      await cp(caseDir('validate-passes-foreign-org-ids'), folder, { recursive: true });
      const generated = await generate(['--name', 'Promoted_App', '--output-dir', path.join(folder, 'main', 'default')]);
      expect(generated.exitCode, generated.error?.message).to.equal(0);
      const after = await validateDir(folder, ['--json']);
      expect(after.result!.findings.filter((finding) => finding.status !== 'pass')).to.deep.equal([]);
    });

    it('an element too new for the API version, unknown scope tokens, Setup-style scopes and a missing file are named in the file\'s terms', async () => {
      const folder = path.join(scratch, 'terms');
      await cp(caseDir('create-overwrites-scopes'), folder, { recursive: true });
      const base = path.join(folder, 'main', 'default');
      const { apps } = await readSourceFiles(folder);
      const app = apps.get('Scope_Test_App')!;
      const oauthFile = path.join(base, 'extlClntAppOauthSettings', 'Scope_Test_App_oauth.ecaOauth-meta.xml');
      const withScopes = (scopes: string): string =>
        serializeComponent({ ...app.oauth!, fields: { ...app.oauth!.fields, commaSeparatedOauthScopes: scopes } });

      await writeFile(oauthFile, withScopes('full, api, refresh_token'));
      const setup = await validateDir(folder, ['--json']);
      expect(setup.exitCode).to.equal(3);
      const scopes = setup.result!.findings.find((finding) => finding.id === 'oauth-scopes')!;
      expect(scopes.action).to.contain('"Full, Api, RefreshToken"');
      expect(setup.result!.findings.find((finding) => finding.id === 'scope-tokens-setup-names')!.action).to.contain('refresh_token');

      await writeFile(oauthFile, withScopes('Full, Api, RefreshToken, Telepathy'));
      const unknown = await validateDir(folder, ['--json']);
      const row = unknown.result!.findings.find((finding) => finding.id === 'scope-tokens-unknown')!;
      expect([row.status, unknown.exitCode]).to.deep.equal(['fail', 3]);
      expect(row.action).to.contain('Telepathy');

      await writeFile(oauthFile, withScopes('Full, Api, RefreshToken'));
      const tooNew = await validateDir(folder, ['--api-version', '60.0', '--json']);
      const gated = tooNew.result!.findings.filter((finding) => finding.id === 'element-at-api-version');
      expect(gated.map((finding) => finding.field)).to.include('isCodeCredFlowEnabled');
      expect(gated.every((finding) => finding.status === 'fail')).to.equal(true);
      expect(gated[0].action).to.contain('60.0');

      await rm(path.join(base, 'extlClntAppPolicies'), { recursive: true });
      const missing = await validateDir(folder, ['--json']);
      const missingRow = missing.result!.findings.find((finding) => finding.id === 'app-policies-enabled')!;
      expect(missingRow.found).to.equal('(component missing)');
      expect(missingRow.action).to.contain('no ExtlClntAppConfigurablePolicies file').and.to.contain('sf project retrieve start');
    });
  });

  describe('one verdict (create-vs-validate-authorizing-user)', () => {
    it('create warns before deploying when the running user would not be pre-authorized, and reports the rows validate reports', async () => {
      await start();
      const created = await create(['--name', 'Std_User_App', '--profile', 'Standard User', '--json']);
      // The app is created as asked, but the user who would authorize it cannot: one verdict, so not exit 0.
      expect(created.result!.status).to.equal('created');
      expect(created.exitCode).to.equal(1);
      expect(created.warnings.join('\n')).to.contain('admin@dropzone.emulator').and.to.contain('System Administrator');
      const validated = await validateOrg(['--name', 'Std_User_App', '--json']);
      expect(validated.exitCode).to.equal(3);
      const rows = (findings: ReadonlyArray<{ id: string; status: string }>): string[] => findings.map((finding) => `${finding.id}:${finding.status}`).sort();
      expect(rows(created.result!.verification.findings)).to.deep.equal(rows(validated.result!.findings));
      const { passed, failed, warnings, compliant } = created.result!.verification;
      expect({ passed, failed, warnings, compliant }).to.deep.equal({
        passed: validated.result!.summary.passed,
        failed: validated.result!.summary.failed,
        warnings: validated.result!.summary.warnings,
        compliant: false,
      });
    });

    it('with --authorizing-user of a user the profile covers, no warning and the same verdict as validate with that user', async () => {
      await start();
      const created = await create(['--name', 'Std_User_App', '--profile', 'Standard User', '--authorizing-user', 'user@dropzone.emulator', '--json']);
      expect(created.warnings).to.deep.equal([]);
      expect(created.result!.verification.compliant).to.equal(true);
      const validated = await validateOrg(['--name', 'Std_User_App', '--authorizing-user', 'user@dropzone.emulator']);
      expect(validated.exitCode).to.equal(0);
      expect(created.result!.verification.passed).to.equal(validated.result!.summary.passed);
    });
  });

  it('every component type of the handed apps round-trips with create twice (re-run deploys nothing)', async () => {
    await start();
    for (const name of ['create-overwrites-non-guide-settings', 'create-overwrites-scopes', 'multiple-callback-urls']) {
      await deployFolder(caseDir(name));
    }
    for (const app of ['Relax_Test_App', 'Scope_Test_App', 'Multi_Callback_Test']) {
      const before = flatten(await retrieve(app));
      await createTwice(app, []);
      expect(Object.keys(before).some((key) => key.startsWith(COMPONENT_KINDS[4]))).to.equal(true);
    }
  });
});
