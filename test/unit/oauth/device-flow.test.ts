import { expect } from 'chai';
import { CONNECTOR_SCOPE, POLL_TIMEOUT, PollEvent, pollForTokens, requestDeviceCode } from '../../../src/oauth/device-flow.js';
import { OAuthError } from '../../../src/oauth/http.js';
import { answers, fakeClock, scriptedHost } from './fake-login-host.js';

const LOGIN = 'https://login.example.com/';
const authorization = { deviceCode: 'DEVICE-1', userCode: 'ABCD2345', verificationUri: 'https://login.example.com/setup/connect', intervalSeconds: 5 };

describe('oauth/device-flow', () => {
  describe('requestDeviceCode', () => {
    it('posts response_type=device_code, the consumer key and the connector scopes to the token endpoint', async () => {
      const host = scriptedHost({ start: [answers.deviceCode(7, { expires_in: 600 })] });
      const started = await requestDeviceCode(host, { loginUrl: LOGIN, clientId: 'KEY' });
      expect(host.calls[0].url).to.equal('https://login.example.com/services/oauth2/token');
      expect(host.calls[0].form).to.deep.equal({ response_type: 'device_code', client_id: 'KEY', scope: 'full api refresh_token' });
      expect(CONNECTOR_SCOPE).to.equal('full api refresh_token');
      expect(started).to.deep.equal({ ...authorization, intervalSeconds: 7, expiresInSeconds: 600 });
    });

    it('uses 5 s when the server names no interval', async () => {
      const host = scriptedHost({ start: [answers.deviceCode(0)] });
      expect((await requestDeviceCode(host, { loginUrl: LOGIN, clientId: 'KEY' })).intervalSeconds).to.equal(5);
    });

    it('throws the OAuth error the server answers with', async () => {
      const host = scriptedHost({ start: [answers.error('invalid_request', 'device flow not enabled for this client')] });
      const error = await requestDeviceCode(host, { loginUrl: LOGIN, clientId: 'KEY' }).catch((caught: unknown) => caught);
      expect(error).to.be.instanceOf(OAuthError);
      expect((error as OAuthError).code).to.equal('invalid_request');
      expect((error as OAuthError).description).to.equal('device flow not enabled for this client');
    });
  });

  describe('pollForTokens', () => {
    it('pending → slow_down → success: waits the interval, then 5 s more for every later poll', async () => {
      const clock = fakeClock();
      const host = scriptedHost({ poll: [answers.pending(), answers.slowDown(), answers.pending(), answers.tokens()] }, clock);
      const events: PollEvent[] = [];
      const outcome = await pollForTokens(host, { loginUrl: LOGIN, clientId: 'KEY', authorization, timeoutMs: 600_000, clock, onEvent: (event) => events.push(event) });
      expect(outcome.ok).to.equal(true);
      expect(outcome.polls).to.equal(4);
      expect(clock.slept).to.deep.equal([5000, 5000, 10_000, 10_000]);
      expect(host.calls.map((call) => call.form)).to.deep.equal(
        Array(4).fill({ grant_type: 'device', client_id: 'KEY', code: 'DEVICE-1' })
      );
      expect(events).to.deep.equal([{ kind: 'pending' }, { kind: 'slow-down', intervalSeconds: 10 }, { kind: 'pending' }]);
      if (outcome.ok) expect(outcome.tokens).to.deep.equal({ accessToken: 'ACCESS-1', refreshToken: 'REFRESH-1', scope: 'full api refresh_token', instanceUrl: 'https://x' });
    });

    it('slow_down with a longer server interval takes the server interval', async () => {
      const clock = fakeClock();
      const host = scriptedHost({ poll: [answers.slowDown(30), answers.tokens()] }, clock);
      await pollForTokens(host, { loginUrl: LOGIN, clientId: 'KEY', authorization, timeoutMs: 600_000, clock });
      expect(clock.slept).to.deep.equal([5000, 30_000]);
    });

    for (const code of ['access_denied', 'expired_token', 'invalid_grant', 'invalid_app_access', 'invalid_client_id']) {
      it(`stops at ${code}`, async () => {
        const clock = fakeClock();
        const host = scriptedHost({ poll: [answers.pending(), answers.error(code, 'because')] }, clock);
        const outcome = await pollForTokens(host, { loginUrl: LOGIN, clientId: 'KEY', authorization, timeoutMs: 600_000, clock });
        expect(outcome.ok).to.equal(false);
        expect(outcome.polls).to.equal(2);
        if (!outcome.ok) expect([outcome.error.code, outcome.error.description]).to.deep.equal([code, 'because']);
      });
    }

    it('times out after --timeout while the code stays pending, polling no later than the deadline', async () => {
      const clock = fakeClock();
      const host = scriptedHost({ poll: Array(10).fill(answers.pending()) }, clock);
      const outcome = await pollForTokens(host, { loginUrl: LOGIN, clientId: 'KEY', authorization, timeoutMs: 12_000, clock });
      expect(outcome.ok).to.equal(false);
      if (!outcome.ok) expect(outcome.error.code).to.equal(POLL_TIMEOUT);
      expect(clock.slept).to.deep.equal([5000, 5000, 2000]);
    });

    it('reports expired_token when the code expires before the timeout', async () => {
      const clock = fakeClock();
      const host = scriptedHost({ poll: Array(10).fill(answers.pending()) }, clock);
      const outcome = await pollForTokens(host, { loginUrl: LOGIN, clientId: 'KEY', authorization: { ...authorization, expiresInSeconds: 10 }, timeoutMs: 600_000, clock });
      if (!outcome.ok) expect(outcome.error.code).to.equal('expired_token');
      expect(outcome.polls).to.equal(2);
    });

    it('tolerates up to three network failures or 5xx answers in a row', async () => {
      const clock = fakeClock();
      const host = scriptedHost({ poll: [new Error('socket hang up'), { status: 503, body: {} }, answers.pending(), new Error('reset'), answers.tokens()] }, clock);
      const outcome = await pollForTokens(host, { loginUrl: LOGIN, clientId: 'KEY', authorization, timeoutMs: 600_000, clock });
      expect(outcome.ok).to.equal(true);
    });

    it('gives up after the fourth transient failure in a row', async () => {
      const clock = fakeClock();
      const host = scriptedHost({ poll: Array(5).fill(new Error('ECONNREFUSED')) }, clock);
      const outcome = await pollForTokens(host, { loginUrl: LOGIN, clientId: 'KEY', authorization, timeoutMs: 600_000, clock });
      expect(outcome.ok).to.equal(false);
      expect(outcome.polls).to.equal(4);
      if (!outcome.ok) expect(outcome.error.code).to.equal('network_error');
    });

    it('a 200 without an access token is not success', async () => {
      const clock = fakeClock();
      const host = scriptedHost({ poll: [{ status: 200, body: {} }] }, clock);
      const outcome = await pollForTokens(host, { loginUrl: LOGIN, clientId: 'KEY', authorization, timeoutMs: 600_000, clock });
      expect(outcome.ok).to.equal(false);
      if (!outcome.ok) expect(outcome.error.code).to.equal('http_200');
    });
  });
});
