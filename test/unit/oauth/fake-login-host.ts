import { Clock } from '../../../src/oauth/device-flow.js';
import { FormPoster, FormResponse } from '../../../src/oauth/http.js';

export type RecordedCall = { url: string; form: Record<string, string>; at: number };

/** A clock whose sleep advances time at once: polling schedules become exact and instant. */
export function fakeClock(start = 1_000_000): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: (ms: number) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

const error = (code: string, extra: Record<string, unknown> = {}): FormResponse => ({ status: 400, body: { error: code, error_description: code.replace(/_/g, ' '), ...extra } });

export const answers = {
  pending: (): FormResponse => error('authorization_pending'),
  slowDown: (interval?: number): FormResponse => error('slow_down', interval === undefined ? {} : { interval }),
  error: (code: string, description?: string, status = 400): FormResponse => ({ status, body: { error: code, ...(description ? { error_description: description } : {}) } }),
  tokens: (fields: Record<string, string> = {}): FormResponse => ({
    status: 200,
    body: { access_token: 'ACCESS-1', refresh_token: 'REFRESH-1', scope: 'full api refresh_token', instance_url: 'https://x', ...fields },
  }),
  deviceCode: (interval = 5, extra: Record<string, unknown> = {}): FormResponse => ({
    status: 200,
    body: { device_code: 'DEVICE-1', user_code: 'ABCD2345', verification_uri: 'https://login.example.com/setup/connect', interval, ...extra },
  }),
  revoked: (): FormResponse => ({ status: 200, body: {} }),
};

/**
 * A login host answering from a script: each call takes the next answer whose route matches
 * (`start`, `poll`, `refresh`, `revoke`), and every call is recorded with the clock's time.
 */
export function scriptedHost(
  script: Partial<Record<'start' | 'poll' | 'refresh' | 'revoke', Array<FormResponse | Error>>>,
  clock?: Clock
): FormPoster & { calls: RecordedCall[] } {
  const queues = Object.fromEntries(Object.entries(script).map(([route, list]) => [route, [...list]])) as Record<string, Array<FormResponse | Error>>;
  const calls: RecordedCall[] = [];
  const post = (url: string, form: Readonly<Record<string, string>>): Promise<FormResponse> => {
    calls.push({ url, form: { ...form }, at: clock?.now() ?? 0 });
    const route = url.endsWith('/revoke')
      ? 'revoke'
      : form.response_type === 'device_code'
        ? 'start'
        : form.grant_type === 'device'
          ? 'poll'
          : 'refresh';
    const next = queues[route]?.shift();
    if (next === undefined) return Promise.reject(new Error(`no scripted answer left for ${route}`));
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  };
  return Object.assign(post, { calls });
}
