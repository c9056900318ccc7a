import { expect } from 'chai';
import { runLoginSmokeTest } from '../../../src/oauth/smoke-test.js';
import { answers, fakeClock, scriptedHost } from './fake-login-host.js';

const base = { loginUrl: 'https://login.example.com', clientId: 'KEY', timeoutMs: 600_000 };

describe('oauth/smoke-test', () => {
  it('passes when the refresh without the secret works, and revokes every token it obtained', async () => {
    const clock = fakeClock();
    const host = scriptedHost(
      {
        start: [answers.deviceCode(5)],
        poll: [answers.pending(), answers.tokens()],
        refresh: [answers.tokens({ access_token: 'ACCESS-2', refresh_token: '' })],
        revoke: [answers.revoked(), answers.revoked(), answers.revoked()],
      },
      clock
    );
    let shown = '';
    const run = await runLoginSmokeTest({ ...base, post: host, clock, onDeviceCode: (authorization) => (shown = authorization.userCode) });
    expect(shown).to.equal('ABCD2345');
    expect(run.passed).to.equal(true);
    expect(run.steps).to.deep.equal({ 'device-authorization': 'passed', 'user-approval': 'passed', refresh: 'passed', revoke: 'passed' });
    expect(run.grantedScopes).to.deep.equal(['full', 'api', 'refresh_token']);
    const refresh = host.calls.find((call) => call.form.grant_type === 'refresh_token')!;
    expect(refresh.form).to.deep.equal({ grant_type: 'refresh_token', client_id: 'KEY', refresh_token: 'REFRESH-1' });
    expect(Object.keys(refresh.form)).not.to.include('client_secret');
    const revoked = host.calls.filter((call) => call.url.endsWith('/services/oauth2/revoke')).map((call) => call.form.token);
    expect(revoked).to.deep.equal(['REFRESH-1', 'ACCESS-1', 'ACCESS-2']);
    expect(run.revoked).to.deep.equal({ revoked: 3, total: 3 });
  });

  it('access tokens already revoked with their refresh token (400 invalid_token, as real orgs answer) count as revoked', async () => {
    const host = scriptedHost({
      start: [answers.deviceCode(1)],
      poll: [answers.tokens()],
      refresh: [answers.tokens({ access_token: 'ACCESS-2', refresh_token: '' })],
      revoke: [answers.revoked(), answers.error('invalid_token', 'invalid token'), answers.error('invalid_token', 'invalid token')],
    });
    const run = await runLoginSmokeTest({ ...base, post: host, clock: fakeClock(), onDeviceCode: () => undefined });
    expect(run.passed).to.equal(true);
    expect(run.steps.revoke).to.equal('passed');
    expect(run.revoked).to.deep.equal({ revoked: 3, total: 3 });
  });

  it('a server error on revoke is not counted as revoked (only invalid_token means "already gone")', async () => {
    const host = scriptedHost({
      start: [answers.deviceCode(1)],
      poll: [answers.tokens()],
      refresh: [answers.tokens({ access_token: 'ACCESS-2', refresh_token: '' })],
      revoke: [answers.revoked(), answers.error('server_error', 'boom', 500), answers.error('invalid_request', 'bad', 400)],
    });
    const run = await runLoginSmokeTest({ ...base, post: host, clock: fakeClock(), onDeviceCode: () => undefined });
    expect(run.steps.revoke).to.equal('failed');
    expect(run.revoked).to.deep.equal({ revoked: 1, total: 3 });
  });

  it('fails at the refresh with the server answer, still revoking the device-flow tokens', async () => {
    const host = scriptedHost({
      start: [answers.deviceCode(1)],
      poll: [answers.tokens()],
      refresh: [answers.error('invalid_client', 'client secret required')],
      revoke: [answers.revoked(), answers.error('unsupported_token_type')],
    });
    const run = await runLoginSmokeTest({ ...base, post: host, clock: fakeClock(), onDeviceCode: () => undefined });
    expect(run.passed).to.equal(false);
    expect(run.failure).to.deep.equal({ step: 'refresh', code: 'invalid_client', description: 'client secret required' });
    expect(run.steps).to.deep.equal({ 'device-authorization': 'passed', 'user-approval': 'passed', refresh: 'failed', revoke: 'failed' });
    expect(run.revoked).to.deep.equal({ revoked: 1, total: 2 });
  });

  it('fails without a refresh token in the answer (scope missing) and does not try to refresh', async () => {
    const host = scriptedHost({ start: [answers.deviceCode(1)], poll: [answers.tokens({ refresh_token: '', scope: 'full api' })], revoke: [answers.revoked()] });
    const run = await runLoginSmokeTest({ ...base, post: host, clock: fakeClock(), onDeviceCode: () => undefined });
    expect(run.failure).to.deep.equal({ step: 'refresh', code: 'no_refresh_token', description: 'full api' });
    expect(run.refreshTokenIssued).to.equal(false);
    expect(host.calls.some((call) => call.form.grant_type === 'refresh_token')).to.equal(false);
  });

  it('fails at the start without showing a code; nothing to revoke', async () => {
    const host = scriptedHost({ start: [answers.error('invalid_request', 'device flow not enabled for this client')] });
    let shown = false;
    const run = await runLoginSmokeTest({ ...base, post: host, clock: fakeClock(), onDeviceCode: () => (shown = true) });
    expect(shown).to.equal(false);
    expect(run.failure).to.deep.include({ step: 'device-authorization', code: 'invalid_request' });
    expect(run.steps.revoke).to.equal('skipped');
    expect(run.revoked).to.deep.equal({ revoked: 0, total: 0 });
  });

  it('a login host that cannot be reached is a failure, not a crash', async () => {
    const host = scriptedHost({ start: [new Error('getaddrinfo ENOTFOUND login.example.com')] });
    const run = await runLoginSmokeTest({ ...base, post: host, clock: fakeClock(), onDeviceCode: () => undefined });
    expect(run.failure).to.deep.equal({ step: 'device-authorization', code: 'network_error', description: 'getaddrinfo ENOTFOUND login.example.com' });
  });

  it('fails at the approval when the user denies', async () => {
    const host = scriptedHost({ start: [answers.deviceCode(1)], poll: [answers.pending(), answers.error('access_denied', 'end-user denied authorization')] });
    const run = await runLoginSmokeTest({ ...base, post: host, clock: fakeClock(), onDeviceCode: () => undefined });
    expect(run.failure).to.deep.include({ step: 'user-approval', code: 'access_denied' });
    expect(run.steps.refresh).to.equal('skipped');
  });

  describe('interrupted (SIGINT/SIGTERM)', () => {
    it('while waiting for approval: stops polling, nothing obtained, nothing to revoke', async () => {
      const controller = new AbortController();
      const host = scriptedHost({ start: [answers.deviceCode(5)], poll: [answers.pending(), answers.pending(), answers.tokens()] });
      const run = await runLoginSmokeTest({
        ...base,
        post: host,
        clock: { now: () => Date.now(), sleep: () => new Promise(() => undefined) },
        onDeviceCode: () => setTimeout(() => controller.abort(), 10),
        signal: controller.signal,
      });
      expect(run.interrupted).to.equal(true);
      expect(run.passed).to.equal(false);
      expect(run.revoked).to.deep.equal({ revoked: 0, total: 0 });
      expect(host.calls.filter((call) => call.form.grant_type === 'device')).to.deep.equal([]);
    });

    it('while a poll was answering with tokens: the tokens are revoked before it returns', async () => {
      const controller = new AbortController();
      const host = scriptedHost({ start: [answers.deviceCode(1)], poll: [answers.tokens()], revoke: [answers.revoked(), answers.revoked()] });
      const post = async (url: string, form: Record<string, string>): ReturnType<typeof host> => {
        if (form.grant_type === 'device') controller.abort();
        return host(url, form);
      };
      const run = await runLoginSmokeTest({ ...base, post, clock: fakeClock(), onDeviceCode: () => undefined, signal: controller.signal });
      expect(run.interrupted).to.equal(true);
      expect(run.revoked).to.deep.equal({ revoked: 2, total: 2 });
      expect(host.calls.some((call) => call.form.grant_type === 'refresh_token')).to.equal(false);
    });
  });
});
