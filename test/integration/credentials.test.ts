import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import sinon from 'sinon';
import { SfError } from '@salesforce/core/sfError';
import { SfCommand, stubSfCommandUx } from '@salesforce/sf-plugins-core';
import AppCredentials, { AppCredentialsResult } from '../../src/commands/dropzone/app/credentials.js';
import { JsonSchema, validateJson } from '../helpers/json-schema.js';
import { OFFLINE_ENV, createDefaultApp, useEmulatorOrg } from '../helpers/emulator-org.js';

const APP = 'SendSafely_Dropzone_Connector';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const schema = JSON.parse(await fs.readFile(path.join(ROOT, 'schemas', 'dropzone-app-credentials.json'), 'utf8')) as JsonSchema;

type Run = {
  result?: AppCredentialsResult;
  error?: SfError;
  exitCode: number;
  /** Everything the command wrote: log, warn, info, logJson, table, styled output. */
  output: string;
  warnings: string[];
  json?: { status: number; result: AppCredentialsResult; warnings: unknown[] };
};

describe('sf dropzone app credentials (emulator)', function () {
  this.timeout(120_000);
  let env: Awaited<ReturnType<typeof useEmulatorOrg>>;
  let sandbox: sinon.SinonSandbox;
  let ux: ReturnType<typeof stubSfCommandUx>;
  let confirm: sinon.SinonStub;
  let key: string;
  let secret: string;
  let tmp: string;

  before(async () => {
    env = await useEmulatorOrg();
    await createDefaultApp(env.alias);
    const consumer = env.emulator.org.consumerForApp(APP)!;
    key = consumer.key;
    secret = consumer.secret;
    tmp = await fs.mkdtemp(path.join(env.home, 'out-'));
  });
  after(async () => {
    await env.restore();
  });
  beforeEach(() => {
    sandbox = sinon.createSandbox();
    ux = stubSfCommandUx(sandbox);
    confirm = sandbox.stub(SfCommand.prototype, 'confirm');
  });
  afterEach(() => {
    sandbox.restore();
    process.exitCode = undefined;
  });

  const allText = (): string =>
    Object.values(ux)
      .flatMap((stub) => (stub as sinon.SinonStub).getCalls?.() ?? [])
      .map((call) => JSON.stringify(call.args))
      .join('\n');

  async function run(args: string[]): Promise<Run> {
    process.exitCode = undefined;
    const finish = (partial: Omit<Run, 'output' | 'warnings' | 'json'>): Run => ({
      ...partial,
      output: allText(),
      warnings: ux.warn.getCalls().map((call) => JSON.stringify(call.args)),
      json: ux.logJson.firstCall?.args[0] as Run['json'],
    });
    try {
      const result = await AppCredentials.run(['--target-org', env.alias, ...args]);
      return finish({ result, exitCode: Number(process.exitCode ?? 0) });
    } catch (error) {
      return finish({ error: error as SfError, exitCode: Number((error as SfError).exitCode ?? 1) });
    } finally {
      process.exitCode = undefined;
    }
  }

  /** Changes the org as an admin would in Setup, for one test. */
  async function withOrgChange(change: () => () => void, body: () => Promise<void>): Promise<void> {
    const undo = change();
    try {
      await body();
    } finally {
      undo();
    }
  }

  const setting = (value: boolean) => (): (() => void) => {
    const settings = env.emulator.org.settings;
    const old = settings.enableClientSecretInRestApiAccess;
    settings.enableClientSecretInRestApiAccess = value;
    return () => {
      settings.enableClientSecretInRestApiAccess = old;
    };
  };

  const withoutPermissions = (...names: string[]) => (): (() => void) => {
    const set = env.emulator.org.data.permissionSets.find((candidate) => candidate.name === 'ECA_Developer')!;
    const old = [...set.permissions];
    set.permissions = set.permissions.filter((permission) => !names.includes(permission));
    return () => {
      set.permissions = old;
    };
  };

  const distribution = (state: string) => (): (() => void) => {
    const header = env.emulator.org.component('ExternalClientApplication', APP)!;
    const old = header.fields.distributionState;
    header.fields.distributionState = state;
    return () => {
      header.fields.distributionState = old;
    };
  };

  it('shows the key and the next step; never asks for the secret; JSON has secretShown false and no secret', async () => {
    const before = env.emulator.requests.length;
    const { result, json, output, exitCode } = await run(['--json']);
    expect(exitCode).to.equal(0);
    expect(result).to.include({ name: APP, consumerKey: key, keySource: 'rest', secretShown: false });
    expect(result).not.to.have.property('consumerSecret');
    expect(result).not.to.have.property('secretFile');
    expect(validateJson(json!.result, schema)).to.deep.equal([]);
    expect(output).not.to.contain(secret);
    expect(confirm.called).to.equal(false);
    const credentialRequests = env.emulator.requests.slice(before).filter((entry) => entry.path.includes('/apps/oauth/credentials/'));
    expect(credentialRequests.length).to.equal(2);
  });

  it('human output: the key on its own line, then how to get the secret and the smoke test', async () => {
    const { output } = await run([]);
    const lines = ux.log.getCalls().map((call) => String(call.args[0]));
    expect(lines).to.include(key);
    expect(output).to.contain('--show-secret').and.contain('sf dropzone app verify-login --target-org');
    expect(output).not.to.contain(secret);
  });

  it('--show-secret asks first; accepted, the secret is shown and returned', async () => {
    confirm.resolves(true);
    const { result, exitCode } = await run(['--show-secret']);
    expect(exitCode).to.equal(0);
    expect(confirm.calledOnce).to.equal(true);
    expect((confirm.firstCall.args[0] as { message: string }).message).to.contain(APP);
    expect(result).to.include({ secretShown: true, consumerSecret: secret, consumerKey: key });
    expect(ux.log.getCalls().map((call) => String(call.args[0]))).to.include(secret);
    expect(validateJson(result, schema)).to.deep.equal([]);
  });

  it('--show-secret declined: the secret is never requested, the key still shown, exit 0', async () => {
    confirm.resolves(false);
    const before = env.emulator.requests.length;
    const { result, output, exitCode } = await run(['--show-secret']);
    expect(exitCode).to.equal(0);
    expect(result).to.include({ secretShown: false, consumerKey: key });
    expect(result).not.to.have.property('consumerSecret');
    expect(output).not.to.contain(secret);
    expect(output).to.contain('not shown');
    // The secret refusal path would have retrieved the app: a declined prompt reads only the key.
    expect(env.emulator.requests.slice(before).some((entry) => entry.soapOperation === 'retrieve')).to.equal(false);
  });

  it('--show-secret --no-prompt: no prompt, a security warning, the secret shown', async () => {
    const { result, warnings } = await run(['--show-secret', '--no-prompt']);
    expect(confirm.called).to.equal(false);
    expect(result).to.include({ secretShown: true, consumerSecret: secret });
    expect(warnings.join('\n')).to.contain('Treat it like a password');
  });

  it('--show-secret --json: no prompt, the warning in the JSON envelope, schema-valid', async () => {
    const { json, warnings } = await run(['--show-secret', '--json']);
    expect(confirm.called).to.equal(false);
    expect(json!.result).to.include({ secretShown: true, consumerSecret: secret });
    // In process the warn() stub keeps it out of the envelope; the bin/run.js test below checks the envelope.
    expect(warnings.join('\n')).to.contain('Treat it like a password');
    expect(validateJson(json!.result, schema)).to.deep.equal([]);
  });

  it('--output-file: a new 0600 file holds the secret; not printed, not in JSON; no overwrite without --force', async () => {
    const target = path.join(tmp, 'secret.txt');
    const first = await run(['--show-secret', '--output-file', target, '--json']);
    expect(first.exitCode).to.equal(0);
    expect(confirm.called).to.equal(false);
    expect(await fs.readFile(target, 'utf8')).to.equal(`${secret}\n`);
    if (process.platform !== 'win32') expect((await fs.stat(target)).mode & 0o777).to.equal(0o600);
    expect(first.result).to.include({ secretShown: false, secretFile: target });
    expect(first.result).not.to.have.property('consumerSecret');
    expect(first.output).not.to.contain(secret);
    expect(validateJson(first.json!.result, schema)).to.deep.equal([]);

    const again = await run(['--show-secret', '--output-file', target]);
    expect(again.exitCode).to.equal(2);
    expect(again.error!.name).to.equal('OutputFileExistsError');
    expect(again.error!.actions!.join('\n')).to.contain('--force');

    await fs.writeFile(target, 'stale');
    const forced = await run(['--show-secret', '--output-file', target, '--force']);
    expect(forced.exitCode).to.equal(0);
    expect(await fs.readFile(target, 'utf8')).to.equal(`${secret}\n`);
    expect(forced.output).not.to.contain(secret);
  });

  it('--output-file refuses a symbolic link (even with --force), a directory, a missing folder: exit 2, nothing read', async () => {
    const victim = path.join(tmp, 'victim.txt');
    await fs.writeFile(victim, 'precious');
    const link = path.join(tmp, 'link.txt');
    await fs.symlink(victim, link);
    const before = env.emulator.requests.length;
    for (const [target, name] of [
      [link, 'OutputFileIsLinkError'],
      [tmp, 'OutputFileIsDirectoryError'],
      [path.join(tmp, 'missing', 'secret.txt'), 'OutputFileNoFolderError'],
    ]) {
      const { error, exitCode } = await run(['--show-secret', '--output-file', target, '--force']);
      expect(exitCode, name).to.equal(2);
      expect(error!.name).to.equal(name);
    }
    expect(await fs.readFile(victim, 'utf8')).to.equal('precious');
    expect(env.emulator.requests.length).to.equal(before);
  });

  it('--no-prompt alone (a script passing it always) reads only the key', async () => {
    const { result, output, exitCode } = await run(['--no-prompt']);
    expect(exitCode).to.equal(0);
    expect(result).to.include({ secretShown: false, consumerKey: key });
    expect(output).not.to.contain(secret);
  });

  it('--output-file without --show-secret is refused by the parser', async () => {
    const { exitCode, error } = await run(['--output-file', path.join(tmp, 'x.txt')]);
    expect(exitCode).to.equal(2);
    expect(error!.message).to.contain('--show-secret');
  });

  it('REST access to secrets off: names the Setup switch and the metadata setting; exit 1; the key alone still works', async () => {
    await withOrgChange(setting(false), async () => {
      const { error, exitCode, output, warnings } = await run(['--show-secret', '--no-prompt']);
      expect(exitCode).to.equal(1);
      expect(error!.name).to.equal('RestSecretAccessOffError');
      expect(warnings.join('\n'), 'no "the secret is in this output" warning when it is not').not.to.contain('Treat it like a password');
      expect((error!.data as { reason: string }).reason).to.equal('rest-secret-access-off');
      expect(error!.actions!.join('\n'))
        .to.contain('Setup → External Client App Settings → "Allow access to External Client App consumer secrets via REST API"')
        .and.contain('ExternalClientAppSettings.enableClientSecretInRestApiAccess');
      expect(output + error!.message).not.to.contain(secret);
      const keyOnly = await run([]);
      expect(keyOnly.result).to.include({ consumerKey: key });
    });
  });

  it('View Client Secret missing: names exactly that permission', async () => {
    await withOrgChange(withoutPermissions('ViewClientSecret'), async () => {
      const { error, exitCode } = await run(['--show-secret', '--no-prompt']);
      expect(exitCode).to.equal(1);
      expect(error!.name).to.equal('MissingPermissionsError');
      expect((error!.data as { missingPermissions: string[] }).missingPermissions).to.deep.equal(['ViewClientSecret']);
      expect(error!.actions!.join('\n')).to.contain('View External Client App Consumer Secrets (ViewClientSecret)');
    });
  });

  it('External Client App Developer missing: names that permission (the org message is precise)', async () => {
    await withOrgChange(withoutPermissions('ExternalClientAppDeveloper'), async () => {
      const { error } = await run(['--show-secret', '--no-prompt']);
      expect(error!.name).to.equal('MissingPermissionsError');
      expect((error!.data as { missingPermissions: string[] }).missingPermissions).to.deep.equal(['ExternalClientAppDeveloper']);
    });
  });

  it('no ECA permission at all: the key-only read falls back to the retrieved Global settings, with a warning', async () => {
    await withOrgChange(withoutPermissions('ExternalClientAppViewer', 'ExternalClientAppAdmin', 'ExternalClientAppDeveloper', 'ViewClientSecret'), async () => {
      const { result, warnings } = await run([]);
      expect(result).to.include({ consumerKey: key, keySource: 'metadata', consumerId: '' });
      expect(warnings.join('\n')).to.contain('read from the app').and.contain('Insufficient privileges');
      const withSecret = await run(['--show-secret', '--no-prompt']);
      expect(withSecret.error!.name).to.equal('MissingPermissionsError');
      expect((withSecret.error!.data as { missingPermissions: string[] }).missingPermissions).to.deep.equal(['ExternalClientAppDeveloper', 'ViewClientSecret']);
    });
  });

  it('a packaged (non-Local) app: says the REST resources serve only Local apps', async () => {
    await withOrgChange(distribution('Packaged'), async () => {
      const { error, exitCode } = await run(['--show-secret', '--no-prompt']);
      expect(exitCode).to.equal(1);
      expect(error!.name).to.equal('PackagedAppError');
      expect(error!.actions!.join('\n')).to.contain('External Client App Manager');
    });
  });

  it('an app that does not exist: points to sf dropzone app create', async () => {
    const { error, exitCode } = await run(['--name', 'No_Such_App']);
    expect(exitCode).to.equal(1);
    expect(error!.name).to.equal('AppNotFoundError');
    expect(error!.actions!.join('\n')).to.contain(`sf dropzone app create --name No_Such_App --target-org ${env.emulator.username}`);
  });

  it('--api-version below 60.0 is bad input (exit 2)', async () => {
    const { error, exitCode } = await run(['--api-version', '59.0']);
    expect(exitCode).to.equal(2);
    expect(error!.name).to.equal('ApiVersionTooLowError');
  });

  describe('the secret in logs (bin/run.js, SF_LOG_LEVEL=trace, throwaway HOME)', () => {
    const bin = path.join(ROOT, 'bin', 'run.js');

    type Spawned = { code: number | null; stdout: string; stderr: string };
    const runBin = (args: string[]): Promise<Spawned> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [bin, 'dropzone', 'app', 'credentials', '--target-org', env.alias, ...args], {
          env: { ...process.env, ...OFFLINE_ENV, HOME: env.home, SF_LOG_LEVEL: 'trace', SF_LOG_STDERR: '', NODE_OPTIONS: '' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });

    async function logText(): Promise<string> {
      const dir = path.join(env.home, '.sf');
      const names = existsSync(dir) ? (await fs.readdir(dir)).filter((name) => name.endsWith('.log')) : [];
      return (await Promise.all(names.map((name) => fs.readFile(path.join(dir, name), 'utf8')))).join('\n');
    }

    before(function () {
      if (!existsSync(path.join(ROOT, 'lib', 'commands', 'dropzone', 'app', 'credentials.js'))) {
        throw new Error('lib/ is not built: run "npm run build" before these tests');
      }
    });

    it('trace logs are written, and hold the key request but never the secret, in every mode', async () => {
      const keyOnly = await runBin(['--json']);
      expect(keyOnly.code, keyOnly.stderr).to.equal(0);
      const file = path.join(tmp, 'bin-secret.txt');
      const toFile = await runBin(['--show-secret', '--output-file', file, '--json']);
      expect(toFile.code, toFile.stderr).to.equal(0);
      const shown = await runBin(['--show-secret', '--json']);
      expect(shown.code, shown.stderr).to.equal(0);
      let refused: Spawned | undefined;
      await withOrgChange(setting(false), async () => {
        refused = await runBin(['--show-secret', '--no-prompt']);
      });
      expect(refused!.code).to.equal(1);

      const logs = await logText();
      expect(logs, 'the trace log exists and records the credentials requests').to.contain('apps/oauth/credentials');
      expect(logs).not.to.contain(secret);
      for (const output of [keyOnly.stdout, keyOnly.stderr, toFile.stdout, toFile.stderr, refused!.stdout, refused!.stderr, shown.stderr]) {
        expect(output).not.to.contain(secret);
      }
      expect(keyOnly.stdout).to.contain(key);
      // The positive control: asked for with --json, the secret is in stdout (and only there).
      const envelope = JSON.parse(shown.stdout) as { result: AppCredentialsResult; warnings: unknown[] };
      expect(envelope.result.consumerSecret).to.equal(secret);
      expect(JSON.stringify(envelope.warnings)).to.contain('Treat it like a password');
      expect(await fs.readFile(file, 'utf8')).to.equal(`${secret}\n`);
    });
  });
});
