import { Ctx } from './context.js';
import { missingPermissionMessage } from './deploy.js';
import { HttpResponse, json, notFound, restError } from './http/types.js';
import { sameId } from './ids.js';
import { StoredComponent } from './state.js';

/** Connect REST OAuth credentials resources (salesforce-eca.md §4.1). */
export function handleConnect(ctx: Ctx, userId: string, version: string, rest: string[], query: URLSearchParams): HttpResponse {
  const v = Number(version);
  const base = `/services/data/v${version}/apps/oauth`;
  if (rest[0] === 'usage' && rest.length === 1) {
    if (v < 59) return notFound();
    const apps = ctx.state
      .components('ExternalClientApplication')
      .filter((c) => !ctx.state.fixture.switches.usageListsOnlyUsedApps || ctx.state.data.usedApps.includes(c.fullName));
    const page = Number(query.get('page') ?? '0');
    const pageSize = Number(query.get('pageSize') ?? '100');
    const slice = apps.slice(page * pageSize, page * pageSize + pageSize);
    return json(200, {
      apps: slice.map((c) => ({ developerName: c.fullName, identifier: c.id })),
      currentPageUrl: `${base}/usage?page=${page}&pageSize=${pageSize}`,
      nextPageUrl: (page + 1) * pageSize < apps.length ? `${base}/usage?page=${page + 1}&pageSize=${pageSize}` : null,
    });
  }
  if (rest[0] !== 'credentials' || rest.length < 2 || rest.length > 3) return notFound();
  if (v < 60) return notFound();
  const app = ctx.state.components('ExternalClientApplication').find((c) => sameId(c.id, rest[1]));
  const perms = ctx.state.userPermissions(userId);
  if (!perms.ExternalClientAppViewer && !perms.ExternalClientAppAdmin && !perms.ExternalClientAppDeveloper) {
    return restError(403, 'INSUFFICIENT_ACCESS', missingPermissionMessage('ExternalClientAppViewer', 'Viewing OAuth credentials'));
  }
  if (!app) return restError(404, 'NOT_FOUND', `The requested resource does not exist: no External Client App with id ${rest[1]}`);
  const consumer = ctx.state.consumerForApp(app.fullName);
  const consumerUrl = (id: string): string => `${base}/credentials/${app.id}/${id}`;
  if (rest.length === 2) {
    const consumers = consumer ? [{ id: consumer.id, name: app.fullName, url: consumerUrl(consumer.id) }] : [];
    return json(200, { consumers });
  }
  if (!consumer || !sameId(consumer.id, rest[2])) return restError(404, 'NOT_FOUND', `The requested resource does not exist: no OAuth consumer with id ${rest[2]}`);
  const part = (query.get('part') ?? 'key').toLowerCase();
  if (!['key', 'secret', 'keyandsecret'].includes(part)) {
    return restError(400, 'INVALID_SEARCH', `Invalid value for part: ${part}. Valid values are key, secret, keyandsecret`);
  }
  const wantsSecret = part !== 'key';
  if (wantsSecret) {
    const refusal = secretRefusal(ctx, userId, app);
    if (refusal) return refusal;
  }
  const out: Record<string, string> = { id: consumer.id };
  if (part !== 'secret') out.key = consumer.key;
  out.name = app.fullName;
  if (wantsSecret) out.secret = consumer.secret;
  out.url = consumerUrl(consumer.id);
  if (v >= 65) out.stagedCredentialsUrl = `${consumerUrl(consumer.id)}/staged`;
  return json(200, out);
}

function secretRefusal(ctx: Ctx, userId: string, app: StoredComponent): HttpResponse | undefined {
  if (!ctx.state.settings.enableClientSecretInRestApiAccess) {
    return restError(
      403,
      'INSUFFICIENT_ACCESS',
      'Access to consumer secrets via the REST API is disabled: turn on "Allow access to External Client App consumer secrets via REST API" (ExternalClientAppSettings.enableClientSecretInRestApiAccess)'
    );
  }
  const perms = ctx.state.userPermissions(userId);
  if (!perms.ExternalClientAppDeveloper) return restError(403, 'INSUFFICIENT_ACCESS', missingPermissionMessage('ExternalClientAppDeveloper', 'Viewing the consumer secret'));
  if (!perms.ViewClientSecret) return restError(403, 'INSUFFICIENT_ACCESS', missingPermissionMessage('ViewClientSecret', 'Viewing the consumer secret'));
  if (app.fields.distributionState !== 'Local') {
    return restError(403, 'INSUFFICIENT_ACCESS', `Consumer secrets are available only for local External Client Apps; ${app.fullName} has distributionState ${typeof app.fields.distributionState === 'string' ? app.fields.distributionState : 'unset'}`);
  }
  return undefined;
}
