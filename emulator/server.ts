import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { Socket } from 'node:net';
import { Ctx } from './context.js';
import { FaultController } from './faults.js';
import { HttpRequest, HttpResponse, json, notFound } from './http/types.js';
import { soapFault } from './soap/envelope.js';
import { SESSION_EXPIRED, handleData, isServedVersion, versions } from './http/rest.js';
import { handleIdentity, handleRevoke, handleToken, handleUserinfo } from './oauth.js';
import { handleMetadataSoap, soapOperation } from './soap/metadata.js';
import { handleVerificationPage } from './verification-page.js';

export type RequestLogEntry = { method: string; path: string; soapOperation?: string; status: number; at: number };

export type ServerHandle = { server: Server; stop: () => Promise<void> };

/** Plain node:http server: logs every request, applies latency and injected faults, then routes. */
export function createEmulatorServer(ctx: Ctx, faults: FaultController, log: RequestLogEntry[]): ServerHandle {
  const sockets = new Set<Socket>();
  const stalls = new Set<NodeJS.Timeout>();
  let stopping = false;

  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (ms <= 0) return resolve();
      const t = setTimeout(() => {
        stalls.delete(t);
        resolve();
      }, ms);
      stalls.add(t);
    });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks));
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const url = new URL((req.url ?? '/').replace(/\/{2,}/g, '/'), 'http://emulator');
    const path = url.pathname.replace(/\/{2,}/g, '/');
    const method = req.method ?? 'GET';
    const soapOp = /^\/services\/Soap\/m\//.test(path) ? soapOperation(body) : undefined;
    const entry: RequestLogEntry = { method, path, ...(soapOp ? { soapOperation: soapOp } : {}), status: 0, at: Date.now() };
    log.push(entry);
    await wait(faults.latencyMs);
    const fault = faults.take({ method, path, soapOperation: soapOp });
    if (fault?.kind === 'reset') {
      entry.status = -1;
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'stall') await wait(fault.stallMs ?? 30_000);
    if (stopping) return;
    let response: HttpResponse;
    if (fault?.kind === 'http503') response = { status: 503, headers: { 'content-type': 'text/html' }, body: '<html><body>Service Unavailable</body></html>' };
    else if (fault?.kind === 'http500') response = json(500, [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 0-0 (emulated)' }]);
    else {
      try {
        response = await route(ctx, { method, path, query: url.searchParams, headers: req.headers, body });
      } catch (err) {
        response = json(500, [{ errorCode: 'UNKNOWN_EXCEPTION', message: `An unexpected error occurred: ${(err as Error).message}` }]);
      }
    }
    if (fault?.kind === 'resetAfter') {
      entry.status = -1;
      req.socket.destroy();
      return;
    }
    entry.status = response.status;
    if (res.destroyed) return;
    res.writeHead(response.status, response.headers ?? {});
    res.end(response.body);
  }

  const stop = async (): Promise<void> => {
    stopping = true;
    for (const t of stalls) clearTimeout(t);
    stalls.clear();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { server, stop };
}

export async function route(ctx: Ctx, req: HttpRequest): Promise<HttpResponse> {
  const p = req.path.replace(/\/$/, '') || '/';
  if (p === '/services/oauth2/token') return handleToken(ctx, req);
  if (p === '/services/oauth2/revoke') return handleRevoke(ctx, req);
  if (p === '/services/oauth2/userinfo') return handleUserinfo(ctx, req);
  const id = /^\/id\/([A-Za-z0-9]{15,18})\/([A-Za-z0-9]{15,18})$/.exec(p);
  if (id) return handleIdentity(ctx, req, id[1], id[2]);
  if (p === '/services/data' && req.method === 'GET') return versions(ctx.instanceUrl());
  const data = /^\/services\/data\/v(\d+\.\d)(?:\/(.*))?$/.exec(p);
  // A version the org does not serve: REST answers 404 NOT_FOUND, SOAP an UNSUPPORTED_API_VERSION fault.
  if (data && !isServedVersion(data[1])) return notFound();
  if (data) return handleData(ctx, req, data[1], (data[2] ?? '').split('/').filter((x) => x.length > 0));
  const soap = /^\/services\/Soap\/m\/(\d+\.\d)(?:\/.*)?$/.exec(p);
  if (soap && req.method === 'POST' && !isServedVersion(soap[1])) {
    return soapFault('UNSUPPORTED_API_VERSION', 'Invalid Api version specified on URL');
  }
  if (soap && req.method === 'POST') return handleMetadataSoap(ctx, req.body, soap[1]);
  if (p === '/setup/connect' && (req.method === 'GET' || req.method === 'POST')) return handleVerificationPage(ctx, req);
  if (p.startsWith('/services/data/')) return SESSION_EXPIRED();
  return notFound();
}
