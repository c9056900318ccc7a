import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import sinon from 'sinon';
import AppGenerate, { AppGenerateResult } from '../../src/commands/dropzone/app/generate.js';
import { parseComponent } from '../../src/metadata/xml.js';
import { JsonSchema, validateJson } from '../helpers/json-schema.js';
import { stubOfflineCommandUx } from '../helpers/offline-ux.js';

const NAME = 'SendSafely_Dropzone_Connector';
const schema = JSON.parse(await fs.readFile(new URL('../../schemas/dropzone-app-generate.json', import.meta.url), 'utf8')) as JsonSchema;
const FILES = [
  `externalClientApps/${NAME}.eca-meta.xml`,
  `extlClntAppOauthSettings/${NAME}_oauth.ecaOauth-meta.xml`,
  `extlClntAppGlobalOauthSets/${NAME}_glbloauth.ecaGlblOauth-meta.xml`,
  `extlClntAppOauthPolicies/${NAME}_oauth_defaultPolicy.ecaOauthPlcy-meta.xml`,
  `extlClntAppPolicies/${NAME}_plcy.ecaPlcy-meta.xml`,
];

type Thrown = { name: string; message: string; exitCode?: number; actions?: string[] };

/** Every file below a folder (relative, sorted) with its bytes; {} when the folder does not exist. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  const walk = async (current: string): Promise<void> => {
    const entries = await fs.readdir(current, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else found[path.relative(dir, full).split(path.sep).join('/')] = await fs.readFile(full, 'utf8');
    }
  };
  await walk(dir);
  return Object.fromEntries(Object.entries(found).sort(([a], [b]) => a.localeCompare(b)));
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

describe('sf dropzone app generate (in process)', () => {
  let sandbox: sinon.SinonSandbox;
  let ux: ReturnType<typeof stubOfflineCommandUx>;
  let tmp: string;
  let out: string;
  const cwd = process.cwd();

  beforeEach(async () => {
    sandbox = sinon.createSandbox();
    ux = stubOfflineCommandUx(sandbox);
    tmp = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'dropzone-generate-')));
    out = path.join(tmp, 'out');
  });

  afterEach(async () => {
    sandbox.restore();
    process.chdir(cwd);
    process.exitCode = undefined;
    await fs.rm(tmp, { recursive: true, force: true });
  });

  async function generate(...args: string[]): Promise<AppGenerateResult> {
    return await AppGenerate.run(['--contact-email', 'admin@example.com', '--output-dir', out, ...args]);
  }

  async function refused(args: string[]): Promise<Thrown> {
    try {
      await AppGenerate.run(args);
    } catch (error) {
      return error as Thrown;
    }
    throw new Error(`accepted: ${args.join(' ')}`);
  }

  async function read(relative: string): Promise<Record<string, unknown>> {
    const file = path.join(out, relative);
    return parseComponent(await fs.readFile(file, 'utf8'), path.basename(file)).fields;
  }

  it('writes the five files with the values the requirements table asks for', async () => {
    const result = await generate();
    expect(Object.keys(await snapshot(out))).to.have.members(FILES);
    expect(result.files.map((file) => [path.relative(out, file.path).split(path.sep).join('/'), file.state])).to.deep.equal(
      FILES.map((file) => [file, 'created'])
    );
    expect(await read(FILES[0])).to.deep.equal({
      contactEmail: 'admin@example.com',
      distributionState: 'Local',
      isProtected: false,
      label: 'SendSafely Dropzone Connector',
    });
    expect(await read(FILES[1])).to.include({ commaSeparatedOauthScopes: 'Full, Api, RefreshToken', externalClientApplication: NAME });
    expect(await read(FILES[2])).to.include({
      callbackUrl: 'https://login.salesforce.com/services/oauth2/success',
      isDeviceFlowEnabled: true,
      isConsumerSecretOptional: false,
      isPkceRequired: false,
      isSecretRequiredForRefreshToken: false,
    });
    expect(await read(FILES[2])).not.to.have.any.keys('consumerKey', 'consumerSecret');
    expect(await read(FILES[3])).to.include({
      commaSeparatedProfile: 'System Administrator',
      permittedUsersPolicyType: 'AdminApprovedPreAuthorized',
      refreshTokenPolicyType: 'Infinite',
    });
    expect(await read(FILES[3])).not.to.have.key('sessionTimeoutInMinutes');
    expect(await read(FILES[4])).to.include({ isEnabled: true, isOauthPluginEnabled: true });
  });

  it('reports each file on a line, its path whole, and says what to do next', async () => {
    await generate();
    const lines = ux.log.getCalls().map((call) => String(call.args[0]));
    const fileLines = lines.filter((line) => /^(created|updated|unchanged) /.test(line));
    expect(fileLines.map((line) => line.split(/\s+/)[0])).to.deep.equal(['created', 'created', 'created', 'created', 'created']);
    expect(fileLines[0]).to.match(/externalClientApps\/\S+\.eca-meta\.xml$/);
    expect(ux.logSuccess.firstCall.args[0]).to.equal(
      `Generated ${NAME} with callback https://login.salesforce.com/services/oauth2/success, pre-authorizing System Administrator.`
    );
    expect(lines.join('\n')).to.include('sf dropzone app create');
  });

  it('--org-type sandbox switches the callback to test.salesforce.com', async () => {
    const result = await generate('--org-type', 'sandbox');
    expect(result).to.include({ orgType: 'sandbox', callbackUrl: 'https://test.salesforce.com/services/oauth2/success' });
    expect((await read(FILES[2])).callbackUrl).to.equal('https://test.salesforce.com/services/oauth2/success');
  });

  it('--callback-url overrides the org type', async () => {
    const result = await generate('--org-type', 'sandbox', '--callback-url', 'http://localhost:1717/OauthRedirect');
    expect(result.callbackUrl).to.equal('http://localhost:1717/OauthRedirect');
    expect((await read(FILES[2])).callbackUrl).to.equal('http://localhost:1717/OauthRedirect');
  });

  it('repeated --profile and --permission-set, --session-timeout, --name, --label and --description', async () => {
    const result = await generate(
      '--name', 'Dropzone', '--label', 'R&D <Ops> "Dropzone"', '--description', 'Dropzone 🚀 für alle',
      '--profile', 'System Administrator', '--profile', 'Support Agent', '-p', 'support agent',
      '--permission-set', 'Dropzone_Users', '--permission-set', 'Dropzone_Admins', '--session-timeout', '120'
    );
    expect(result).to.deep.include({
      name: 'Dropzone',
      profiles: ['System Administrator', 'Support Agent'],
      permissionSets: ['Dropzone_Users', 'Dropzone_Admins'],
    });
    expect(result.files.map((file) => file.fullName)).to.deep.equal([
      'Dropzone', 'Dropzone_oauth', 'Dropzone_glbloauth', 'Dropzone_oauth_defaultPolicy', 'Dropzone_plcy',
    ]);
    const header = await fs.readFile(path.join(out, 'externalClientApps/Dropzone.eca-meta.xml'), 'utf8');
    expect(header).to.include('<label>R&amp;D &lt;Ops&gt; &quot;Dropzone&quot;</label>');
    expect(header).to.include('<description>Dropzone 🚀 für alle</description>');
    expect(await read('extlClntAppOauthPolicies/Dropzone_oauth_defaultPolicy.ecaOauthPlcy-meta.xml')).to.include({
      commaSeparatedProfile: 'System Administrator, Support Agent',
      commaSeparatedPermissionSet: 'Dropzone_Users, Dropzone_Admins',
      sessionTimeoutInMinutes: 120,
    });
  });

  describe('default output folder', () => {
    it('inside an SFDX project: the default package directory, from any subfolder', async () => {
      await fs.writeFile(
        path.join(tmp, 'sfdx-project.json'),
        JSON.stringify({ packageDirectories: [{ path: 'other' }, { path: 'app', default: true }] })
      );
      await fs.mkdir(path.join(tmp, 'app', 'main', 'default'), { recursive: true });
      await fs.mkdir(path.join(tmp, 'scripts', 'deep'), { recursive: true });
      process.chdir(path.join(tmp, 'scripts', 'deep'));
      const result = await AppGenerate.run(['--contact-email', 'admin@example.com']);
      expect(result.outputDir).to.equal(path.join(tmp, 'app', 'main', 'default'));
      expect(Object.keys(await snapshot(path.join(tmp, 'app', 'main', 'default')))).to.have.members(FILES);
    });

    it('inside an SFDX project whose package folder has no main/default: the package folder itself', async () => {
      await fs.writeFile(path.join(tmp, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'src', default: true }] }));
      await fs.mkdir(path.join(tmp, 'src'));
      process.chdir(tmp);
      const result = await AppGenerate.run(['--contact-email', 'admin@example.com']);
      expect(result.outputDir).to.equal(path.join(tmp, 'src'));
    });

    it('outside an SFDX project: force-app/main/default under the current folder', async () => {
      process.chdir(tmp);
      const result = await AppGenerate.run(['--contact-email', 'admin@example.com']);
      expect(result.outputDir).to.equal(path.join(tmp, 'force-app', 'main', 'default'));
      expect(Object.keys(await snapshot(result.outputDir))).to.have.members(FILES);
    });
  });

  describe('re-running', () => {
    it('created → unchanged (same bytes, mtime untouched) → updated after a change', async () => {
      await generate();
      const before = await snapshot(out);
      const header = path.join(out, FILES[0]);
      const old = new Date('2020-01-01T00:00:00Z');
      for (const file of FILES) await fs.utimes(path.join(out, file), old, old);

      const again = await generate();
      expect(again.files.map((file) => file.state)).to.deep.equal(Array(5).fill('unchanged'));
      expect(await snapshot(out)).to.deep.equal(before);
      for (const file of FILES) expect((await fs.stat(path.join(out, file))).mtime.toISOString(), file).to.equal(old.toISOString());

      const changed = await generate('--label', 'Dropzone Connector');
      expect(changed.files.map((file) => file.state)).to.deep.equal(['updated', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
      expect(await fs.readFile(header, 'utf8')).to.include('<label>Dropzone Connector</label>');
      expect((await fs.stat(path.join(out, FILES[1]))).mtime.toISOString()).to.equal(old.toISOString());
      expect(ux.log.getCalls().map((call) => String(call.args[0])).filter((line) => /^updated /.test(line))).to.have.length(1);
    });

    it('two runs into different folders give identical bytes', async () => {
      await generate('--org-type', 'sandbox', '--session-timeout', '60');
      const first = await snapshot(out);
      out = path.join(tmp, 'second');
      await generate('--org-type', 'sandbox', '--session-timeout', '60');
      expect(await snapshot(out)).to.deep.equal(first);
    });
  });

  describe('bad input: exit code 2, the problem named, nothing written', () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['a malformed email', ['--contact-email', 'nope'], /--contact-email: "nope" is not a valid email address/],
      ['a bad API name', ['--name', '1bad__name_'], /--name: The API name "1bad__name_" must start with a letter/],
      ['a name with a double underscore', ['--name', 'bad__name'], /two underscores in a row/],
      ['an API version without the types', ['--api-version', '58.0'], /API version 58.0 lacks what the app needs: ExternalClientApplication \(since 59.0\)/],
      ['an API version without commaSeparatedProfile', ['--api-version', '62.0'], /ExtlClntAppOauthConfigurablePolicies.commaSeparatedProfile \(since 63.0\)/],
      ['an ftp callback', ['--callback-url', 'ftp://x'], /--callback-url: "ftp:\/\/x" must use https \(http is allowed only for localhost\)/],
      ['an http callback off localhost', ['--callback-url', 'http://example.com/cb'], /must use https/],
      ['a session timeout Setup does not offer', ['--session-timeout', '7'], /Expected --session-timeout=7 to be one of: 15, 30, 60, 120, 240, 480, 720, 1440/],
      ['a profile name with a comma', ['--profile', 'Sales, Europe'], /--profile: "Sales, Europe" contains a comma/],
      ['a label with a control character', ['--label', 'Drop\u0007zone'], /--label: The value contains control characters/],
      ['an unknown org type', ['--org-type', 'dev'], /Expected --org-type=dev to be one of: production, sandbox/],
    ];
    for (const [what, flags, message] of cases) {
      it(what, async () => {
        const contact = flags[0] === '--contact-email' ? [] : ['--contact-email', 'admin@example.com'];
        const error = await refused([...contact, ...flags, '--output-dir', out]);
        expect(error.message).to.match(message);
        expect(error.exitCode).to.equal(2);
        expect(await exists(out), 'output folder created').to.equal(false);
        expect(await snapshot(tmp)).to.deep.equal({});
      });
    }

    it('a missing --contact-email', async () => {
      const error = await refused(['--output-dir', out]);
      expect(error.message).to.include('Missing required flag contact-email');
      expect(error.exitCode).to.equal(2);
      expect(await exists(out)).to.equal(false);
    });

    it('an --output-dir that is an existing file', async () => {
      const file = path.join(tmp, 'taken');
      await fs.writeFile(file, 'keep me');
      const error = await refused(['--contact-email', 'admin@example.com', '--output-dir', file]);
      expect(error.name).to.equal('OutputDirNotFolderError');
      expect(error.message).to.equal(`The output folder ${file} exists and is not a folder.`);
      expect(error.exitCode).to.equal(2);
      expect(await snapshot(tmp)).to.deep.equal({ taken: 'keep me' });
    });

    it('leaves an existing app untouched when the new flags are bad', async () => {
      await generate();
      const before = await snapshot(out);
      const error = await refused(['--contact-email', 'admin@example.com', '--output-dir', out, '--api-version', '58.0']);
      expect(error.exitCode).to.equal(2);
      expect(await snapshot(out)).to.deep.equal(before);
    });
  });

  describe('all or nothing', () => {
    it('writes no file when one target cannot be written (a folder stands where a file goes)', async () => {
      await fs.mkdir(path.join(out, FILES[4]), { recursive: true });
      const error = await refused(['--contact-email', 'admin@example.com', '--output-dir', out]);
      expect(error.name).to.equal('WriteFailedError');
      expect(error.message).to.match(/^Could not write the app's files to .*Nothing was written\.$/);
      expect(error.exitCode).to.equal(1);
      expect(await snapshot(out)).to.deep.equal({});
      for (const file of FILES.slice(0, 4)) expect(await exists(path.dirname(path.join(out, file))), file).to.equal(false);
    });

    it('writes no file when staging fails midway, and removes the folders it created', async () => {
      // A folder squatting on the staging name of the last file makes its staging write fail after four succeeded.
      await fs.mkdir(path.join(out, `${FILES[4]}.${process.pid}.tmp`), { recursive: true });
      const error = await refused(['--contact-email', 'admin@example.com', '--output-dir', out]);
      expect(error.name).to.equal('WriteFailedError');
      expect(await snapshot(out)).to.deep.equal({});
      expect((await fs.readdir(out)).sort()).to.deep.equal(['extlClntAppPolicies']);
      expect(await fs.readdir(path.join(out, 'extlClntAppPolicies'))).to.deep.equal([path.basename(`${FILES[4]}.${process.pid}.tmp`)]);
    });

    it('puts every file back when a rename fails midway', async () => {
      await generate();
      const header = path.join(out, FILES[0]);
      await fs.writeFile(header, (await fs.readFile(header, 'utf8')).replace('</label>', ' (edited by hand)</label>'));
      await fs.rm(path.join(out, FILES[3]));
      const before = await snapshot(out);
      const rename = fs.rename.bind(fs);
      let calls = 0;
      sandbox.stub(fs, 'rename').callsFake(async (from, to) => {
        calls += 1;
        if (calls === 2) throw Object.assign(new Error('EIO: simulated'), { code: 'EIO' });
        return rename(from, to);
      });
      const error = await refused(['--contact-email', 'ops@example.com', '--output-dir', out]);
      expect(error.message).to.include('EIO: simulated');
      expect(calls).to.equal(2);
      expect(await snapshot(out)).to.deep.equal(before);
    });
  });

  describe('--json', () => {
    it('returns a result that matches the committed schema', async () => {
      const result = await generate('--profile', 'Support Agent', '--permission-set', 'Dropzone_Users', '--json');
      expect(validateJson(JSON.parse(JSON.stringify(result)), schema)).to.deep.equal([]);
      expect(result).to.deep.equal({
        name: NAME,
        outputDir: out,
        apiVersion: '66.0',
        orgType: 'production',
        callbackUrl: 'https://login.salesforce.com/services/oauth2/success',
        profiles: ['Support Agent'],
        permissionSets: ['Dropzone_Users'],
        files: result.files,
      });
      expect(result.files[2]).to.deep.equal({
        type: 'ExtlClntAppGlobalOauthSettings',
        fullName: `${NAME}_glbloauth`,
        path: path.join(out, FILES[2]),
        state: 'created',
      });
    });

    it('the schema is strict: it refuses extra, missing and out-of-range properties', async () => {
      const result = JSON.parse(JSON.stringify(await generate('--json'))) as Record<string, unknown>;
      expect(validateJson({ ...result, secret: 'x' }, schema)).to.deep.equal(['/: unexpected property "secret"']);
      const { callbackUrl: _dropped, ...withoutCallback } = result;
      expect(validateJson(withoutCallback, schema)).to.deep.equal(['/: missing required property "callbackUrl"']);
      expect(validateJson({ ...result, orgType: 'scratch' }, schema)[0]).to.match(/^\/orgType: "scratch" is not one of/);
      const files = result.files as Array<Record<string, unknown>>;
      expect(validateJson({ ...result, files: [{ ...files[0], state: 'deleted' }, ...files.slice(1)] }, schema)[0]).to.match(
        /^\/files\/0\/state/
      );
      expect(validateJson({ ...result, name: 'bad__' }, schema)[0]).to.match(/^\/name: "bad__" does not match/);
    });
  });
});
