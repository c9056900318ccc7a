import { FormPoster, OAuthError, TokenSet, oauthEndpoint, networkErrorText, oauthErrorOf, tokenSetOf } from './http.js';
import { sleep } from '../org/retry.js';
import { unlessInterrupted } from '../util/interrupt.js';

/** The scopes the Dropzone Connector asks for. */
export const CONNECTOR_SCOPE = 'full api refresh_token';

/** RFC 8628 §3.2: the interval to use when the server names none. */
export const DEFAULT_INTERVAL_SECONDS = 5;
/** RFC 8628 §3.5: on `slow_down` the interval grows by 5 seconds for this and every later poll. */
export const SLOW_DOWN_STEP_SECONDS = 5;
/** Network failures and 5xx answers tolerated in a row before the poll gives up. */
export const MAX_TRANSIENT_FAILURES = 3;

export type DeviceAuthorization = {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly intervalSeconds: number;
  readonly expiresInSeconds?: number;
};

export type Clock = { now(): number; sleep(ms: number): Promise<void> };

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep,
};

const positiveNumber = (value: unknown): number | undefined => {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : undefined;
};

/** Step 1 of the device flow: `response_type=device_code` to the login host's token endpoint. */
export async function requestDeviceCode(
  post: FormPoster,
  options: { loginUrl: string; clientId: string; scope?: string }
): Promise<DeviceAuthorization> {
  const response = await post(oauthEndpoint(options.loginUrl, 'token'), {
    response_type: 'device_code',
    client_id: options.clientId,
    scope: options.scope ?? CONNECTOR_SCOPE,
  });
  const body = response.body;
  if (response.status !== 200 || typeof body.device_code !== 'string' || typeof body.user_code !== 'string') {
    throw response.status === 200 ? new OAuthError('invalid_response', 'no device_code or user_code in the answer', 200) : oauthErrorOf(response);
  }
  return {
    deviceCode: body.device_code,
    userCode: body.user_code,
    verificationUri: typeof body.verification_uri === 'string' ? body.verification_uri : '',
    intervalSeconds: positiveNumber(body.interval) ?? DEFAULT_INTERVAL_SECONDS,
    expiresInSeconds: positiveNumber(body.expires_in),
  };
}

/** What happened at one poll; reported so that the command can show progress. */
export type PollEvent =
  | { readonly kind: 'pending' }
  | { readonly kind: 'slow-down'; readonly intervalSeconds: number }
  | { readonly kind: 'transient'; readonly problem: string };

export type PollOutcome =
  | { readonly ok: true; readonly tokens: TokenSet; readonly polls: number }
  | { readonly ok: false; readonly error: OAuthError; readonly polls: number };

/** The code of a poll that ran out of time before anyone approved (not an OAuth error code). */
export const POLL_TIMEOUT = 'timeout';

export type PollOptions = {
  readonly loginUrl: string;
  readonly clientId: string;
  readonly authorization: DeviceAuthorization;
  readonly timeoutMs: number;
  readonly clock?: Clock;
  readonly onEvent?: (event: PollEvent) => void;
  /** Aborted by SIGINT/SIGTERM: the wait between polls ends with InterruptedError (a poll in flight is answered first). */
  readonly signal?: AbortSignal;
};

/**
 * Step 3: polls `grant_type=device` at the server's interval until the user approves. `authorization_pending` keeps
 * polling; `slow_down` adds 5 s (or takes the server's new `interval` when that is longer); every other error stops
 * (`access_denied`, `expired_token`, `invalid_grant`, …). Stops too at the timeout or when the code expires,
 * whichever comes first. A few network failures or 5xx answers in a row are tolerated.
 */
export async function pollForTokens(post: FormPoster, options: PollOptions): Promise<PollOutcome> {
  const clock = options.clock ?? systemClock;
  const { authorization } = options;
  const lifetimeMs = authorization.expiresInSeconds !== undefined ? authorization.expiresInSeconds * 1000 : Infinity;
  const deadline = clock.now() + Math.min(options.timeoutMs, lifetimeMs);
  let intervalSeconds = authorization.intervalSeconds;
  let transientFailures = 0;
  for (let polls = 1; ; polls++) {
    const wait = Math.min(intervalSeconds * 1000, Math.max(0, deadline - clock.now()));
    await unlessInterrupted(clock.sleep(wait), options.signal);
    let response;
    try {
      response = await post(oauthEndpoint(options.loginUrl, 'token'), {
        grant_type: 'device',
        client_id: options.clientId,
        code: authorization.deviceCode,
      });
    } catch (error) {
      response = { status: 0, body: { error: 'network_error', error_description: networkErrorText(error) } };
    }
    const tokens = response.status === 200 ? tokenSetOf(response.body) : undefined;
    if (tokens) return { ok: true, tokens, polls };

    const error = oauthErrorOf(response);
    const transient = response.status === 0 || (response.status >= 500 && typeof response.body.error !== 'string');
    if (transient) {
      transientFailures++;
      if (transientFailures > MAX_TRANSIENT_FAILURES) return { ok: false, error, polls };
      options.onEvent?.({ kind: 'transient', problem: error.message });
    } else if (error.code === 'authorization_pending') {
      transientFailures = 0;
      options.onEvent?.({ kind: 'pending' });
    } else if (error.code === 'slow_down') {
      transientFailures = 0;
      intervalSeconds = Math.max(intervalSeconds + SLOW_DOWN_STEP_SECONDS, positiveNumber(response.body.interval) ?? 0);
      options.onEvent?.({ kind: 'slow-down', intervalSeconds });
    } else {
      return { ok: false, error, polls };
    }
    if (clock.now() >= deadline) {
      const expired = lifetimeMs <= options.timeoutMs;
      return {
        ok: false,
        error: expired ? new OAuthError('expired_token', 'the device code expired before it was approved', undefined) : new OAuthError(POLL_TIMEOUT, undefined, undefined),
        polls,
      };
    }
  }
}
