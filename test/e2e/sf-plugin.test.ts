import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { Emulator, startEmulator } from '../../emulator/index.js';
import { OFFLINE_ENV } from '../helpers/emulator-org.js';

const SF = resolve('.tmp/sf-cli/node_modules/.bin/sf');
const PLUGIN = resolve('.');
const APP = 'SendSafely_Dropzone_Connector';

type Run = { code: number; stdout: string; stderr: string };

/** Spawns sf asynchronously: a synchronous spawn would block the in-process emulator and deadlock. */
function sf(args: string[], env: Record<string, string>, cwd: string): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(SF, args, { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

const json = <T>(run: Run): T => JSON.parse(run.stdout) as T;
const ready = existsSync(SF) && existsSync(resolve('lib/commands/dropzone/app/create.js'));

/** The plugin the way users run it: linked into the real Salesforce CLI, next to sf's own deploy and retrieve. */
(ready ? describe : describe.skip)('the plugin inside the real sf CLI, against the emulator', function () {
  this.timeout(180_000);
  let emulator: Emulator;
  let home: string;
  let project: string;
  let env: Record<string, string>;

  before(async () => {
    emulator = await startEmulator({ deployProcessingMs: 200 });
    home = mkdtempSync(join(tmpdir(), 'sf-plugin-e2e-'));
    project = join(home, 'project');
    env = { ...OFFLINE_ENV, HOME: home, SF_ACCESS_TOKEN: emulator.accessToken, SF_LOG_LEVEL: 'warn' };
    const link = await sf(['plugins', 'link', PLUGIN, '--no-install'], env, home);
    expect(link.code, link.stderr).to.equal(0);
    const login = await sf(['org', 'login', 'access-token', '--instance-url', emulator.instanceUrl, '--no-prompt', '--alias', 'emu'], env, home);
    expect(login.code, login.stderr).to.equal(0);
    mkdirSync(join(project, 'force-app', 'main', 'default'), { recursive: true });
    writeFileSync(join(project, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '66.0' }));
  });
  after(async () => {
    await emulator?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('sf names this plugin for its commands', async () => {
    const which = await sf(['which', 'dropzone', 'app', 'create', '--json'], env, home);
    expect(which.code, which.stderr).to.equal(0);
    expect(which.stdout).to.contain('plugin-dropzone');
  });

  it('generate writes into the project, and sf project deploy start deploys it as it is', async () => {
    const generate = await sf(['dropzone', 'app', 'generate', '--contact-email', 'admin@example.com', '--json'], env, project);
    expect(generate.code, generate.stderr).to.equal(0);
    expect(json<{ result: { outputDir: string } }>(generate).result.outputDir).to.equal(join(project, 'force-app', 'main', 'default'));
    const deploy = await sf(['project', 'deploy', 'start', '--source-dir', 'force-app', '--target-org', 'emu', '--json'], env, project);
    expect(deploy.code, deploy.stdout).to.equal(0);
    expect(json<{ result: { files: unknown[] } }>(deploy).result.files).to.have.length(5);
    expect(emulator.org.components()).to.have.length(5);
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
