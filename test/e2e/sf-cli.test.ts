import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { Emulator, startEmulator } from '../../emulator/index.js';
import { APP, appFiles } from '../emulator/app-files.js';
import { OFFLINE_ENV } from '../helpers/emulator-org.js';
import { SF, sf } from '../helpers/sf-cli.js';

function writeProject(dir: string, broken = false): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '66.0' }));
  for (const f of appFiles()) {
    let xml = f.xml;
    if (broken && f.type === 'ExtlClntAppOauthConfigurablePolicies') xml = xml.replace('AdminApprovedPreAuthorized', 'EveryoneWelcome');
    const file = join(dir, 'force-app/main/default', `${f.path}-meta.xml`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, xml);
  }
}

const installed = existsSync(SF);

(installed ? describe : describe.skip)('real sf CLI against the emulator', function () {
  this.timeout(120_000);
  let emulator: Emulator;
  let home: string;
  let env: Record<string, string>;
  const timings: Record<string, number> = {};

  before(async () => {
    emulator = await startEmulator({ deployProcessingMs: 200 });
    home = mkdtempSync(join(tmpdir(), 'sf-e2e-'));
    env = { ...OFFLINE_ENV, HOME: home, SF_ACCESS_TOKEN: emulator.accessToken, SF_LOG_LEVEL: 'warn' };
  });
  after(async () => {
    await emulator.stop();
    rmSync(home, { recursive: true, force: true });
    // eslint-disable-next-line no-console
    console.log(`      sf timings (ms): ${JSON.stringify(timings)}`);
  });

  it('sf org login access-token + org display', async () => {
    const login = await sf(['org', 'login', 'access-token', '--instance-url', emulator.instanceUrl, '--no-prompt', '--alias', 'emu'], env, home);
    timings.login = login.ms;
    expect(login.code, login.stderr).to.equal(0);
    expect(login.stdout).to.contain(`Successfully authorized ${emulator.username}`);
    const display = await sf(['org', 'display', '--target-org', 'emu', '--json'], env, home);
    timings.display = display.ms;
    expect(display.code, display.stderr).to.equal(0);
    const json = JSON.parse(display.stdout) as { result: { id: string; username: string; apiVersion: string } };
    expect(json.result.username).to.equal(emulator.username);
    expect(json.result.id).to.equal(emulator.orgId);
  });

  it('a broken file fails with the component error and persists nothing', async () => {
    const dir = join(home, 'broken');
    writeProject(dir, true);
    const run = await sf(['project', 'deploy', 'start', '--source-dir', 'force-app', '--target-org', 'emu', '--json'], env, dir);
    timings.deployBroken = run.ms;
    expect(run.code).to.equal(1);
    expect(run.stdout).to.contain("'EveryoneWelcome' is not a valid value for the enum 'PermittedUsersPolicyType'");
    expect(emulator.org.components()).to.have.length(0);
  });

  it('sf project deploy start succeeds with the five components', async () => {
    const dir = join(home, 'proj');
    writeProject(dir);
    const run = await sf(['project', 'deploy', 'start', '--source-dir', 'force-app', '--target-org', 'emu', '--json'], env, dir);
    timings.deploy = run.ms;
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    const json = JSON.parse(run.stdout) as { result: { status: string; success: boolean; files: Array<{ type: string; state: string }> } };
    expect(json.result.status).to.equal('Succeeded');
    expect(json.result.files.filter((f) => f.state === 'Created')).to.have.length(5);
    expect(emulator.org.components()).to.have.length(5);
  });

  it('sf project retrieve start returns the deployed app with the consumer key and no usable secret', async () => {
    const dir = join(home, 'retrieve');
    mkdirSync(join(dir, 'force-app'), { recursive: true });
    writeFileSync(join(dir, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '66.0' }));
    const types = ['ExternalClientApplication', 'ExtlClntAppOauthSettings', 'ExtlClntAppGlobalOauthSettings', 'ExtlClntAppOauthConfigurablePolicies', 'ExtlClntAppConfigurablePolicies'];
    const run = await sf(['project', 'retrieve', 'start', '--metadata', ...types, '--target-org', 'emu', '--json'], env, dir);
    timings.retrieve = run.ms;
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    const base = join(dir, 'force-app/main/default');
    expect(readdirSync(base).sort()).to.deep.equal(['externalClientApps', 'extlClntAppGlobalOauthSets', 'extlClntAppOauthPolicies', 'extlClntAppOauthSettings', 'extlClntAppPolicies']);
    const global = readFileSync(join(base, `extlClntAppGlobalOauthSets/${APP}_glbloauth.ecaGlblOauth-meta.xml`), 'utf8');
    const consumer = emulator.org.consumerForApp(APP)!;
    expect(global).to.contain(`<consumerKey>${consumer.key}</consumerKey>`);
    expect(global).to.not.contain(consumer.secret);
    const oauth = readFileSync(join(base, `extlClntAppOauthSettings/${APP}_oauth.ecaOauth-meta.xml`), 'utf8');
    expect(oauth).to.contain('<commaSeparatedOauthScopes>Full, Api, RefreshToken</commaSeparatedOauthScopes>');
  });
});

if (!installed) {
  describe('real sf CLI against the emulator', () => {
    it('skipped: sf CLI not installed (run scripts/install-sf-cli.sh)', function () {
      this.skip();
    });
  });
}
