import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Emulator, startEmulator } from '../../emulator/index.js';
import { saveEmulatorAuth } from '../../emulator/login.js';
import { FIELD_DIR, fieldCases } from '../emulator/field-files.js';
import { OFFLINE_ENV } from '../helpers/emulator-org.js';
import { SF, SfRun, sf as runSf } from '../helpers/sf-cli.js';

const ALIAS = 'case-org';

type Run = SfRun;

const json = <T>(r: Run): T => JSON.parse(r.stdout) as T;

/** The path of a retrieved file, wherever under the output folder sf put it. */
function found(folder: string, name: string): string {
  const hit = readdirSync(folder, { recursive: true, encoding: 'utf8' }).find((entry) => entry.endsWith(name));
  if (!hit) throw new Error(`${name} not retrieved under ${folder}`);
  return join(folder, hit);
}

/** The field cases (../shared/cases/field, copied to test/fixtures/field) through the real sf CLI, as their cmd.txt runs them. */
(existsSync(SF) ? describe : describe.skip)('field cases through the real sf CLI (emulator)', function () {
  this.timeout(180_000);
  let emulator: Emulator;
  let home: string;
  let env: Record<string, string>;
  const sf = (args: string[], cwd = home): Promise<Run> => runSf(args, env, cwd);

  /** A copy of a case folder (sfdx-project.json + force-app), ids of the org it came from removed. */
  function caseCopy(name: string): string {
    const dir = join(home, name);
    cpSync(join(FIELD_DIR, name), dir, { recursive: true });
    const strip = (folder: string): void => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const file = join(folder, entry.name);
        if (entry.isDirectory()) strip(file);
        else writeFileSync(file, readFileSync(file, 'utf8').replace(/\s*<(orgScopedExternalApp|oauthLink|consumerKey)>[^<]*<\/\1>/g, ''));
      }
    };
    strip(join(dir, 'force-app'));
    return dir;
  }

  before(async () => {
    emulator = await startEmulator({ deployProcessingMs: 100 });
    home = mkdtempSync(join(tmpdir(), 'sf-field-'));
    env = { ...OFFLINE_ENV, HOME: home, SF_LOG_LEVEL: 'warn' };
    await saveEmulatorAuth({ emulator, alias: ALIAS, homeDir: home });
  });
  after(async () => {
    await emulator.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('deploys every real-world file set without a refusal', async () => {
    for (const name of fieldCases()) {
      const deploy = await sf(['project', 'deploy', 'start', '--source-dir', 'force-app', '--target-org', ALIAS, '--json'], caseCopy(name));
      expect(deploy.code, `${name}: ${deploy.stdout.slice(0, 2000)}`).to.equal(0);
    }
  });

  it('emulator-no-default-oauth-policy: the org generates <OAuthSettingsName>_defaultPolicy, listed and retrieved', async () => {
    const list = await sf(['org', 'list', 'metadata', '-m', 'ExtlClntAppOauthConfigurablePolicies', '--target-org', ALIAS, '--json']);
    expect(list.code, list.stderr).to.equal(0);
    expect(json<{ result: Array<{ fullName: string }> }>(list).result.map((m) => m.fullName)).to.include('No_Policy_AppSettings_defaultPolicy');
    // sf wants the output folder inside the project.
    const out = join(home, 'emulator-no-default-oauth-policy', 'retr');
    const retrieve = await sf(
      ['project', 'retrieve', 'start', '-m', 'ExtlClntAppOauthConfigurablePolicies:No_Policy_AppSettings_defaultPolicy', '--target-org', ALIAS, '--output-dir', 'retr', '--json'],
      join(home, 'emulator-no-default-oauth-policy')
    );
    expect(retrieve.code, retrieve.stdout.slice(0, 2000)).to.equal(0);
    const file = readFileSync(found(out, 'No_Policy_AppSettings_defaultPolicy.ecaOauthPlcy-meta.xml'), 'utf8');
    for (const element of ['<permittedUsersPolicyType>AllSelfAuthorized<', '<refreshTokenPolicyType>SpecificLifetime<', '<refreshTokenValidityPeriod>365<', '<refreshTokenValidityUnit>Days<', '<requiredSessionLevel>STANDARD<']) {
      expect(file).to.contain(element);
    }
  });

  it('emulator-enum-case-relaxrefresh: retrieved in the org spelling', async () => {
    const out = join(home, 'emulator-enum-case-relaxrefresh', 'retr');
    const retrieve = await sf(
      ['project', 'retrieve', 'start', '-m', 'ExtlClntAppOauthConfigurablePolicies:Relax_Case_App_oauthPlcy', '--target-org', ALIAS, '--output-dir', 'retr', '--json'],
      join(home, 'emulator-enum-case-relaxrefresh')
    );
    expect(retrieve.code, retrieve.stdout.slice(0, 2000)).to.equal(0);
    expect(readFileSync(found(out, 'Relax_Case_App_oauthPlcy.ecaOauthPlcy-meta.xml'), 'utf8')).to.contain('<ipRelaxationPolicyType>Enforce_relaxrefresh<');
  });

  it('emulator-update-reports-unchanged: the changed header is reported Changed, the rest Unchanged', async () => {
    const dir = join(home, 'emulator-update-reports-unchanged');
    const header = join(dir, 'force-app/main/default/externalClientApps/Changed_Desc_App.eca-meta.xml');
    writeFileSync(header, readFileSync(header, 'utf8').replace('First description', 'Second description'));
    const deploy = await sf(['project', 'deploy', 'start', '--source-dir', 'force-app', '--target-org', ALIAS, '--json'], dir);
    expect(deploy.code, deploy.stdout.slice(0, 2000)).to.equal(0);
    const files = json<{ result: { files: Array<{ fullName: string; state: string }> } }>(deploy).result.files;
    const states = Object.fromEntries(files.map((f) => [f.fullName, f.state]));
    expect(states.Changed_Desc_App).to.equal('Changed');
    expect(states.Changed_Desc_App_oauthPlcy).to.equal('Unchanged');
    expect(emulator.org.field('ExternalClientApplication', 'Changed_Desc_App', 'description')).to.equal('Second description');
  });

  it('emulator-delete-source-ignored: sf project delete source really deletes', async () => {
    const del = await sf(['project', 'delete', 'source', '-m', 'ExtlClntAppOauthConfigurablePolicies:Changed_Desc_App_oauthPlcy', '--target-org', ALIAS, '--no-prompt', '--json'], join(home, 'emulator-update-reports-unchanged'));
    expect(del.code, del.stdout.slice(0, 2000)).to.equal(0);
    expect(emulator.org.component('ExtlClntAppOauthConfigurablePolicies', 'Changed_Desc_App_oauthPlcy')).to.equal(undefined);
    const list = await sf(['org', 'list', 'metadata', '-m', 'ExtlClntAppOauthConfigurablePolicies', '--target-org', ALIAS, '--json']);
    expect(json<{ result: Array<{ fullName: string }> }>(list).result.map((m) => m.fullName)).not.to.include('Changed_Desc_App_oauthPlcy');
  });

  describe('two emulators in one sf HOME (npm run emulator -- --login-alias)', () => {
    const started: ChildProcess[] = [];
    after(() => {
      for (const child of started) child.kill('SIGTERM');
    });

    function emulatorCli(alias: string, sfHome: string): Promise<string> {
      const child = spawn(process.execPath, ['--loader', 'ts-node/esm', '--no-warnings=ExperimentalWarning', 'emulator/cli.ts', '--port', '0', '--login-alias', alias], {
        env: { ...process.env, ...OFFLINE_ENV, HOME: sfHome, TS_NODE_TRANSPILE_ONLY: 'true' },
      });
      started.push(child);
      let out = '';
      return new Promise((done, fail) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('sf alias:')) done(out);
        });
        child.on('close', (code) => fail(new Error(`emulator exited ${String(code)}: ${out}`)));
      });
    }

    it('each gets its own usernames and org id; neither alias is taken over', async () => {
      const sfHome = mkdtempSync(join(tmpdir(), 'sf-two-'));
      const first = await emulatorCli('emu-a', sfHome);
      const second = await emulatorCli('emu-b', sfHome);
      const field = (text: string, name: string): string => new RegExp(`${name}: (\\S+)`).exec(text)![1];
      expect(field(first, 'username')).to.equal('admin@dropzone.emulator');
      expect(field(second, 'username')).to.not.equal(field(first, 'username'));
      expect(field(second, 'org id')).to.not.equal(field(first, 'org id'));
      for (const [alias, printed] of [['emu-a', first], ['emu-b', second]] as const) {
        const display = await runSf(['org', 'display', '--target-org', alias, '--json'], { ...OFFLINE_ENV, HOME: sfHome }, sfHome);
        expect(display.code, display.stderr).to.equal(0);
        const result = json<{ result: { instanceUrl: string; username: string } }>(display).result;
        expect(result.instanceUrl).to.equal(field(printed, 'instance url'));
        expect(result.username).to.equal(field(printed, 'username'));
      }
    });
  });
});
