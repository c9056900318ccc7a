import { Clock, DeviceAuthorization, PollEvent, pollForTokens, requestDeviceCode } from './device-flow.js';
import { LoginFailure, NO_REFRESH_TOKEN } from './diagnose.js';
import { FormPoster, OAuthError, TokenSet, networkErrorText, postForm } from './http.js';
import { refreshWithoutSecret, revokeAll } from './refresh.js';
import { InterruptedError, unlessInterrupted } from '../util/interrupt.js';

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
  /** Aborted by SIGINT/SIGTERM: the test stops, revokes what it obtained and returns with `interrupted`. */
  readonly signal?: AbortSignal;
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
  /** Stopped by SIGINT/SIGTERM before it could pass or fail. */
  readonly interrupted?: boolean;
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
  try {
    return await smokeTest(options);
  } catch (error) {
    if (!(error instanceof InterruptedRun)) throw error;
    return error.run;
  }
}

/** Carries the run, its tokens already revoked, out of the step that saw the interrupt. */
class InterruptedRun extends Error {
  public constructor(public readonly run: SmokeTestRun) {
    super('interrupted');
  }
}

async function smokeTest(options: SmokeTestOptions): Promise<SmokeTestRun> {
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

  const stopIfInterrupted = async (error?: unknown): Promise<void> => {
    if (error instanceof InterruptedError || (error === undefined && options.signal?.aborted)) {
      throw new InterruptedRun({ ...(await finish({})), interrupted: true });
    }
  };

  let authorization: DeviceAuthorization;
  try {
    authorization = await unlessInterrupted(requestDeviceCode(post, { loginUrl: options.loginUrl, clientId: options.clientId }), options.signal);
  } catch (error) {
    await stopIfInterrupted(error);
    steps['device-authorization'] = 'failed';
    const oauthError = error instanceof OAuthError ? error : new OAuthError('network_error', networkErrorText(error), undefined);
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
    signal: options.signal,
  }).catch(async (error: unknown) => {
    await stopIfInterrupted(error);
    throw error;
  });
  if (polled.ok) obtained.push(polled.tokens);
  await stopIfInterrupted();
  if (!polled.ok) {
    steps['user-approval'] = 'failed';
    return finish({ authorization, failure: failureOf('user-approval', polled.error) });
  }
  steps['user-approval'] = 'passed';
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
