import { expect } from 'chai';
import { Emulator, startEmulator } from '../../emulator/index.js';
import { runDeploy } from '../../emulator/deploy.js';
import { APP, appFiles } from './app-files.js';
import { deployZip } from './deploy-helpers.js';

async function form(emu: Emulator, params: Record<string, string>): Promise<{ status: number; body: Record<string, string> }> {
  const res = await fetch(`${emu.instanceUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

async function get(emu: Emulator, path: string, token = emu.accessToken): Promise<{ status: number; body: unknown }> {
  const res = await fetch(emu.instanceUrl + path, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) };
}

async function deployApp(emu: Emulator, files = appFiles()): Promise<void> {
  const out = await runDeploy(emu.org, await deployZip(files), { checkOnly: false, rollbackOnError: true, singlePackage: true, ignoreWarnings: true, purgeOnDelete: false }, '66.0', emu.userId);
  expect(out.status).to.equal('Succeeded');
}

describe('emulator HTTP surface', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator({ deployProcessingMs: 10, fixture: { switches: { deviceCodeInterval: 0 } } });
  });
  afterEach(async () => emu.stop());

  describe('SOQL', () => {
    it('returns Salesforce-shaped records with nested parents and null parents', async () => {
      const q = encodeURIComponent("SELECT Id, Username, Profile.Name FROM User WHERE Username IN ('admin@dropzone.emulator', 'user@dropzone.emulator') ORDER BY Name LIMIT 5");
      const { status, body } = await get(emu, `//services/data/v66.0/query?q=${q}`);
      expect(status).to.equal(200);
      const res = body as { totalSize: number; done: boolean; records: Array<Record<string, unknown>> };
      expect(res.totalSize).to.equal(2);
      expect(res.done).to.equal(true);
      expect(res.records[0]).to.deep.include({ Username: 'admin@dropzone.emulator' });
      expect(res.records[0].attributes).to.deep.equal({ type: 'User', url: `/services/data/v66.0/sobjects/User/${emu.userId}` });
      expect((res.records[0].Profile as Record<string, unknown>).Name).to.equal('System Administrator');
    });

    it('answers SetupEntityAccess with parent profile names and the ECA policy mirror', async () => {
      await deployApp(emu);
      const ecaId = emu.org.component('ExternalClientApplication', APP)!.id;
      const q = encodeURIComponent(`SELECT ParentId, Parent.Name, Parent.Profile.Name, Parent.IsOwnedByProfile FROM SetupEntityAccess WHERE SetupEntityId = '${ecaId}'`);
      const res = (await get(emu, `/services/data/v66.0/query?q=${q}`)).body as { records: Array<{ Parent: { Profile: { Name: string }; IsOwnedByProfile: boolean } }> };
      expect(res.records[0].Parent.Profile.Name).to.equal('System Administrator');
      expect(res.records[0].Parent.IsOwnedByProfile).to.equal(true);
      const p = encodeURIComponent('SELECT PermittedUsersPolicyType, IpRelaxationPolicyType FROM ExtlClntAppOauthPlcyCnfg');
      const pol = (await get(emu, `/services/data/v66.0/query?q=${p}`)).body as { records: Array<Record<string, string>> };
      expect(pol.records[0].PermittedUsersPolicyType).to.equal('AdminApprovedPreAuthorized');
    });

    it('gives INVALID_FIELD, INVALID_TYPE (incl. Global settings and ScratchOrgInfo) and MALFORMED_QUERY', async () => {
      const bad = await get(emu, `/services/data/v66.0/query?q=${encodeURIComponent('SELECT Id, Foo FROM User')}`);
      expect(bad.status).to.equal(400);
      expect((bad.body as Array<{ errorCode: string; message: string }>)[0]).to.include({ errorCode: 'INVALID_FIELD' });
      expect((bad.body as Array<{ message: string }>)[0].message).to.contain("No such column 'Foo' on entity 'User'");
      for (const obj of ['ScratchOrgInfo', 'ExtlClntAppGlobalOauthSettings', 'Account']) {
        const r = await get(emu, `/services/data/v51.0/query?q=${encodeURIComponent(`SELECT Id FROM ${obj}`)}`);
        expect(r.status).to.equal(400);
        expect((r.body as Array<{ errorCode: string; message: string }>)[0].message).to.contain(`sObject type '${obj}' is not supported.`);
      }
      const m = await get(emu, `/services/data/v66.0/query?q=${encodeURIComponent('SELECT FROM User')}`);
      expect((m.body as Array<{ errorCode: string }>)[0].errorCode).to.equal('MALFORMED_QUERY');
    });

    it('reports the running user permissions through UserPermissionAccess', async () => {
      const q = encodeURIComponent('SELECT PermissionsExternalClientAppDeveloper, PermissionsViewClientSecret FROM UserPermissionAccess');
      const res = (await get(emu, `/services/data/v66.0/query?q=${q}`)).body as { records: Array<Record<string, boolean>> };
      expect(res.records[0].PermissionsExternalClientAppDeveloper).to.equal(true);
    });
  });

  describe('faults', () => {
    it('http503 on the nth matching request only', async () => {
      emu.faults.inject({ match: { path: /\/query/ }, nth: 2, kind: 'http503' });
      const url = `/services/data/v66.0/query?q=${encodeURIComponent('SELECT Id FROM Organization')}`;
      expect((await get(emu, url)).status).to.equal(200);
      const r = await fetch(emu.instanceUrl + url, { headers: { authorization: `Bearer ${emu.accessToken}` } });
      expect(r.status).to.equal(503);
      expect((await get(emu, url)).status).to.equal(200);
      expect(emu.requests.map((x) => x.status)).to.deep.equal([200, 503, 200]);
    });

    it('reset destroys the socket; stall holds the answer for stallMs; stop() does not hang', async () => {
      emu.faults.inject({ match: { method: 'GET' }, kind: 'reset' });
      let failed = false;
      await fetch(`${emu.instanceUrl}/services/data`).catch(() => (failed = true));
      expect(failed).to.equal(true);
      emu.faults.inject({ match: { path: '/services/data' }, kind: 'stall', stallMs: 150 });
      const t0 = Date.now();
      expect((await fetch(`${emu.instanceUrl}/services/data`)).status).to.equal(200);
      expect(Date.now() - t0).to.be.within(140, 1500);
      emu.faults.inject({ match: { path: '/services/data' }, kind: 'stall', stallMs: 60_000 });
      void fetch(`${emu.instanceUrl}/services/data`).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 50));
      const s0 = Date.now();
      await emu.stop();
      expect(Date.now() - s0).to.be.below(2000);
      emu = await startEmulator();
    });

    it('expireSession gives 401 until a refresh; revokeRefreshToken makes refresh fail', async () => {
      emu.faults.expireSession();
      const r = await get(emu, '/services/data/v66.0/');
      expect(r.status).to.equal(401);
      expect(r.body).to.deep.equal([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
      const refreshed = await form(emu, { grant_type: 'refresh_token', refresh_token: emu.refreshToken, client_id: 'PlatformCLI' });
      expect(refreshed.status).to.equal(200);
      expect((await get(emu, '/services/data/v66.0/', refreshed.body.access_token)).status).to.equal(200);
      emu.faults.revokeRefreshToken();
      const denied = await form(emu, { grant_type: 'refresh_token', refresh_token: emu.refreshToken, client_id: 'PlatformCLI' });
      expect(denied).to.deep.equal({ status: 400, body: { error: 'invalid_grant', error_description: 'expired access/refresh token' } });
    });

    it('latency delays every request', async () => {
      emu.faults.setLatency(80);
      const t0 = Date.now();
      await fetch(`${emu.instanceUrl}/services/data`);
      expect(Date.now() - t0).to.be.at.least(75);
    });
  });

  describe('Connect REST credentials', () => {
    it('lists consumers and serves key and secret when everything allows it', async () => {
      await deployApp(emu);
      const ecaId = emu.org.component('ExternalClientApplication', APP)!.id;
      const list = (await get(emu, `/services/data/v66.0/apps/oauth/credentials/${ecaId}`)).body as { consumers: Array<{ id: string; name: string; url: string }> };
      expect(list.consumers).to.have.length(1);
      const c = list.consumers[0];
      const key = (await get(emu, `${c.url}`)).body as Record<string, string>;
      expect(key.key).to.equal(emu.org.consumerForApp(APP)!.key);
      expect(key.secret).to.equal(undefined);
      const both = (await get(emu, `${c.url}?part=keyandsecret`)).body as Record<string, string>;
      expect(both.secret).to.equal(emu.org.consumerForApp(APP)!.secret);
      expect((await get(emu, `/services/data/v59.0/apps/oauth/credentials/${ecaId}`)).status).to.equal(404);
    });

    it('refuses the secret with a 403 naming the missing setting, permission or distribution state', async () => {
      await deployApp(emu);
      const ecaId = emu.org.component('ExternalClientApplication', APP)!.id;
      const consumerId = emu.org.consumerForApp(APP)!.id;
      const url = `/services/data/v66.0/apps/oauth/credentials/${ecaId}/${consumerId}?part=secret`;
      emu.org.settings.enableClientSecretInRestApiAccess = false;
      const off = await get(emu, url);
      expect(off.status).to.equal(403);
      expect((off.body as Array<{ message: string }>)[0].message).to.contain('enableClientSecretInRestApiAccess');
      emu.org.settings.enableClientSecretInRestApiAccess = true;
      const eca = emu.org.component('ExternalClientApplication', APP)!;
      eca.fields.distributionState = 'Packaged';
      expect(((await get(emu, url)).body as Array<{ message: string }>)[0].message).to.contain('local');
    });

    it('lists only apps that issued a token in /apps/oauth/usage', async () => {
      await deployApp(emu);
      expect(((await get(emu, '/services/data/v66.0/apps/oauth/usage')).body as { apps: unknown[] }).apps).to.have.length(0);
    });
  });

  describe('device flow and refresh rules', () => {
    it('runs the device flow, enforces pre-authorization and refresh rules', async () => {
      await deployApp(emu);
      const clientId = emu.org.consumerForApp(APP)!.key;
      const start = await form(emu, { response_type: 'device_code', client_id: clientId, scope: 'api refresh_token' });
      expect(start.status).to.equal(200);
      expect(start.body.user_code).to.have.length(8);
      expect(start.body.verification_uri).to.equal(`${emu.instanceUrl}/setup/connect`);
      const poll = (): Promise<{ status: number; body: Record<string, string> }> => form(emu, { grant_type: 'device', client_id: clientId, code: start.body.device_code });
      expect((await poll()).body.error).to.equal('authorization_pending');
      emu.approveDeviceCode(start.body.user_code);
      const ok = await poll();
      expect(ok.status).to.equal(200);
      expect(ok.body.refresh_token).to.be.a('string');
      expect((await get(emu, '/services/data/v66.0/apps/oauth/usage')).body).to.have.nested.property('apps[0].developerName', APP);
      const refreshed = await form(emu, { grant_type: 'refresh_token', client_id: clientId, refresh_token: ok.body.refresh_token });
      expect(refreshed.status).to.equal(200);
      const wrong = await form(emu, { grant_type: 'refresh_token', client_id: clientId, client_secret: 'nope', refresh_token: ok.body.refresh_token });
      expect(wrong.body.error).to.equal('invalid_client');

      const other = await form(emu, { response_type: 'device_code', client_id: clientId, scope: 'api' });
      emu.approveDeviceCode(other.body.user_code, 'user@dropzone.emulator');
      const refused = await form(emu, { grant_type: 'device', client_id: clientId, code: other.body.device_code });
      expect(refused.body).to.deep.equal({ error: 'invalid_app_access', error_description: 'user is not admin approved to access this app' });
    });

    it('rejects device flow when disabled and refresh of device tokens when PKCE is required', async () => {
      const files = appFiles().map((f) =>
        f.type === 'ExtlClntAppGlobalOauthSettings'
          ? { ...f, xml: f.xml.replace('<isPkceRequired>false', '<isPkceRequired>true').replace('<isSecretRequiredForRefreshToken>false', '<isSecretRequiredForRefreshToken>true') }
          : f
      );
      await deployApp(emu, files);
      const consumer = emu.org.consumerForApp(APP)!;
      const start = await form(emu, { response_type: 'device_code', client_id: consumer.key, scope: 'api refresh_token' });
      emu.approveDeviceCode(start.body.user_code);
      const ok = await form(emu, { grant_type: 'device', client_id: consumer.key, code: start.body.device_code });
      const noSecret = await form(emu, { grant_type: 'refresh_token', client_id: consumer.key, refresh_token: ok.body.refresh_token });
      expect(noSecret.body).to.deep.equal({ error: 'invalid_client', error_description: 'client secret required' });
      const pkce = await form(emu, { grant_type: 'refresh_token', client_id: consumer.key, client_secret: consumer.secret, refresh_token: ok.body.refresh_token });
      expect(pkce.body.error).to.equal('invalid_grant');
      const g = emu.org.component('ExtlClntAppGlobalOauthSettings', `${APP}_glbloauth`)!;
      g.fields.isDeviceFlowEnabled = 'false';
      const off = await form(emu, { response_type: 'device_code', client_id: consumer.key });
      expect(off.status).to.equal(400);
      expect(off.body.error).to.equal('invalid_request');
    });
  });
});
