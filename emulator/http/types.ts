import { IncomingHttpHeaders } from 'node:http';

export type HttpRequest = {
  method: string;
  /** Path with duplicate slashes collapsed, without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
};

export type HttpResponse = { status: number; headers?: Record<string, string>; body: string | Buffer };

export function json(status: number, value: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json;charset=UTF-8', ...headers }, body: JSON.stringify(value) };
}

/** Salesforce's REST error body: a list of {message, errorCode}. */
export function restError(status: number, errorCode: string, message: string): HttpResponse {
  return json(status, [{ message, errorCode }]);
}

export function notFound(): HttpResponse {
  return json(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
}

export function bearer(req: HttpRequest): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(h);
  return m ? m[1].trim() : undefined;
}

export function formBody(req: HttpRequest): URLSearchParams {
  const params = new URLSearchParams(req.body.toString('utf8'));
  for (const [k, v] of req.query) if (!params.has(k)) params.set(k, v);
  return params;
}
