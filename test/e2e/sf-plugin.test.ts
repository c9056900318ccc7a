import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { Emulator, startEmulator } from '../../emulator/index.js';
import { OFFLINE_ENV } from '../helpers/emulator-org.js';
import { SF, SfRun, sf } from '../helpers/sf-cli.js';

const PLUGIN = resolve('.');
const APP = 'SendSafely_Dropzone_Connector';

type Run = SfRun;

const json = <T>(run: Run): T => JSON.parse(run.stdout) as T;
const ready = existsSync(SF) && existsSync(resolve('lib/commands/dropzone/app/create.js'));

/** Packs the built plugin as npm publishes it; returns the tarball's path. */
function pack(into: string): string {
  mkdirSync(into, { recursive: true });
  const packed = spawnSync('npm', ['pack', '--silent', '--pack-destination', into], { cwd: PLUGIN, encoding: 'utf8' });
  expect(packed.status, packed.stderr).to.equal(0);
  const tarball = readdirSync(into).find((file) => file.endsWith('.tgz'));
  expect(tarball, packed.stdout).to.be.a('string');
  return join(into, tarball!);
}

/**
 * Puts the plugin into sf the way users do: `sf plugins install file:<tarball>` (what a user of a published release
 * gets: production dependencies resolved by npm, no devDependencies) or `sf plugins link` (a checkout).
 */
async function addPlugin(mode: 'installed' | 'linked', env: Record<string, string>, home: string): Promise<void> {
  if (mode === 'linked') {
    const link = await sf(['plugins', 'link', PLUGIN, '--no-install'], env, home);
    expect(link.code, link.stderr).to.equal(0);
    return;
  }
  const source = `file:${pack(join(home, 'pack'))}`;
  // An unsigned plugin is installed without a prompt only when allow-listed, by the name it is installed under.
  mkdirSync(join(home, '.config', 'sf'), { recursive: true });
  writeFileSync(join(home, '.config', 'sf', 'unsignedPluginAllowList.json'), JSON.stringify([source]));
  const install = await sf(['plugins', 'install', source], env, home);
  expect(install.code, install.stdout + install.stderr).to.equal(0);
}

for (const mode of ['linked', 'installed'] as const) {
  /** The plugin the way users run it, inside the real Salesforce CLI, next to sf's own deploy and retrieve. */
  (ready ? describe : describe.skip)(`the plugin ${mode} into the real sf CLI, against the emulator`, function () {
    this.timeout(240_000);
    let emulator: Emulator;
    let home: string;
    let project: string;
    let env: Record<string, string>;

    before(async () => {
      emulator = await startEmulator({ deployProcessingMs: 200 });
      home = mkdtempSync(join(tmpdir(), `sf-plugin-${mode}-`));
      project = join(home, 'project');
      env = { ...OFFLINE_ENV, HOME: home, SF_ACCESS_TOKEN: emulator.accessToken, SF_LOG_LEVEL: 'warn' };
      await addPlugin(mode, env, home);
      const login = await sf(['org', 'login', 'access-token', '--instance-url', emulator.instanceUrl, '--no-prompt', '--alias', 'emu'], env, home);
      expect(login.code, login.stderr).to.equal(0);
      mkdirSync(join(project, 'force-app', 'main', 'default'), { recursive: true });
      writeFileSync(join(project, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '66.0' }));
    });
    after(async () => {
      await emulator?.stop();
      rmSync(home, { recursive: true, force: true });
    });

    it('sf runs its commands from this plugin, from where it was put', async () => {
      const which = await sf(['which', 'dropzone', 'app', 'create', '--json'], env, home);
      expect(which.code, which.stderr).to.equal(0);
      expect(which.stdout).to.contain('plugin-dropzone');
      const plugins = await sf(['plugins', '--json'], env, home);
      type Listed = { name: string; type: string; root: string };
      const listed = json<Listed[] | { result: Listed[] }>(plugins);
      const ours = (Array.isArray(listed) ? listed : listed.result).find((plugin) => plugin.name === 'plugin-dropzone');
      expect(ours?.type).to.equal(mode === 'linked' ? 'link' : 'user');
      expect(ours?.root === PLUGIN).to.equal(mode === 'linked');
    });

    it('generate writes into the project, and sf project deploy start deploys it as it is', async () => {
      const generate = await sf(['dropzone', 'app', 'generate', '--contact-email', 'admin@example.com', '--json'], env, project);
      expect(generate.code, generate.stderr).to.equal(0);
      expect(json<{ result: { outputDir: string } }>(generate).result.outputDir).to.equal(join(project, 'force-app', 'main', 'default'));
      const deploy = await sf(['project', 'deploy', 'start', '--source-dir', 'force-app', '--target-org', 'emu', '--json'], env, project);
      expect(deploy.code, deploy.stdout).to.equal(0);
      expect(json<{ result: { files: unknown[] } }>(deploy).result.files).to.have.length(5);
      expect(emulator.org.components().length).to.be.at.least(5);
    });

    it('validate finds the deployed app compliant, and create finds it up to date', async () => {
      const validate = await sf(['dropzone', 'app', 'validate', '--target-org', 'emu', '--json'], env, project);
      expect(validate.code, validate.stdout).to.equal(0);
      expect(json<{ result: { compliant: boolean } }>(validate).result.compliant).to.equal(true);
      const create = await sf(['dropzone', 'app', 'create', '--target-org', 'emu', '--contact-email', 'admin@example.com', '--json'], env, project);
      expect(create.code, create.stdout).to.equal(0);
      const result = json<{ result: { status: string; consumerKey: string } }>(create).result;
      expect(result.status).to.equal('up-to-date');
      expect(result.consumerKey).to.equal(emulator.org.consumerForApp(APP)!.key);
    });

    it('credentials hands over the consumer key and keeps the secret out of the output', async () => {
      const consumer = emulator.org.consumerForApp(APP)!;
      const credentials = await sf(['dropzone', 'app', 'credentials', '--target-org', 'emu', '--json'], env, project);
      expect(credentials.code, credentials.stdout + credentials.stderr).to.equal(0);
      const result = json<{ result: { consumerKey: string; secretShown: boolean } }>(credentials).result;
      expect(result.consumerKey).to.equal(consumer.key);
      expect(result.secretShown).to.equal(false);
      expect(credentials.stdout + credentials.stderr).not.to.contain(consumer.secret);
    });

    it('verify-login gets a refresh token through the app and refreshes it, approved at the code it prints', async () => {
      let approved = false;
      const verify = await sf(
        ['dropzone', 'app', 'verify-login', '--target-org', 'emu', '--login-url', emulator.instanceUrl, '--no-browser', '--timeout', '60', '--json'],
        env,
        project,
        (text) => {
          const code = /enter the code ([A-Z0-9]+)/.exec(text)?.[1];
          if (code && !approved) {
            approved = true;
            emulator.approveDeviceCode(code);
          }
        }
      );
      expect(approved, verify.stderr).to.equal(true);
      expect(verify.code, verify.stdout + verify.stderr).to.equal(0);
      expect(json<{ result: { passed: boolean } }>(verify).result.passed).to.equal(true);
      const tokens = [...emulator.org.data.accessTokens, ...emulator.org.data.refreshTokens];
      for (const token of tokens.filter((issued) => issued.clientId === emulator.org.consumerForApp(APP)!.key)) {
        expect(verify.stdout + verify.stderr).not.to.contain(token.token);
      }
    });

    it('validate --source-dir accepts what sf project retrieve start brings back', async () => {
      const retrieveDir = join(project, 'retrieved');
      const retrieve = await sf(
        ['project', 'retrieve', 'start', '--metadata', `ExternalClientApplication:${APP}`, 'ExtlClntAppOauthSettings', 'ExtlClntAppGlobalOauthSettings',
          'ExtlClntAppOauthConfigurablePolicies', 'ExtlClntAppConfigurablePolicies', '--target-org', 'emu', '--output-dir', retrieveDir, '--json'],
        env,
        project
      );
      expect(retrieve.code, retrieve.stdout).to.equal(0);
      const validate = await sf(['dropzone', 'app', 'validate', '--source-dir', retrieveDir, '--json'], env, project);
      expect(validate.code, validate.stdout).to.equal(0);
      expect(json<{ result: { compliant: boolean } }>(validate).result.compliant).to.equal(true);
    });
  });
}
