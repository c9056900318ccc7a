import type { Connection } from '@salesforce/core';
import { withRetry } from '../org/retry.js';
import { OrgType, orgTypeOf } from '../spec/app-spec.js';

/** The login hosts the Dropzone Connector authorizes against, by org type (the guide's callback URL hosts). */
export const LOGIN_HOSTS: Readonly<Record<OrgType, string>> = {
  production: 'https://login.salesforce.com',
  sandbox: 'https://test.salesforce.com',
};

export type LoginUrlProblem = 'not-a-url' | 'scheme' | 'has-query';

/**
 * Checks a --login-url: an absolute https URL (http only for the local host, e.g. an emulator), without query or
 * fragment. Returns it without trailing slashes, or the problem.
 */
export function checkLoginUrl(value: string): { ok: true; url: string } | { ok: false; problem: LoginUrlProblem } {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return { ok: false, problem: 'not-a-url' };
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && local)) return { ok: false, problem: 'scheme' };
  if (parsed.search !== '' || parsed.hash !== '' || parsed.username !== '' || parsed.password !== '') return { ok: false, problem: 'has-query' };
  return { ok: true, url: `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '') };
}

/** The org's type, from Organization.IsSandbox. */
export async function readOrgType(conn: Connection): Promise<OrgType> {
  const result = await withRetry(async () => conn.query<{ IsSandbox?: boolean }>('SELECT IsSandbox FROM Organization'));
  return orgTypeOf({ isSandbox: result.records[0]?.IsSandbox === true });
}
