import { Clock, DeviceAuthorization, PollEvent, pollForTokens, requestDeviceCode } from './device-flow.js';
import { LoginFailure, NO_REFRESH_TOKEN } from './diagnose.js';
import { FormPoster, OAuthError, TokenSet, postForm } from './http.js';
import { refreshWithoutSecret, revokeAll } from './refresh.js';

export type SmokeStepName = 'device-authorization' | 'user-approval' | 'refresh' | 'revoke';
export type StepStatus = 'passed' | 'failed' | 'skipped';

export type SmokeTestOptions = {
  readonly loginUrl: string;
  readonly clientId: string;
  readonly timeoutMs: number;
  readonly post?: FormPoster;
  readonly clock?: Clock;
  /** Called once the login host handed out the user code: show it to the person who will approve. */
  readonly onDeviceCode: (authorization: DeviceAuthorization) => void;
  readonly onPollEvent?: (event: PollEvent) => void;
};

/** What the smoke test did. Tokens never leave it: they are revoked before it returns. */
export type SmokeTestRun = {
  readonly passed: boolean;
  readonly steps: Readonly<Record<SmokeStepName, StepStatus>>;
  readonly failure?: LoginFailure;
  readonly authorization?: DeviceAuthorization;
  /** Scopes the login host granted (from the device-flow answer). */
  readonly grantedScopes?: readonly string[];
  readonly refreshTokenIssued: boolean;
  readonly revoked: { readonly revoked: number; readonly total: number };
};

const failureOf = (step: LoginFailure['step'], error: OAuthError): LoginFailure => ({
  step,
  code: error.code,
  ...(error.description ? { description: error.description } : {}),
});

/**
 * The connector's login, end to end: the device flow (start, then poll until the user approves), then at once a
 * refresh-token grant without the client secret. Passes when the refresh works. Every token obtained is revoked
 * before returning, pass or fail.
 */
export async function runLoginSmokeTest(options: SmokeTestOptions): Promise<SmokeTestRun> {
  const post = options.post ?? postForm;
  const steps: Record<SmokeStepName, StepStatus> = { 'device-authorization': 'skipped', 'user-approval': 'skipped', refresh: 'skipped', revoke: 'skipped' };
  const obtained: TokenSet[] = [];
  const finish = async (fields: Omit<SmokeTestRun, 'steps' | 'revoked' | 'refreshTokenIssued' | 'passed'> & { passed?: boolean }): Promise<SmokeTestRun> => {
    const revoked = await revokeAll(post, options.loginUrl, obtained);
    if (revoked.total > 0) steps.revoke = revoked.revoked === revoked.total ? 'passed' : 'failed';
    return {
      passed: fields.passed ?? false,
      ...fields,
      steps,
      refreshTokenIssued: obtained.some((set) => set.refreshToken !== undefined),
      revoked,
    };
  };

  let authorization: DeviceAuthorization;
  try {
    authorization = await requestDeviceCode(post, { loginUrl: options.loginUrl, clientId: options.clientId });
  } catch (error) {
    steps['device-authorization'] = 'failed';
    const oauthError = error instanceof OAuthError ? error : new OAuthError('network_error', (error as Error).message, undefined);
    return finish({ failure: failureOf('device-authorization', oauthError) });
  }
  steps['device-authorization'] = 'passed';
  options.onDeviceCode(authorization);

  const polled = await pollForTokens(post, {
    loginUrl: options.loginUrl,
    clientId: options.clientId,
    authorization,
    timeoutMs: options.timeoutMs,
    clock: options.clock,
    onEvent: options.onPollEvent,
  });
  if (!polled.ok) {
    steps['user-approval'] = 'failed';
    return finish({ authorization, failure: failureOf('user-approval', polled.error) });
  }
  steps['user-approval'] = 'passed';
  obtained.push(polled.tokens);
  const grantedScopes = polled.tokens.scope?.split(/\s+/).filter((scope) => scope !== '');

  const refreshToken = polled.tokens.refreshToken;
  if (refreshToken === undefined) {
    steps.refresh = 'failed';
    return finish({ authorization, grantedScopes, failure: { step: 'refresh', code: NO_REFRESH_TOKEN, description: polled.tokens.scope } });
  }
  const refreshed = await refreshWithoutSecret(post, { loginUrl: options.loginUrl, clientId: options.clientId, refreshToken });
  if (!refreshed.ok) {
    steps.refresh = 'failed';
    return finish({ authorization, grantedScopes, failure: failureOf('refresh', refreshed.error) });
  }
  steps.refresh = 'passed';
  obtained.push(refreshed.tokens);
  return finish({ passed: true, authorization, grantedScopes });
}
