import { expect } from 'chai';
import sinon from 'sinon';
import { SfError } from '@salesforce/core/sfError';
import { stubSfCommandUx } from '@salesforce/sf-plugins-core';
import AppVerifyLogin, { AppVerifyLoginResult } from '../../src/commands/dropzone/app/verify-login.js';
import { createDefaultApp, useEmulatorOrg } from '../helpers/emulator-org.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** verify-login under org behaviours the sources disagree on (issue 11): a clear diagnosis where the connector cannot log in. */
describe('sf dropzone app verify-login under disputed org behaviours (emulator switches)', function () {
  this.timeout(120_000);
  let env: Awaited<ReturnType<typeof useEmulatorOrg>>;
  let sandbox: sinon.SinonSandbox;

  beforeEach(() => {
    sandbox = sinon.createSandbox();
  });
  afterEach(async () => {
    sandbox.restore();
    process.exitCode = undefined;
    await env?.restore();
  });

  it('an org that wants the secret on the device-flow poll: fails at the approval, names that cause, revokes nothing left', async () => {
    env = await useEmulatorOrg({ fixture: { switches: { deviceCodeInterval: 0.2, deviceFlowPollRequiresSecret: true } } });
    await createDefaultApp(env.alias);
    const ux = stubSfCommandUx(sandbox);
    const text = (): string =>
      Object.values(ux)
        .flatMap((stub) => (stub as sinon.SinonStub).getCalls?.() ?? [])
        .map((call) => JSON.stringify(call.args))
        .join('\n');
    const running = (
      AppVerifyLogin.run(['--target-org', env.alias, '--no-browser', '--login-url', env.emulator.instanceUrl, '--timeout', '20']) as unknown as Promise<AppVerifyLoginResult>
    ).then(
      (result) => ({ result, error: undefined }),
      (error: SfError) => ({ result: undefined, error })
    );
    let code: string | undefined;
    for (let attempt = 0; attempt < 400 && !code; attempt++) {
      code = /enter the code ([A-Z0-9]+)/.exec(text())?.[1];
      if (!code) await sleep(25);
    }
    env.emulator.approveDeviceCode(code!);
    const { result, error } = await running;
    expect(error, error?.message).to.equal(undefined);
    expect(process.exitCode).to.equal(3);
    expect(result!.passed).to.equal(false);
    expect(result!.failure).to.deep.include({ step: 'user-approval', code: 'invalid_client' });
    expect(result!.diagnosis.map((d) => d.cause)).to.deep.equal(['secret-required-for-device-poll']);
    expect(result!.diagnosis[0].action).to.contain('isConsumerSecretOptional');
  });
});
