import { FormPoster, OAuthError, TokenSet, oauthEndpoint, networkErrorText, oauthErrorOf, tokenSetOf } from './http.js';

export type RefreshOutcome = { readonly ok: true; readonly tokens: TokenSet } | { readonly ok: false; readonly error: OAuthError };

/**
 * `grant_type=refresh_token` with the client id and NO client secret, exactly as the Dropzone Connector refreshes:
 * an app that demands the secret for refreshes (or PKCE, or a Zero refresh policy) fails here.
 */
export async function refreshWithoutSecret(
  post: FormPoster,
  options: { loginUrl: string; clientId: string; refreshToken: string }
): Promise<RefreshOutcome> {
  let response;
  try {
    response = await post(oauthEndpoint(options.loginUrl, 'token'), {
      grant_type: 'refresh_token',
      client_id: options.clientId,
      refresh_token: options.refreshToken,
    });
  } catch (error) {
    return { ok: false, error: new OAuthError('network_error', networkErrorText(error), undefined) };
  }
  const tokens = response.status === 200 ? tokenSetOf(response.body) : undefined;
  return tokens ? { ok: true, tokens } : { ok: false, error: oauthErrorOf(response) };
}

/**
 * Revokes one token; false when the server would not. Revoking a refresh token revokes the access tokens issued with
 * it, and the server then answers `400 invalid_token` for those: that token is revoked, so it counts.
 */
export async function revokeToken(post: FormPoster, options: { loginUrl: string; token: string }): Promise<boolean> {
  try {
    const response = await post(oauthEndpoint(options.loginUrl, 'revoke'), { token: options.token });
    return response.status === 200 || (response.status === 400 && oauthErrorOf(response).code === 'invalid_token');
  } catch {
    return false;
  }
}

/**
 * Revokes every token the smoke test obtained, refresh tokens first. Returns how many the server confirmed, out of
 * how many there were.
 */
export async function revokeAll(post: FormPoster, loginUrl: string, tokenSets: readonly TokenSet[]): Promise<{ revoked: number; total: number }> {
  const refreshTokens = tokenSets.map((set) => set.refreshToken).filter((token): token is string => token !== undefined);
  const accessTokens = tokenSets.map((set) => set.accessToken);
  const tokens = [...new Set([...refreshTokens, ...accessTokens])];
  let revoked = 0;
  for (const token of tokens) {
    if (await revokeToken(post, { loginUrl, token })) revoked++;
  }
  return { revoked, total: tokens.length };
}
