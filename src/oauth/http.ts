/** One answer of an OAuth endpoint: the status and the JSON body (empty when the body is not JSON). */
export type FormResponse = { readonly status: number; readonly body: Readonly<Record<string, unknown>> };

/** POSTs an URL-encoded form. Injected so that tests can stand in for the login host. */
export type FormPoster = (url: string, form: Readonly<Record<string, string>>) => Promise<FormResponse>;

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The OAuth endpoints are called with Node's fetch, not through the org's Connection: the Connection would add the
 * CLI user's own session header to a request bound for the login host, and core logs request bodies (here a refresh
 * token in a form) at debug level. Nothing here logs, and a non-JSON body is dropped rather than echoed, because it
 * could carry a token.
 */
export const postForm: FormPoster = async (url, form) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ ...form }).toString(),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    body = {};
  }
  return { status: response.status, body };
};

/** `https://host[/path]` + `/services/oauth2/<endpoint>`, whatever trailing slashes the login URL has. */
export function oauthEndpoint(loginUrl: string, endpoint: 'token' | 'revoke'): string {
  return `${loginUrl.replace(/\/+$/, '')}/services/oauth2/${endpoint}`;
}

/** The OAuthError code of a transport failure: no answer from the login host at all. */
export const NETWORK_ERROR = 'network_error';

/** An OAuth error answer (`{"error","error_description"}`), or a transport failure (`code` = `network_error`). */
export class OAuthError extends Error {
  public constructor(
    public readonly code: string,
    public readonly description: string | undefined,
    public readonly status: number | undefined
  ) {
    super(description ? `${code}: ${description}` : code);
    this.name = 'OAuthError';
  }
}

/** A transport failure in words: fetch says only "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND, …). */
export function networkErrorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error ? (error.cause as { message?: unknown } | undefined) : undefined;
  return typeof cause?.message === 'string' && cause.message !== '' && cause.message !== message ? `${message}: ${cause.message}` : message;
}

export function oauthErrorOf(response: FormResponse): OAuthError {
  const code = typeof response.body.error === 'string' ? response.body.error : `http_${response.status}`;
  const description = typeof response.body.error_description === 'string' ? response.body.error_description : undefined;
  return new OAuthError(code, description, response.status);
}

/** What the token endpoint hands over. Held in memory only: never printed, logged or returned. */
export type TokenSet = {
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly instanceUrl?: string;
  /** Space-separated scopes granted, when the server says. */
  readonly scope?: string;
};

export function tokenSetOf(body: Readonly<Record<string, unknown>>): TokenSet | undefined {
  if (typeof body.access_token !== 'string' || body.access_token === '') return undefined;
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === 'string' && body.refresh_token !== '' ? body.refresh_token : undefined,
    instanceUrl: typeof body.instance_url === 'string' ? body.instance_url : undefined,
    scope: typeof body.scope === 'string' ? body.scope : undefined,
  };
}
