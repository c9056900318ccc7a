import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { JsonSchema, validateJson } from '../helpers/json-schema.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'run.js');
const schema = JSON.parse(await fs.readFile(path.join(root, 'schemas', 'dropzone-app-generate.json'), 'utf8')) as JsonSchema;

type Run = { status: number | null; stdout: string; stderr: string };

// The built plugin (lib/, oclif.manifest.json) run as a separate process: `npm run build` first.
describe('./bin/run.js dropzone app generate (built plugin)', function () {
  this.timeout(120_000);
  let tmp: string;
  let home: string;

  before(async function () {
    if (!(await fs.stat(path.join(root, 'lib', 'commands', 'dropzone', 'app', 'generate.js')).catch(() => undefined))) {
      throw new Error('lib/ is missing: run npm run build before the e2e tests');
    }
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'dropzone-home-'));
  });
  beforeEach(async () => {
    tmp = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'dropzone-bin-')));
  });
  afterEach(async () => fs.rm(tmp, { recursive: true, force: true }));
  after(async () => fs.rm(home, { recursive: true, force: true }));

  function run(...args: string[]): Run {
    const result = spawnSync(process.execPath, [bin, 'dropzone', 'app', 'generate', ...args], {
      cwd: tmp,
      encoding: 'utf8',
      env: { ...process.env, HOME: home, SF_DISABLE_TELEMETRY: 'true', SF_DISABLE_AUTOUPDATE: 'true', SF_SKIP_NEW_VERSION_CHECK: 'true', NO_COLOR: '1' },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('writes the five files of force-app, reports them, and prints valid --json', async () => {
    const first = run('--contact-email', 'admin@example.com', '--output-dir', 'out');
    expect(first.status, first.stderr).to.equal(0);
    expect(first.stdout).to.include('created').and.include('Generated SendSafely_Dropzone_Connector');
    const committed = path.join(root, 'force-app', 'main', 'default');
    for (const dir of await fs.readdir(committed)) {
      for (const file of await fs.readdir(path.join(committed, dir))) {
        expect(await fs.readFile(path.join(tmp, 'out', dir, file), 'utf8'), file).to.equal(await fs.readFile(path.join(committed, dir, file), 'utf8'));
      }
    }

    const again = run('--contact-email', 'admin@example.com', '--output-dir', 'out', '--json');
    expect(again.status, again.stderr).to.equal(0);
    const json = JSON.parse(again.stdout) as { status: number; result: { files: Array<{ state: string }> }; warnings: unknown[] };
    expect(Object.keys(json).sort()).to.deep.equal(['result', 'status', 'warnings']);
    expect(json.status).to.equal(0);
    expect(validateJson(json.result, schema)).to.deep.equal([]);
    expect(json.result.files.map((file) => file.state)).to.deep.equal(Array(5).fill('unchanged'));
  });

  it('--org-type sandbox writes the test.salesforce.com callback', async () => {
    const result = run('--contact-email', 'admin@example.com', '--org-type', 'sandbox', '--output-dir', 'out');
    expect(result.status, result.stderr).to.equal(0);
    const global = await fs.readFile(
      path.join(tmp, 'out', 'extlClntAppGlobalOauthSets', 'SendSafely_Dropzone_Connector_glbloauth.ecaGlblOauth-meta.xml'),
      'utf8'
    );
    expect(global).to.include('<callbackUrl>https://test.salesforce.com/services/oauth2/success</callbackUrl>');
  });

  for (const [flags, problem] of [
    [['--contact-email', 'nope'], '"nope" is not a valid email address'],
    [['--contact-email', 'admin@example.com', '--name', '1bad__name_'], 'must start with a letter'],
    [['--contact-email', 'admin@example.com', '--api-version', '58.0'], 'API version 58.0 lacks what the app needs'],
    [['--contact-email', 'admin@example.com', '--callback-url', 'ftp://x'], 'must use https'],
  ] as const) {
    it(`${flags.slice(-2).join(' ')} exits 2 naming the problem and writes nothing`, async () => {
      const result = run(...flags, '--output-dir', 'out');
      expect(result.status, result.stdout).to.equal(2);
      expect(result.stderr).to.include(problem);
      expect(await fs.readdir(tmp)).to.deep.equal([]);
    });
  }

  it('--json on bad input prints an error envelope with exit code 2', () => {
    const result = run('--contact-email', 'nope', '--output-dir', 'out', '--json');
    expect(result.status).to.equal(2);
    const json = JSON.parse(result.stdout) as { status: number; name: string; message: string };
    expect(json).to.include({ status: 2, name: 'InvalidFlagValueError' });
    expect(json.message).to.include('--contact-email');
  });
});
