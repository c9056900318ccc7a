import { expect } from 'chai';
import { Emulator, startEmulator } from '../../emulator/index.js';
import { runDeploy } from '../../emulator/deploy.js';
import { APP, appFiles } from './app-files.js';
import { deployZip } from './deploy-helpers.js';

type Answer = { status: number; text: string };

async function post(emu: Emulator, path: string, fields: Record<string, string>): Promise<Answer> {
  const res = await fetch(emu.instanceUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, text: await res.text() };
}

describe('emulator verification page (/setup/connect): a person approves or denies the device flow', () => {
  let emu: Emulator;
  let clientId: string;

  beforeEach(async () => {
    emu = await startEmulator({ deployProcessingMs: 10, fixture: { switches: { deviceCodeInterval: 0 } } });
    const out = await runDeploy(emu.org, await deployZip(appFiles()), { checkOnly: false, rollbackOnError: true, singlePackage: true, ignoreWarnings: true, purgeOnDelete: false }, '66.0', emu.userId);
    expect(out.status).to.equal('Succeeded');
    clientId = emu.org.consumerForApp(APP)!.key;
  });
  afterEach(async () => emu.stop());

  async function start(): Promise<{ userCode: string; deviceCode: string; verificationUri: string }> {
    const answer = JSON.parse((await post(emu, '/services/oauth2/token', { response_type: 'device_code', client_id: clientId, scope: 'api refresh_token' })).text) as Record<string, string>;
    return { userCode: answer.user_code, deviceCode: answer.device_code, verificationUri: answer.verification_uri };
  }
  const poll = async (deviceCode: string): Promise<Record<string, string>> =>
    JSON.parse((await post(emu, '/services/oauth2/token', { grant_type: 'device', client_id: clientId, code: deviceCode })).text) as Record<string, string>;

  it('the page is a form with the code from the link filled in; Approve lets the device flow get its tokens', async () => {
    const flow = await start();
    const page = await fetch(`${flow.verificationUri}?user_code=${flow.userCode}`);
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.match(/^text\/html/);
    const html = await page.text();
    expect(html).to.include('<form method="post" action="/setup/connect">').and.include(`value="${flow.userCode}"`);
    expect(html).to.include('value="approve"').and.include('value="deny"');
    expect((await poll(flow.deviceCode)).error).to.equal('authorization_pending');

    const approved = await post(emu, '/setup/connect', { user_code: flow.userCode.toLowerCase(), decision: 'approve' });
    expect(approved.status).to.equal(200);
    expect(approved.text).to.include('approved');
    const tokens = await poll(flow.deviceCode);
    expect(tokens.access_token).to.be.a('string');
    expect(tokens.refresh_token).to.be.a('string');
  });

  it('Deny: the device is told access_denied', async () => {
    const flow = await start();
    expect((await post(emu, '/setup/connect', { user_code: flow.userCode, decision: 'deny' })).status).to.equal(200);
    expect((await poll(flow.deviceCode)).error).to.equal('access_denied');
  });

  it('a username in the form approves as that user (one not pre-authorized → invalid_app_access)', async () => {
    const flow = await start();
    expect((await post(emu, '/setup/connect', { user_code: flow.userCode, decision: 'approve', username: 'user@dropzone.emulator' })).status).to.equal(200);
    expect((await poll(flow.deviceCode)).error).to.equal('invalid_app_access');
  });

  it('an unknown or already used code, or no decision: 400 with the reason and the form again, nothing decided', async () => {
    const flow = await start();
    const unknown = await post(emu, '/setup/connect', { user_code: 'NOPE<b>', decision: 'approve' });
    expect(unknown.status).to.equal(400);
    expect(unknown.text).to.include('no pending device code with user code NOPE&lt;b&gt;').and.include('<form');
    const undecided = await post(emu, '/setup/connect', { user_code: flow.userCode });
    expect(undecided.status).to.equal(400);
    expect((await poll(flow.deviceCode)).error).to.equal('authorization_pending');
    await post(emu, '/setup/connect', { user_code: flow.userCode, decision: 'approve' });
    expect((await post(emu, '/setup/connect', { user_code: flow.userCode, decision: 'deny' })).status).to.equal(400);
  });
});
