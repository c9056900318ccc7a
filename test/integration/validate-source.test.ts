import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import sinon from 'sinon';
import { SfError } from '@salesforce/core/sfError';
import { stubSfCommandUx } from '@salesforce/sf-plugins-core';
import AppValidate, { AppValidateResult } from '../../src/commands/dropzone/app/validate.js';
import { JsonSchema, validateJson } from '../helpers/json-schema.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'validate');
const fixture = (name: string): string => path.join(fixtures, name);
const schema = JSON.parse(await readFile(new URL('../../schemas/dropzone-app-validate.json', import.meta.url), 'utf8')) as JsonSchema;

type Run = { result?: AppValidateResult; error?: SfError; exitCode: number; json?: { status: number; result: AppValidateResult } };

const failingIds = (result: AppValidateResult | undefined): string[] =>
  (result?.findings ?? []).filter((finding) => finding.status === 'fail').map((finding) => finding.id).sort();

describe('sf dropzone app validate --source-dir', () => {
  let sandbox: sinon.SinonSandbox;
  let ux: ReturnType<typeof stubSfCommandUx>;
  let tmp: string;

  beforeEach(async () => {
    sandbox = sinon.createSandbox();
    ux = stubSfCommandUx(sandbox);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'dropzone-validate-'));
  });
  afterEach(async () => {
    sandbox.restore();
    process.exitCode = undefined;
    await rm(tmp, { recursive: true, force: true });
  });

  async function run(args: string[]): Promise<Run> {
    process.exitCode = undefined;
    try {
      const result = await AppValidate.run(args);
      const json = ux.logJson.firstCall?.args[0] as Run['json'];
      return { result, exitCode: Number(process.exitCode ?? 0), json };
    } catch (error) {
      return { error: error as SfError, exitCode: Number(process.exitCode ?? (error as SfError).exitCode) };
    } finally {
      process.exitCode = undefined;
    }
  }

  it('passes our generated app: exit code 0, every row passes', async () => {
    const { result, exitCode } = await run(['--source-dir', fixture('generated')]);
    expect(exitCode).to.equal(0);
    expect(result!.compliant).to.equal(true);
    expect(result!.findings.every((finding) => finding.status === 'pass')).to.equal(true);
    expect(result!.name).to.equal('SendSafely_Dropzone_Connector');
    expect(result!.source).to.deep.equal({ type: 'source-dir', path: fixture('generated') });
    expect(ux.table.callCount).to.equal(0);
    expect(ux.logSuccess.firstCall.args[0]).to.equal('19 passed, 0 failed, 0 warnings — compliant');
  });

  it('--source-dir . over two copies of the app (force-app/ and retrieved/): names both files, suggests each folder, exit 2', async () => {
    await cp(fixture('generated'), path.join(tmp, 'force-app', 'main', 'default'), { recursive: true });
    await cp(fixture('generated'), path.join(tmp, 'retrieved', 'main', 'default'), { recursive: true });
    const cwd = process.cwd();
    process.chdir(tmp);
    try {
      const { error, exitCode } = await run(['--source-dir', '.']);
      expect(exitCode).to.equal(2);
      expect(error!.name).to.equal('DuplicateComponentInSourceError');
      expect(error!.message)
        .to.include(path.join('force-app', 'main', 'default', 'externalClientApps', 'SendSafely_Dropzone_Connector.eca-meta.xml'))
        .and.include(path.join('retrieved', 'main', 'default', 'externalClientApps', 'SendSafely_Dropzone_Connector.eca-meta.xml'));
      expect(error!.actions![0]).to.include('--source-dir force-app').and.include('--source-dir retrieved');
      // The suggested command runs as printed: one copy alone validates.
      const one = await run(['--source-dir', 'force-app']);
      expect(one.exitCode).to.equal(0);
      expect(one.result!.compliant).to.equal(true);
    } finally {
      process.chdir(cwd);
    }
  });

  it('reads a realistic retrieved app (consumerKey, orgScopedExternalApp, oauthLink, unknown elements, other names)', async () => {
    const { result, exitCode } = await run([
      '--source-dir',
      fixture('retrieved'),
      '--profile',
      'Support Agent',
      '--permission-set',
      'Dropzone_Connector_User',
      '--session-timeout',
      '120',
    ]);
    expect(exitCode).to.equal(0);
    expect(failingIds(result)).to.deep.equal([]);
    // The ids of the org it was retrieved from, and an element the plugin does not know, are warnings naming each.
    const warned = result!.findings.filter((finding) => finding.status === 'warn').map((finding) => `${finding.id}:${finding.field ?? ''}`);
    expect(warned).to.deep.equal([
      'no-org-specific-ids:orgScopedExternalApp',
      'no-org-specific-ids:oauthLink',
      'no-org-specific-ids:consumerKey',
      'element-unknown:isOauthSecuritySettingsEnabled',
    ]);
    expect(result!.summary).to.include({ failed: 0, warnings: 4 });
    expect(result!.components.map((component) => component.fullName)).to.deep.equal([
      'SendSafely_Dropzone_Connector',
      'Dropzone_OAuth_Settings',
      'Dropzone_Global',
      'Dropzone_Policies',
      'SendSafely_Dropzone_Connector_plcy',
    ]);
    expect(result!.findings.find((finding) => finding.id === 'oauth-scopes')!.found).to.equal('Api, Basic, Full, OfflineAccess');
  });

  it('fails exactly the rows other tools get wrong (PKCE, secret for refresh, AllSelfAuthorized, 4-hour lifetime, device flow off)', async () => {
    const { result, exitCode, json } = await run(['--source-dir', fixture('other-tools'), '--json']);
    expect(exitCode).to.equal(3);
    expect(failingIds(result)).to.deep.equal(
      [
        'admin-approved-users',
        'device-flow',
        'pkce-off',
        'pre-authorized-profiles',
        'refresh-secret-off',
        'refresh-token-until-revoked',
      ].sort()
    );
    expect(result!.findings.find((finding) => finding.id === 'refresh-token-until-revoked')!.found).to.equal('SpecificLifetime');
    // --json still prints every row, with the exit code as its status.
    expect(json!.status).to.equal(3);
    expect(json!.result.compliant).to.equal(false);
    expect(json!.result.findings).to.have.length(result!.findings.length);
  });

  it('fails the rows of a missing satellite with "(component missing)"', async () => {
    const { result, exitCode } = await run(['--source-dir', fixture('missing-global'), '--profile', 'Support Agent']);
    expect(exitCode).to.equal(3);
    const globalRows = result!.findings.filter((finding) => finding.component === 'ExtlClntAppGlobalOauthSettings');
    expect(globalRows.map((finding) => finding.found)).to.satisfy((found: string[]) => found.every((text) => text === '(component missing)'));
    expect(failingIds(result)).to.deep.equal(['callback-url', 'device-flow', 'pkce-off', 'refresh-secret-off', 'web-server-secret']);
    expect(result!.components.find((component) => component.type === 'ExtlClntAppGlobalOauthSettings')!.fullName).to.equal(null);
  });

  it('expects the sandbox callback with --org-type sandbox, and a custom one with --callback-url', async () => {
    const sandboxRun = await run(['--source-dir', fixture('generated'), '--org-type', 'sandbox']);
    expect(sandboxRun.exitCode).to.equal(3);
    expect(failingIds(sandboxRun.result)).to.deep.equal(['callback-url']);
    expect(sandboxRun.result!.callbackUrl).to.equal('https://test.salesforce.com/services/oauth2/success');
    const custom = await run(['--source-dir', fixture('generated'), '--callback-url', 'https://login.salesforce.com/services/oauth2/success']);
    expect(custom.exitCode).to.equal(0);
  });

  it('fails a --profile that is not pre-authorized', async () => {
    const { result, exitCode } = await run(['--source-dir', fixture('generated'), '--profile', 'Support Agent']);
    expect(exitCode).to.equal(3);
    expect(failingIds(result)).to.deep.equal(['pre-authorized-profiles']);
  });

  it('writes a JUnit report that reads back with one test case per row', async () => {
    const junit = path.join(tmp, 'reports', 'dropzone.xml');
    const { result } = await run(['--source-dir', fixture('other-tools'), '--junit', junit]);
    expect(result!.junitFile).to.equal(junit);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => name === 'testcase' }).parse(
      await readFile(junit, 'utf8')
    ) as { testsuites: { testsuite: { '@_tests': string; '@_failures': string; testcase: Array<Record<string, unknown>> } } };
    const suite = parsed.testsuites.testsuite;
    expect(suite.testcase).to.have.length(result!.findings.length);
    expect(Number(suite['@_failures'])).to.equal(6);
    const failedCases = suite.testcase
      .filter((testCase) => testCase.failure !== undefined)
      .map((testCase) => String(testCase['@_name']).split(':')[0])
      .sort();
    expect(failedCases).to.deep.equal(failingIds(result));
  });

  describe('--json result and schema', () => {
    it('matches the committed schema, compliant and not, with a JUnit file', async () => {
      const junit = path.join(tmp, 'r.xml');
      for (const args of [
        ['--source-dir', fixture('generated')],
        ['--source-dir', fixture('other-tools'), '--junit', junit],
        ['--source-dir', fixture('missing-global')],
      ]) {
        const { json } = await run([...args, '--json']);
        expect(validateJson(JSON.parse(JSON.stringify(json!.result)), schema), args.join(' ')).to.deep.equal([]);
      }
    });

    it('the schema is strict: it refuses extra, missing and out-of-range properties', async () => {
      const { result } = await run(['--source-dir', fixture('other-tools')]);
      const plain = JSON.parse(JSON.stringify(result)) as Record<string, unknown> & { findings: Array<Record<string, unknown>> };
      expect(validateJson({ ...plain, extra: 1 }, schema)).to.deep.equal(['/: unexpected property "extra"']);
      const { findings, ...withoutFindings } = plain;
      expect(validateJson(withoutFindings, schema)).to.deep.equal(['/: missing required property "findings"']);
      const badStatus = { ...plain, findings: [{ ...findings[0], status: 'skipped' }, ...findings.slice(1)] };
      expect(validateJson(badStatus, schema)[0]).to.match(/^\/findings\/0\/status: "skipped" is not one of/);
    });

    it('prints status 0 and the result when compliant', async () => {
      const { json } = await run(['--source-dir', fixture('generated'), '--json']);
      expect(json!.status).to.equal(0);
      expect(json!.result.summary.line).to.equal('19 passed, 0 failed, 0 warnings — compliant');
    });
  });

  describe('errors', () => {
    it('several apps without --name: exit code 2, listing them', async () => {
      const { error, exitCode } = await run(['--source-dir', fixture('several-apps')]);
      expect(exitCode).to.equal(2);
      expect(error!.name).to.equal('SeveralAppsInSourceError');
      expect(error!.message).to.contain('Dropzone_Connector, Expense_Tracker');
    });

    it('several apps with --name: checks the one named', async () => {
      const { result } = await run(['--source-dir', fixture('several-apps'), '--name', 'Dropzone_Connector']);
      expect(result!.name).to.equal('Dropzone_Connector');
    });

    it('an app not in the folder: exit code 1, naming the apps found', async () => {
      const { error, exitCode } = await run(['--source-dir', fixture('several-apps'), '--name', 'Nope']);
      expect(exitCode).to.equal(1);
      expect(error!.name).to.equal('AppNotInSourceError');
      expect(error!.message).to.contain('Found: Dropzone_Connector, Expense_Tracker');
    });

    it('a --source-dir that is not a folder: exit code 2', async () => {
      for (const dir of [path.join(tmp, 'missing'), path.join(fixture('generated'), 'externalClientApps', 'SendSafely_Dropzone_Connector.eca-meta.xml')]) {
        const { error, exitCode } = await run(['--source-dir', dir]);
        expect(exitCode).to.equal(2);
        expect(error!.name).to.equal('SourceDirNotFolderError');
      }
    });

    it('no app in the folder: exit code 1', async () => {
      const { error, exitCode } = await run(['--source-dir', fixture('no-app')]);
      expect(exitCode).to.equal(1);
      expect(error!.name).to.equal('NoAppInSourceError');
    });

    it('a malformed file: exit code 1, naming the file', async () => {
      const { error, exitCode } = await run(['--source-dir', fixture('malformed')]);
      expect(exitCode).to.equal(1);
      expect(error!.name).to.equal('UnreadableSourceError');
      expect(error!.message).to.contain('isPkceRequired must be true or false');
      expect(error!.message).to.contain('SendSafely_Dropzone_Connector_glbloauth.ecaGlblOauth-meta.xml');
    });

    it('bad flag values: exit code 2', async () => {
      for (const args of [
        ['--callback-url', 'ftp://example.com'],
        ['--name', '1bad'],
        ['--profile', 'A, B'],
      ]) {
        const { error, exitCode } = await run(['--source-dir', fixture('generated'), ...args]);
        expect(exitCode, args.join(' ')).to.equal(2);
        expect(error!.name).to.equal('InvalidFlagValueError');
      }
      // A session timeout is one of the options Setup offers: oclif refuses any other, naming them.
      const { error, exitCode } = await run(['--source-dir', fixture('generated'), '--session-timeout', '7']);
      expect(exitCode).to.equal(2);
      expect(error!.message).to.match(/Expected --session-timeout=7 to be one of: 15, 30, 60, 120, 240, 480, 720, 1440/);
    });

    it('--fix and --authorizing-user need an org: exit code 2', async () => {
      for (const flag of [['--fix'], ['--authorizing-user', 'a@example.com']]) {
        const { error, exitCode } = await run(['--source-dir', fixture('generated'), ...flag]);
        expect(exitCode).to.equal(2);
        expect(error!.name).to.equal('OrgModeOnlyError');
      }
    });

    it('a JUnit file that cannot be written: exit code 1', async () => {
      const { error, exitCode } = await run(['--source-dir', fixture('generated'), '--junit', path.join(fixture('generated'), 'externalClientApps', 'SendSafely_Dropzone_Connector.eca-meta.xml', 'x.xml')]);
      expect(exitCode).to.equal(1);
      expect(error!.name).to.equal('JunitWriteFailedError');
    });
  });
});
