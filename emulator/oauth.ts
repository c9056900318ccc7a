import { Ctx, session } from './context.js';
import { randomAlnum, randomToken } from './ids.js';
import { HttpRequest, HttpResponse, bearer, formBody, json } from './http/types.js';
import { splitList } from './schema.js';
import { ConsumerRec, RefreshTokenRec, StoredComponent } from './state.js';
import { sameId } from './ids.js';

/** Salesforce's OAuth error body. */
export function oauthError(status: number, error: string, description: string): HttpResponse {
  return json(status, { error, error_description: description });
}

/** OAuth scope parameter token → ECA scope names that grant it. */
const SCOPE_PARAM: Record<string, string[]> = {
  api: ['Api', 'Full'],
  web: ['Web', 'Full'],
  full: ['Full'],
  refresh_token: ['RefreshToken', 'OfflineAccess'],
  offline_access: ['RefreshToken', 'OfflineAccess'],
  openid: ['OpenID'],
  id: ['Basic', 'Profile'],
  profile: ['Profile', 'Basic'],
  email: ['Email', 'Basic'],
  address: ['Address', 'Basic'],
  phone: ['Phone', 'Basic'],
  chatter_api: ['Chatter'],
  custom_permissions: ['CustomPermissions'],
  visualforce: ['CustomApplications'],
  lightning: ['Lightning'],
  content: ['Content'],
  wave_api: ['Wave'],
  pardot_api: ['Pardot'],
  cdp_api: ['CDP'],
  sfap_api: ['SFApiPlatform'],
  mcp_api: ['MCP'],
};

const ECA_TO_PARAM: Record<string, string> = {
  Api: 'api',
  Web: 'web',
  Full: 'full',
  RefreshToken: 'refresh_token',
  OfflineAccess: 'offline_access',
  OpenID: 'openid',
  Basic: 'id',
  Profile: 'profile',
  Email: 'email',
  Address: 'address',
  Phone: 'phone',
  Chatter: 'chatter_api',
  CustomPermissions: 'custom_permissions',
};

type AppView = {
  name: string;
  consumer: ConsumerRec;
  global?: StoredComponent;
  oauth?: StoredComponent;
  policy?: StoredComponent;
  plugins?: StoredComponent;
  scopes: string[];
  flag: (name: string) => boolean;
};

/** The ECA a consumer key belongs to, with its settings. */
export function appByClientId(ctx: Ctx, clientId: string): AppView | undefined {
  const consumer = ctx.state.consumers.find((c) => c.key === clientId);
  if (!consumer) return undefined;
  const first = (type: string): StoredComponent | undefined => ctx.state.satellites(type, consumer.appName)[0];
  const global = first('ExtlClntAppGlobalOauthSettings');
  const oauth = first('ExtlClntAppOauthSettings');
  const scopesRaw = oauth?.fields.commaSeparatedOauthScopes;
  return {
    name: consumer.appName,
    consumer,
    global,
    oauth,
    policy: first('ExtlClntAppOauthConfigurablePolicies'),
    plugins: first('ExtlClntAppConfigurablePolicies'),
    scopes: splitList(typeof scopesRaw === 'string' ? scopesRaw : undefined),
    flag: (name) => global?.fields[name] === 'true',
  };
}

function oauthPluginOn(app: AppView): boolean {
  // Without a Policy component the plugin flags keep their documented default (true).
  const p = app.plugins?.fields;
  return !p || (p.isEnabled !== 'false' && p.isOauthPluginEnabled !== 'false');
}

function clientCredentials(req: HttpRequest, params: URLSearchParams): { id?: string; secret?: string } {
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
    return { id: decodeURIComponent(id), secret: secret === undefined ? undefined : decodeURIComponent(secret) };
  }
  return { id: params.get('client_id') ?? undefined, secret: params.get('client_secret') ?? undefined };
}

function tokenResponse(
  ctx: Ctx,
  userId: string,
  clientId: string,
  scope: string,
  refresh?: RefreshTokenRec,
  issuedWith: RefreshTokenRec | undefined = refresh
): HttpResponse {
  const app = appByClientId(ctx, clientId);
  const jwt = ctx.jwtSessions.on || app?.flag('isNamedUserJwtEnabled') === true;
  const access = ctx.state.issueAccessToken(userId, clientId, jwt, issuedWith?.token);
  if (app) ctx.state.markAppUsed(app.name);
  ctx.state.save();
  const base = ctx.instanceUrl();
  return json(200, {
    access_token: access.token,
    ...(refresh ? { refresh_token: refresh.token } : {}),
    signature: randomToken(32),
    scope,
    instance_url: base,
    id: `${base}/id/${ctx.state.orgId}/${userId}`,
    token_type: 'Bearer',
    issued_at: String(access.issuedAt),
  });
}

export function handleToken(ctx: Ctx, req: HttpRequest): HttpResponse {
  if (req.method !== 'POST') return oauthError(400, 'invalid_request', 'must use HTTP POST');
  const params = formBody(req);
  if (params.get('response_type') === 'device_code') return startDeviceFlow(ctx, req, params);
  switch (params.get('grant_type')) {
    case 'refresh_token':
      return refreshGrant(ctx, req, params);
    case 'device':
      return pollDeviceFlow(ctx, req, params);
    case null:
      return oauthError(400, 'invalid_request', 'grant type not supported');
    default:
      return oauthError(400, 'unsupported_grant_type', 'grant type not supported');
  }
}

function refreshGrant(ctx: Ctx, req: HttpRequest, params: URLSearchParams): HttpResponse {
  const { id: clientId, secret } = clientCredentials(req, params);
  const token = params.get('refresh_token');
  if (!clientId) return oauthError(400, 'invalid_client_id', 'client identifier invalid');
  const app = clientId === ctx.cliClientId ? undefined : appByClientId(ctx, clientId);
  if (clientId !== ctx.cliClientId && (!app || !oauthPluginOn(app))) return oauthError(400, 'invalid_client_id', 'client identifier invalid');
  const rt = token ? ctx.state.refreshToken(token) : undefined;
  if (app) {
    if (secret !== undefined && secret !== app.consumer.secret) return oauthError(400, 'invalid_client', 'invalid client credentials');
    if (secret === undefined && app.flag('isSecretRequiredForRefreshToken')) return oauthError(400, 'invalid_client', 'client secret required');
  }
  if (!rt || !rt.valid || rt.clientId !== clientId) return oauthError(400, 'invalid_grant', 'expired access/refresh token');
  if (app) {
    if (app.policy?.fields.refreshTokenPolicyType === 'Zero') return oauthError(400, 'invalid_grant', 'expired access/refresh token');
    if (ctx.state.fixture.switches.pkceBreaksDeviceFlowRefresh && rt.viaDeviceFlow && app.flag('isPkceRequired')) {
      return oauthError(400, 'invalid_grant', 'expired access/refresh token');
    }
  }
  const user = ctx.state.userById(rt.userId);
  if (!user?.isActive) return oauthError(400, 'invalid_grant', 'inactive user');
  let rotated: RefreshTokenRec | undefined;
  if (app?.flag('isRefreshTokenRotationEnabled')) {
    rt.valid = false;
    rotated = ctx.state.issueRefreshToken({ userId: rt.userId, clientId, appName: rt.appName, scopes: rt.scopes, viaDeviceFlow: rt.viaDeviceFlow });
  }
  const scope = app ? rt.scopes.join(' ') : 'web api full refresh_token openid';
  return tokenResponse(ctx, rt.userId, clientId, scope, rotated, rotated ?? rt);
}

function startDeviceFlow(ctx: Ctx, req: HttpRequest, params: URLSearchParams): HttpResponse {
  const { id: clientId } = clientCredentials(req, params);
  const app = clientId ? appByClientId(ctx, clientId) : undefined;
  if (!clientId || !app || !oauthPluginOn(app)) return oauthError(400, 'invalid_client_id', 'client identifier invalid');
  if (!app.flag('isDeviceFlowEnabled')) return oauthError(400, 'invalid_request', 'device flow not enabled for this client');
  const requested = (params.get('scope') ?? '').split(/\s+/).filter((s) => s.length > 0);
  const granted = app.scopes.map((s) => ECA_TO_PARAM[s]).filter((s): s is string => s !== undefined);
  for (const s of requested) {
    const needs = SCOPE_PARAM[s];
    if (!needs || !needs.some((n) => app.scopes.includes(n))) return oauthError(400, 'invalid_scope', 'the requested scope is not allowed');
  }
  const rec = {
    deviceCode: randomToken(48),
    userCode: randomAlnum(8, 'BCDFGHJKLMNPQRSTVWXZ23456789'),
    clientId,
    appName: app.name,
    scopes: requested.length > 0 ? requested : granted,
    createdAt: Date.now(),
    status: 'pending' as const,
  };
  ctx.deviceCodes.set(rec.deviceCode, rec);
  return json(200, {
    device_code: rec.deviceCode,
    user_code: rec.userCode,
    verification_uri: `${ctx.instanceUrl()}/setup/connect`,
    interval: ctx.state.fixture.switches.deviceCodeInterval,
  });
}

function pollDeviceFlow(ctx: Ctx, req: HttpRequest, params: URLSearchParams): HttpResponse {
  const { id: clientId, secret } = clientCredentials(req, params);
  const code = params.get('code') ?? params.get('device_code') ?? '';
  const rec = ctx.deviceCodes.get(code);
  const sw = ctx.state.fixture.switches;
  if (!rec || rec.status === 'consumed') return oauthError(400, 'invalid_grant', 'invalid device code');
  if (Date.now() - rec.createdAt > sw.deviceCodeExpiresIn * 1000) return oauthError(400, 'invalid_grant', 'expired device code');
  const app = clientId ? appByClientId(ctx, clientId) : undefined;
  if (!app || clientId !== rec.clientId || !oauthPluginOn(app)) return oauthError(400, 'invalid_client_id', 'client identifier invalid');
  if (secret !== undefined && secret !== app.consumer.secret) return oauthError(400, 'invalid_client', 'invalid client credentials');
  if (secret === undefined && sw.deviceFlowPollRequiresSecret && !app.flag('isConsumerSecretOptional')) {
    return oauthError(400, 'invalid_client', 'client secret required');
  }
  const now = Date.now();
  const tooFast = rec.lastPollAt !== undefined && now - rec.lastPollAt < sw.deviceCodeInterval * 1000;
  rec.lastPollAt = now;
  if (rec.status === 'denied') return oauthError(400, 'access_denied', 'end-user denied authorization');
  if (rec.status === 'pending') {
    return tooFast ? oauthError(400, 'slow_down', 'polling too frequently') : oauthError(400, 'authorization_pending', 'authorization pending');
  }
  const userId = rec.userId!;
  if (app.policy?.fields.permittedUsersPolicyType === 'AdminApprovedPreAuthorized' && !preAuthorized(ctx, userId, app.name)) {
    rec.status = 'consumed';
    return oauthError(400, 'invalid_app_access', 'user is not admin approved to access this app');
  }
  rec.status = 'consumed';
  const offline = rec.scopes.includes('refresh_token') || rec.scopes.includes('offline_access');
  const refresh = offline
    ? ctx.state.issueRefreshToken({ userId, clientId: rec.clientId, appName: app.name, scopes: rec.scopes, viaDeviceFlow: true })
    : undefined;
  return tokenResponse(ctx, userId, rec.clientId, rec.scopes.join(' '), refresh);
}

function preAuthorized(ctx: Ctx, userId: string, appName: string): boolean {
  const eca = ctx.state.component('ExternalClientApplication', appName);
  if (!eca) return false;
  const parents = new Set(ctx.state.userPermissionSets(userId).map((p) => p.id));
  return ctx.state.grants.some((g) => sameId(g.setupEntityId, eca.id) && parents.has(g.parentId));
}

export function handleRevoke(ctx: Ctx, req: HttpRequest): HttpResponse {
  const token = formBody(req).get('token') ?? '';
  const access = ctx.state.accessToken(token);
  const refresh = ctx.state.refreshToken(token);
  if (!access && !refresh) return oauthError(400, 'unsupported_token_type', 'this token type is not supported');
  if (!(access ?? refresh)!.valid) return oauthError(400, 'invalid_token', 'invalid token');
  if (access) access.valid = false;
  if (refresh) {
    refresh.valid = false;
    for (const t of ctx.state.data.accessTokens) if (t.refreshToken === refresh.token) t.valid = false;
  }
  ctx.state.save();
  return { status: 200, body: '' };
}

export function identity(ctx: Ctx, userId: string): Record<string, unknown> {
  const user = ctx.state.userById(userId)!;
  const base = ctx.instanceUrl();
  const orgId = ctx.state.orgId;
  return {
    sub: `${base}/id/${orgId}/${user.id}`,
    user_id: user.id,
    organization_id: orgId,
    preferred_username: user.username,
    nickname: user.username.split('@')[0],
    name: user.name,
    email: user.email,
    email_verified: true,
    zoneinfo: 'America/Los_Angeles',
    active: user.isActive,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    is_app_installed: true,
    urls: {
      enterprise: `${base}/services/Soap/c/{version}/${orgId}`,
      metadata: `${base}/services/Soap/m/{version}/${orgId}`,
      partner: `${base}/services/Soap/u/{version}/${orgId}`,
      rest: `${base}/services/data/v{version}/`,
      sobjects: `${base}/services/data/v{version}/sobjects/`,
      query: `${base}/services/data/v{version}/query/`,
      tooling_rest: `${base}/services/data/v{version}/tooling/`,
      profile: `${base}/${user.id}`,
      custom_domain: base,
    },
    updated_at: '2026-01-01T00:00:00Z',
  };
}

export function handleUserinfo(ctx: Ctx, req: HttpRequest): HttpResponse {
  const s = session(ctx, bearer(req));
  if (!s) return { status: 403, headers: { 'content-type': 'text/plain' }, body: 'Bad_OAuth_Token' };
  return json(200, identity(ctx, s.userId));
}

export function handleIdentity(ctx: Ctx, req: HttpRequest, orgId: string, userId: string): HttpResponse {
  const s = session(ctx, bearer(req) ?? req.query.get('oauth_token') ?? undefined);
  if (!s) return { status: 403, headers: { 'content-type': 'text/plain' }, body: 'Bad_OAuth_Token' };
  if (!sameId(orgId, ctx.state.orgId) || !ctx.state.userById(userId)) return oauthError(404, 'Bad_Id', 'Bad_Id');
  const id = identity(ctx, userId);
  return json(200, { id: id.sub, asserted_user: true, username: id.preferred_username, display_name: id.name, ...id });
}

/** Act as the person in the browser: approve or deny a pending device code. */
export function decideDeviceCode(ctx: Ctx, userCode: string, approve: boolean, username?: string): void {
  const rec = [...ctx.deviceCodes.values()].find((r) => r.userCode === userCode.toUpperCase().replace(/[^A-Z0-9]/g, ''));
  if (!rec || rec.status !== 'pending') throw new Error(`no pending device code with user code ${userCode}`);
  if (!approve) {
    rec.status = 'denied';
    return;
  }
  const user = ctx.state.userByUsername(username ?? ctx.state.fixture.runningUser);
  if (!user) throw new Error(`unknown user ${username ?? ''}`);
  rec.status = 'approved';
  rec.userId = user.id;
}
