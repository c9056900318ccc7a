import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import sinon from 'sinon';
import { Org } from '@salesforce/core';
import { SfError } from '@salesforce/core/sfError';
import AppVerifyLogin, { AppVerifyLoginResult, VERIFY_LOGIN_EXIT } from '../../src/commands/dropzone/app/verify-login.js';
import { AppComponents, Component, FieldValue, SLOT_OF_KIND } from '../../src/metadata/components.js';
import { ComponentKind } from '../../src/metadata/kinds.js';
import { pollDeploy, startDeploy } from '../../src/org/deploy.js';
import { readDeployedApp } from '../../src/org/read-app.js';
import { JsonSchema, validateJson } from '../helpers/json-schema.js';
import { OFFLINE_ENV, createDefaultApp, useEmulatorOrg } from '../helpers/emulator-org.js';
import { quietCommandUx } from '../helpers/quiet-ux.js';

const APP = 'SendSafely_Dropzone_Connector';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const schema = JSON.parse(await fs.readFile(new URL('../../schemas/dropzone-app-verify-login.json', import.meta.url), 'utf8')) as JsonSchema;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type Run = { result?: AppVerifyLoginResult; error?: SfError; exitCode: number; output: string; userCode?: string };
type Person = (userCode: string) => void;

describe('sf dropzone app verify-login (emulator)', function () {
  this.timeout(120_000);
  const quiet = quietCommandUx({ spinner: false });
  let env: Awaited<ReturnType<typeof useEmulatorOrg>>;
  let compliant: AppComponents;

  before(async () => {
    // A fast poll interval keeps the device flow quick; the command follows whatever interval the host gives.
    env = await useEmulatorOrg({ fixture: { switches: { deviceCodeInterval: 0.2 } } });
    await createDefaultApp(env.alias);
    compliant = (await readDeployedApp(await connection(), APP))!.components;
  });
  after(async () => {
    await env.restore();
  });

  async function connection(): Promise<ReturnType<Org['getConnection']>> {
    return (await Org.create({ aliasOrUsername: env.alias })).getConnection();
  }

  const allText = (): string =>
    Object.values(quiet.ux)
      .flatMap((stub) => (stub as sinon.SinonStub).getCalls?.() ?? [])
      .map((call) => JSON.stringify(call.args))
      .join('\n');

  /** The user code, once the command has printed it. */
  const shownCode = (): string | undefined => /enter the code ([A-Z0-9]+)/.exec(allText())?.[1];

  /**
   * Runs the command in process while a "person" acts on the user code as soon as it is printed (approve, deny, or
   * nothing), as someone at the browser would.
   */
  async function run(args: string[], person?: Person): Promise<Run> {
    process.exitCode = undefined;
    const defaults = [
      ...(args.includes('--login-url') ? [] : ['--login-url', env.emulator.instanceUrl]),
      ...(args.includes('--timeout') ? [] : ['--timeout', '20']),
    ];
    const started = AppVerifyLogin.run(['--target-org', env.alias, '--no-browser', ...defaults, ...args]) as unknown as Promise<AppVerifyLoginResult>;
    const running = started.then(
      (result) => ({ result, exitCode: Number(process.exitCode ?? 0) }),
      (error: SfError) => ({ error, exitCode: Number(error.exitCode ?? 1) })
    );
    let userCode: string | undefined;
    if (person) {
      for (let attempt = 0; attempt < 400 && userCode === undefined; attempt++) {
        userCode = shownCode();
        if (userCode === undefined) await sleep(25);
      }
      if (userCode) person(userCode);
    }
    const outcome = await running;
    process.exitCode = undefined;
    return { ...outcome, output: allText(), userCode: userCode ?? shownCode() };
  }

  const approve: Person = (code) => env.emulator.approveDeviceCode(code);

  /** Every token the emulator issued to the app's consumer key. */
  function appTokens(): Array<{ token: string; valid: boolean }> {
    const key = env.emulator.org.consumerForApp(APP)!.key;
    return [...env.emulator.org.data.accessTokens, ...env.emulator.org.data.refreshTokens].filter((token) => token.clientId === key);
  }

  /** Deploys the app with some fields changed (as a drifted org would hold it), runs `body`, then redeploys it as created. */
  async function withDeployed(kind: ComponentKind, fields: Record<string, FieldValue>, body: () => Promise<void>): Promise<void> {
    const deploy = async (app: AppComponents): Promise<void> => {
      const conn = await connection();
      const id = await startDeploy(conn, { app, kinds: [kind], apiVersion: conn.getApiVersion(), checkOnly: false });
      const outcome = await pollDeploy(conn, id, { timeoutMs: 30_000, delaysMs: [50] });
      expect(outcome.success, JSON.stringify(outcome.componentFailures)).to.equal(true);
    };
    const slot = SLOT_OF_KIND[kind];
    const component = compliant[slot] as Component;
    const { consumerKey: _key, consumerSecret: _secret, ...all } = component.fields as Record<string, FieldValue>;
    // An org whose access lists add refuses a profile granted again (matrix variant regrant-profile-fails): none is sent.
    const { commaSeparatedProfile: _profiles, ...withoutProfiles } = all;
    const kept = env.emulator.org.fixture.switches.regrantProfileFails ? withoutProfiles : all;
    await deploy({ ...compliant, [slot]: { ...component, fields: { ...kept, ...fields } } });
    try {
      await body();
    } finally {
      await deploy({ ...compliant, [slot]: { ...component, fields: kept } });
    }
  }

  const causes = (result: AppVerifyLoginResult | undefined): string[] => (result?.diagnosis ?? []).filter((d) => d.severity === 'error').map((d) => d.cause);

  it('a compliant app passes: device flow approved, refreshed without the secret, every token revoked, none printed', async () => {
    const before = appTokens().length;
    const { result, exitCode, output, userCode } = await run([], approve);
    expect(exitCode, output).to.equal(0);
    expect(result!.passed).to.equal(true);
    expect(result!.steps).to.deep.equal([
      { name: 'read-key', status: 'passed' },
      { name: 'device-authorization', status: 'passed' },
      { name: 'user-approval', status: 'passed' },
      { name: 'refresh', status: 'passed' },
      { name: 'revoke', status: 'passed' },
    ]);
    expect(result).to.include({ userCode, loginUrl: env.emulator.instanceUrl, loginUrlSource: 'flag', refreshTokenIssued: true, tokensRevoked: true });
    expect(result!.verificationUrl).to.equal(`${env.emulator.instanceUrl}/setup/connect`);
    expect(result!.grantedScopes).to.deep.equal(['full', 'api', 'refresh_token']);
    expect(result!.diagnosis).to.deep.equal([]);
    expect(validateJson(result, schema)).to.deep.equal([]);

    const issued = appTokens().slice(before);
    expect(issued.length, 'an access and a refresh token from the device flow, an access token from the refresh').to.equal(3);
    expect(issued.every((token) => !token.valid), 'every token revoked').to.equal(true);
    for (const { token } of issued) expect(output).not.to.contain(token);
    expect(JSON.stringify(result)).not.to.contain(env.emulator.org.consumerForApp(APP)!.secret);
    expect(output).to.contain('revoked');
  });

  it('approved on the emulator\'s verification page, as a person would with the printed link: passes', async () => {
    let page: Promise<Response> | undefined;
    const { result, exitCode, userCode } = await run([], (code) => {
      page = fetch(`${env.emulator.instanceUrl}/setup/connect`, { method: 'POST', body: new URLSearchParams({ user_code: code, decision: 'approve' }) });
    });
    expect((await page!).status).to.equal(200);
    expect(exitCode, JSON.stringify(result?.failure)).to.equal(0);
    expect(result!.userCode).to.equal(userCode);
  });

  it('the refresh really goes without the client secret, to the token endpoint, after the device grant', async () => {
    const before = env.emulator.requests.length;
    await run([], approve);
    const oauth = env.emulator.requests.slice(before).filter((entry) => entry.path.startsWith('/services/oauth2/'));
    expect(oauth.map((entry) => entry.path).filter((p, i, all) => all.indexOf(p) === i)).to.deep.equal(['/services/oauth2/token', '/services/oauth2/revoke']);
    expect(oauth.filter((entry) => entry.path === '/services/oauth2/revoke').length).to.equal(3);
  });

  it('--json: the code goes to stderr while waiting; the result has the steps and no token', async () => {
    const written: string[] = [];
    const realWrite = process.stderr.write.bind(process.stderr);
    quiet.sandbox.stub(process.stderr, 'write').callsFake((chunk: string | Uint8Array, ...rest: unknown[]) => {
      written.push(String(chunk));
      return /enter the code/.test(String(chunk)) ? true : realWrite(chunk, ...(rest as []));
    });
    const running = AppVerifyLogin.run(['--target-org', env.alias, '--login-url', env.emulator.instanceUrl, '--no-browser', '--json']);
    let code: string | undefined;
    for (let attempt = 0; attempt < 400 && !code; attempt++) {
      code = /enter the code ([A-Z0-9]+)/.exec(written.join(''))?.[1];
      if (!code) await sleep(25);
    }
    env.emulator.approveDeviceCode(code!);
    const result = await running;
    const json = quiet.ux.logJson.firstCall.args[0] as { status: number; result: AppVerifyLoginResult };
    expect(json.status).to.equal(0);
    expect(json.result.userCode).to.equal(code);
    expect(validateJson(json.result, schema)).to.deep.equal([]);
    expect(result.passed).to.equal(true);
  });

  it('secret required for the refresh token flow: fails at the refresh, diagnosed from the answer and the setting', async () => {
    await withDeployed('ExtlClntAppGlobalOauthSettings', { isSecretRequiredForRefreshToken: true }, async () => {
      const { result, exitCode } = await run([], approve);
      expect(exitCode).to.equal(3);
      expect(result!.passed).to.equal(false);
      expect(result!.failure).to.deep.include({ step: 'refresh', code: 'invalid_client' });
      expect(causes(result)).to.deep.equal(['secret-required-for-refresh']);
      expect(result!.diagnosis[0]).to.include({ requirement: 'refresh-secret-off', found: 'true' });
      expect(result!.diagnosis[0].action).to.contain('Uncheck "Require Secret for Refresh Token Flow"');
      expect(result!.tokensRevoked).to.equal(true);
      expect(validateJson(result, schema)).to.deep.equal([]);
    });
  });

  it('PKCE required: the refresh token dies at once (invalid_grant), diagnosed as PKCE', async () => {
    await withDeployed('ExtlClntAppGlobalOauthSettings', { isPkceRequired: true }, async () => {
      const { result, exitCode } = await run([], approve);
      if (!env.emulator.org.fixture.switches.pkceBreaksDeviceFlowRefresh) {
        // The fidelity matrix's pkce-keeps-refresh: an org where PKCE does not break the refresh lets the login pass.
        expect(exitCode).to.equal(0);
        expect(result!.passed).to.equal(true);
        return;
      }
      expect(exitCode).to.equal(3);
      expect(result!.failure).to.deep.include({ step: 'refresh', code: 'invalid_grant' });
      expect(causes(result)).to.deep.equal(['pkce-required']);
    });
  });

  it('refresh token policy Zero: diagnosed as the refresh policy', async () => {
    await withDeployed('ExtlClntAppOauthConfigurablePolicies', { refreshTokenPolicyType: 'Zero' }, async () => {
      const { result } = await run([], approve);
      expect(result!.failure).to.deep.include({ step: 'refresh', code: 'invalid_grant' });
      expect(causes(result)).to.deep.equal(['refresh-policy']);
      expect(result!.diagnosis[0].found).to.equal('Zero');
    });
  });

  it('a refresh policy that expires later passes, with a warning that the connector will lose access', async () => {
    await withDeployed(
      'ExtlClntAppOauthConfigurablePolicies',
      { refreshTokenPolicyType: 'SpecificLifetime', refreshTokenValidityPeriod: 1, refreshTokenValidityUnit: 'Hours' },
      async () => {
        const { result, exitCode } = await run([], approve);
        expect(exitCode).to.equal(0);
        expect(result!.diagnosis.map((d) => [d.cause, d.severity, d.found])).to.deep.equal([['refresh-policy', 'warning', 'SpecificLifetime (1 Hours)']]);
        expect(quiet.ux.warn.called).to.equal(true);
      }
    );
  });

  it('the approving user is not pre-authorized: invalid_app_access, naming who is', async () => {
    const { result, exitCode } = await run([], (code) => env.emulator.approveDeviceCode(code, 'user@dropzone.emulator'));
    expect(exitCode).to.equal(3);
    expect(result!.failure).to.deep.include({ step: 'user-approval', code: 'invalid_app_access' });
    expect(causes(result)).to.deep.equal(['user-not-pre-authorized']);
    expect(result!.diagnosis[0].found).to.equal('System Administrator');
    expect(result!.steps.find((step) => step.name === 'refresh')!.status).to.equal('skipped');
  });

  it('scopes without refresh_token: the start is refused (invalid_scope), diagnosed from the scopes row', async () => {
    await withDeployed('ExtlClntAppOauthSettings', { commaSeparatedOauthScopes: 'Full, Api' }, async () => {
      const { result, exitCode, userCode } = await run([]);
      expect(exitCode).to.equal(3);
      expect(userCode).to.equal(undefined);
      expect(result!.failure).to.deep.include({ step: 'device-authorization', code: 'invalid_scope' });
      expect(causes(result)).to.deep.equal(['scope-missing']);
      expect(result!.diagnosis[0]).to.include({ requirement: 'oauth-scopes', found: 'Full, Api' });
    });
  });

  it('device flow off: the start is refused, diagnosed as the device-flow setting', async () => {
    await withDeployed('ExtlClntAppGlobalOauthSettings', { isDeviceFlowEnabled: false }, async () => {
      const { result, exitCode } = await run([]);
      expect(exitCode).to.equal(3);
      expect(result!.failure).to.deep.include({ step: 'device-authorization', code: 'invalid_request' });
      expect(causes(result)).to.deep.equal(['device-flow-off']);
    });
  });

  it('the user denies: user-denied, nothing to revoke', async () => {
    const { result, exitCode } = await run([], (code) => env.emulator.denyDeviceCode(code));
    expect(exitCode).to.equal(3);
    expect(causes(result)).to.deep.equal(['user-denied']);
    expect(result!.steps.find((step) => step.name === 'revoke')!.status).to.equal('skipped');
  });

  it('nobody approves within --timeout: timed-out', async () => {
    const { result, exitCode } = await run(['--timeout', '1']);
    expect(exitCode).to.equal(3);
    expect(result!.failure).to.deep.include({ step: 'user-approval', code: 'timeout' });
    expect(causes(result)).to.deep.equal(['timed-out']);
  });

  it('without --login-url the connector host for the org type is used (production → login.salesforce.com)', async () => {
    const fetchStub = quiet.sandbox.stub(globalThis, 'fetch').rejects(new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND login.salesforce.com') }));
    process.exitCode = undefined;
    const error = (await AppVerifyLogin.run(['--target-org', env.alias, '--no-browser']).then(
      () => undefined,
      (e: SfError) => e
    ))!;
    expect(fetchStub.firstCall.args[0]).to.equal('https://login.salesforce.com/services/oauth2/token');
    expect(error.exitCode).to.equal(VERIFY_LOGIN_EXIT.notStarted);
    expect(error.message).to.include('https://login.salesforce.com').and.include('fetch failed: getaddrinfo ENOTFOUND login.salesforce.com');
  });

  /** A port that was free a moment ago: nothing listens there. */
  async function closedPort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  for (const [label, loginUrl, reason] of [
    ['a port with nothing listening', async () => `https://127.0.0.1:${await closedPort()}`, /fetch failed: connect ECONNREFUSED/],
    ['port 1, which fetch refuses to call', () => Promise.resolve('https://127.0.0.1:1'), /fetch failed: bad port/],
    ['a host name that does not resolve', () => Promise.resolve('https://no-such-host.invalid'), /fetch failed: getaddrinfo (ENOTFOUND|EAI_AGAIN)/],
  ] as const) {
    it(`an unreachable login host (${label}): exit 1, the host and the reason named, a Try this action, no diagnosis of the app`, async () => {
      const url = await loginUrl();
      const { error, exitCode, result } = await run(['--login-url', url]);
      expect(result).to.equal(undefined);
      expect(exitCode).to.equal(1);
      expect(error!.name).to.equal('LoginHostUnreachableError');
      expect(error!.message).to.include(url).and.match(reason);
      expect(error!.actions!.join('\n')).to.include('--login-url');
      expect(appTokens().filter((token) => token.valid)).to.deep.equal([]);
    });
  }

  it('an unreachable login host under bin/run.js --json: exit 1 and an error JSON naming the host', async () => {
    const port = await closedPort();
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'run.js'), 'dropzone', 'app', 'verify-login', '--target-org', env.alias, '--no-browser', '--login-url', `https://127.0.0.1:${port}`, '--json'], {
      env: { ...process.env, ...OFFLINE_ENV, HOME: env.home, NODE_OPTIONS: '' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stdout).to.equal(1);
    const json = JSON.parse(stdout) as { status: number; name: string; message: string; actions?: string[] };
    expect(json).to.include({ status: 1, name: 'LoginHostUnreachableError' });
    expect(json.message).to.include(`https://127.0.0.1:${port}`).and.include('ECONNREFUSED');
    expect(json.actions).to.have.length.greaterThan(0);
  });

  it('bad input: a non-https --login-url, an API version below 60.0 (exit 2)', async () => {
    const badUrl = await run(['--login-url', 'http://login.salesforce.com']);
    expect(badUrl.exitCode).to.equal(2);
    expect(badUrl.error!.name).to.equal('InvalidLoginUrlError');
    const badVersion = await run(['--api-version', '59.0']);
    expect(badVersion.exitCode).to.equal(2);
  });

  it('an app that does not exist: exit 1 before any login', async () => {
    const { error, exitCode } = await run(['--name', 'No_Such_App']);
    expect(exitCode).to.equal(1);
    expect(error!.name).to.equal('AppNotFoundError');
  });

  it('bin/run.js at SF_LOG_LEVEL=trace: no token and no secret in stdout, stderr or the sf log files', async () => {
    const bin = path.join(ROOT, 'bin', 'run.js');
    if (!existsSync(path.join(ROOT, 'lib', 'commands', 'dropzone', 'app', 'verify-login.js'))) throw new Error('lib/ is not built: run "npm run build" first');
    const before = appTokens().length;
    const child = spawn(process.execPath, [bin, 'dropzone', 'app', 'verify-login', '--target-org', env.alias, '--login-url', env.emulator.instanceUrl, '--no-browser', '--json'], {
      env: { ...process.env, ...OFFLINE_ENV, HOME: env.home, SF_LOG_LEVEL: 'trace', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let approved = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const code = /enter the code ([A-Z0-9]+)/.exec(stderr)?.[1];
      if (code && !approved) {
        approved = true;
        env.emulator.approveDeviceCode(code);
      }
    });
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(exitCode, stderr).to.equal(0);
    expect((JSON.parse(stdout) as { result: AppVerifyLoginResult }).result.passed).to.equal(true);

    const dir = path.join(env.home, '.sf');
    const logs = (await Promise.all((await fs.readdir(dir)).filter((name) => name.endsWith('.log')).map((name) => fs.readFile(path.join(dir, name), 'utf8')))).join('\n');
    expect(logs, 'the trace log exists').to.contain('apps/oauth/credentials');
    const issued = appTokens().slice(before);
    expect(issued.length).to.equal(3);
    const secret = env.emulator.org.consumerForApp(APP)!.secret;
    for (const text of [stdout, stderr, logs]) {
      for (const { token } of issued) expect(text).not.to.contain(token);
      expect(text).not.to.contain(secret);
    }
    expect(issued.every((token) => !token.valid)).to.equal(true);
  });
});
