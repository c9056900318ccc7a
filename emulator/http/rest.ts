import { Ctx, isJwtSession, session } from '../context.js';
import { handleConnect } from '../connect.js';
import { sameId } from '../ids.js';
import { deployOptions } from '../soap/metadata.js';
import { deployResultView } from '../soap/results.js';
import { buildCatalog } from '../sobjects.js';
import { SoqlError, runSoql } from '../soql.js';
import { parseMultipart } from './multipart.js';
import { HttpRequest, HttpResponse, bearer, json, notFound, restError } from './types.js';

export const MAX_API_VERSION = 66;
export const MIN_API_VERSION = 31;

/** Whether the org serves this API version (it lists exactly these under /services/data). */
export function isServedVersion(version: string): boolean {
  const major = Number(version);
  return Number.isInteger(major) && major >= MIN_API_VERSION && major <= MAX_API_VERSION;
}

export function versions(instanceUrl: string): HttpResponse {
  const list = [];
  for (let v = MIN_API_VERSION; v <= MAX_API_VERSION; v++) list.push({ label: `v${v}.0`, url: `/services/data/v${v}.0`, version: `${v}.0` });
  void instanceUrl;
  return json(200, list);
}

function resources(version: string): Record<string, string> {
  const base = `/services/data/v${version}`;
  const names = ['sobjects', 'query', 'queryAll', 'tooling', 'composite', 'metadata', 'connect', 'apps', 'limits', 'search', 'recent'];
  return Object.fromEntries(names.map((n) => [n, `${base}/${n}`]));
}

export const SESSION_EXPIRED = (): HttpResponse => restError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');

/** Everything under /services/data/vXX.X. `rest` is the path after the version segment. */
export async function handleData(ctx: Ctx, req: HttpRequest, version: string, rest: string[]): Promise<HttpResponse> {
  const s = session(ctx, bearer(req));
  if (!s) return SESSION_EXPIRED();
  return dataRoute(ctx, req, version, rest, s.userId, isJwtSession(ctx, s));
}

async function dataRoute(ctx: Ctx, req: HttpRequest, version: string, rest: string[], userId: string, jwt: boolean): Promise<HttpResponse> {
  const [head, ...tail] = rest;
  if (head === undefined) return req.method === 'GET' ? json(200, resources(version)) : notFound();
  if ((head === 'query' || head === 'queryAll') && tail.length === 0 && req.method === 'GET') return query(ctx, req.query.get('q'), version, userId, false);
  if (head === 'tooling' && tail[0] === 'query' && tail.length === 1 && req.method === 'GET') return query(ctx, req.query.get('q'), version, userId, true);
  if (head === 'sobjects' && tail.length === 2 && req.method === 'GET') return sobjectRecord(ctx, version, userId, tail[0], tail[1]);
  if (head === 'composite' && tail.length === 0 && req.method === 'POST') return composite(ctx, req, version, userId, jwt);
  if (head === 'metadata' && tail[0] === 'deployRequest') return deployRequest(ctx, req, version, userId, tail.slice(1), jwt);
  if (head === 'apps' && tail[0] === 'oauth' && req.method === 'GET') return handleConnect(ctx, userId, version, tail.slice(1), req.query);
  return notFound();
}

function query(ctx: Ctx, q: string | null, version: string, userId: string, tooling: boolean): HttpResponse {
  if (!q) return restError(400, 'MALFORMED_QUERY', 'A query string must be provided.');
  try {
    return json(200, runSoql(q, buildCatalog(ctx.state, userId, version, tooling)));
  } catch (err) {
    if (err instanceof SoqlError) return restError(400, err.errorCode, err.message);
    throw err;
  }
}

function sobjectRecord(ctx: Ctx, version: string, userId: string, type: string, id: string): HttpResponse {
  const catalog = buildCatalog(ctx.state, userId, version, false);
  const obj = catalog.object(type);
  if (!obj) return restError(404, 'NOT_FOUND', `The requested resource does not exist`);
  const row = obj.rows().find((r) => sameId(r.id, id));
  if (!row) return restError(404, 'NOT_FOUND', 'Provided external ID field does not exist or is not accessible: ' + id);
  return json(200, { attributes: { type: obj.name, url: catalog.urlFor(obj.name, row.id) }, ...row.values });
}

type SubRequest = { method?: string; url?: string; referenceId?: string; body?: unknown };

async function composite(ctx: Ctx, req: HttpRequest, version: string, userId: string, jwt: boolean): Promise<HttpResponse> {
  let payload: { allOrNone?: boolean; compositeRequest?: SubRequest[] };
  try {
    payload = JSON.parse(req.body.toString('utf8')) as typeof payload;
  } catch {
    return restError(400, 'JSON_PARSER_ERROR', 'Unexpected character in the request body');
  }
  const subs = payload.compositeRequest ?? [];
  if (subs.length === 0 || subs.length > 25) return restError(400, 'INVALID_INPUT', 'compositeRequest must contain between 1 and 25 subrequests');
  const out: Array<{ body: unknown; httpHeaders: Record<string, string>; httpStatusCode: number; referenceId: string }> = [];
  let halted = false;
  for (const sub of subs) {
    const referenceId = sub.referenceId ?? '';
    if (halted) {
      out.push({ body: [{ errorCode: 'PROCESSING_HALTED', message: 'The transaction was rolled back since another operation in the same transaction failed.' }], httpHeaders: {}, httpStatusCode: 400, referenceId });
      continue;
    }
    const url = new URL((sub.url ?? '').replace(/\/{2,}/g, '/'), 'http://composite');
    const m = /^\/services\/data\/v(\d+\.\d)(?:\/(.*))?$/.exec(url.pathname);
    let res: HttpResponse;
    if (!m) res = notFound();
    else {
      const subReq: HttpRequest = {
        method: (sub.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.from(sub.body === undefined ? '' : JSON.stringify(sub.body)),
      };
      res = await dataRoute(ctx, subReq, m[1], (m[2] ?? '').split('/').filter((p) => p.length > 0), userId, jwt);
    }
    const text = typeof res.body === 'string' ? res.body : res.body.toString('utf8');
    out.push({ body: text ? (JSON.parse(text) as unknown) : null, httpHeaders: {}, httpStatusCode: res.status, referenceId });
    if (res.status >= 400 && payload.allOrNone === true) halted = true;
  }
  return json(200, { compositeResponse: out });
}

async function deployRequest(ctx: Ctx, req: HttpRequest, version: string, userId: string, tail: string[], jwt: boolean): Promise<HttpResponse> {
  if (jwt && !ctx.state.fixture.switches.restDeployAcceptsJwt) return SESSION_EXPIRED();
  if (req.method === 'POST' && tail.length === 0) {
    const parts = parseMultipart(req.body, req.headers['content-type']);
    const file = parts.find((p) => p.name === 'file');
    const entity = parts.find((p) => p.name === 'entity_content');
    if (!file) return restError(400, 'INVALID_MULTIPART_REQUEST', 'The request is missing the file part');
    let opts: Record<string, unknown> = {};
    try {
      opts = entity ? ((JSON.parse(entity.data.toString('utf8')) as { deployOptions?: Record<string, unknown> }).deployOptions ?? {}) : {};
    } catch {
      return restError(400, 'JSON_PARSER_ERROR', 'entity_content is not valid JSON');
    }
    const job = ctx.jobs.submitDeploy(file.data, deployOptions(opts), version, userId);
    return json(201, { id: job.id, deployOptions: opts, deployResult: { id: job.id, done: false, status: 'Pending', success: false } });
  }
  if (req.method === 'GET' && tail.length === 1) {
    const job = await ctx.jobs.deploy(tail[0]);
    if (!job) return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const view = deployResultView(ctx.state, job, req.query.get('includeDetails') === 'true');
    return json(200, { id: job.id, url: `/services/data/v${version}/metadata/deployRequest/${job.id}`, deployResult: view, deployOptions: job.options });
  }
  if (req.method === 'PATCH' && tail.length === 1) {
    const job = ctx.jobs.cancelDeploy(tail[0]);
    if (!job) return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return json(202, { id: job.id, deployResult: deployResultView(ctx.state, job, false) });
  }
  return notFound();
}
