import { StateAggregator, type Org } from '@salesforce/core';
import { createError } from '../spec/errors.js';
import { sfCommand } from '../util/command-line.js';

/** jsforce's wording when the refresh token no longer works (revoked, expired, or the user logged out). */
const REFRESH_FAILED = /^Unable to refresh session due to:/;

/**
 * jsforce wraps the refresh error only for the request that started the refresh; a request sent at the same time waits
 * for that refresh and gets the org's error as it is (@salesforce/core's RefreshTokenAuthError).
 */
export function isSessionRefreshFailure(error: unknown): boolean {
  return error instanceof Error && (REFRESH_FAILED.test(error.message) || error.name === 'RefreshTokenAuthError');
}

/**
 * A session that cannot be refreshed becomes "log in again", naming the alias the user knows the org by (the
 * username when it has none); any other error is returned as it is.
 */
export async function explainSessionFailure(error: unknown, org: Org): Promise<unknown> {
  if (!isSessionRefreshFailure(error)) return error;
  const username = org.getUsername();
  const alias = username ? (await StateAggregator.getInstance()).aliases.get(username) : undefined;
  const name = alias ?? username ?? org.getOrgId();
  const instanceUrl = org.getConnection().instanceUrl;
  const login = sfCommand(['org', 'login', 'web'], ['--alias', name, ...(instanceUrl ? ['--instance-url', instanceUrl] : [])]);
  const sessionError = createError('SessionExpired', [name, (error as Error).message], [login], 1);
  sessionError.cause = error;
  return sessionError;
}
