import type { Connection } from '@salesforce/core';

/**
 * How long one org request may take before it counts as lost. Every request the plugin sends is small (a few SOQL
 * rows, five components, a status); the org answers them in seconds, so 30 s without an answer means a stalled or
 * half-open connection, not a slow org. SF_DROPZONE_REQUEST_TIMEOUT (seconds) changes it.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export function requestTimeoutMs(): number {
  const seconds = Number(process.env.SF_DROPZONE_REQUEST_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_REQUEST_TIMEOUT_MS;
}

/** No answer within the time allowed; transient (the request may be retried if it is a read or a poll). */
export class RequestTimeoutError extends Error {
  public readonly code = 'ETIMEDOUT';
  public constructor(public readonly timeoutMs: number) {
    super(`The org did not answer within ${Math.round(timeoutMs / 1000)} s.`);
    this.name = 'RequestTimeoutError';
  }
}

/**
 * Settles with the operation, or rejects with RequestTimeoutError after `timeoutMs`, whatever the HTTP transport
 * underneath does with the request it was given.
 */
export async function bounded<T>(operation: () => Promise<T>, timeoutMs = requestTimeoutMs()): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new RequestTimeoutError(timeoutMs)), Math.max(0, timeoutMs));
  });
  try {
    return await Promise.race([operation(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

type HttpTransport = { httpRequest: (request: unknown, options?: Record<string, unknown>) => unknown };
const boundTransports = new WeakSet<object>();

/**
 * Asks the connection's HTTP transport to abort a request after the timeout too, so a stalled socket is closed rather
 * than left holding the process open after `bounded` gave up on it. jsforce's transport takes a `timeout` option; a
 * transport without one ignores it and `bounded` still ends the wait.
 */
export function boundTransport(conn: Connection, timeoutMs = requestTimeoutMs()): Connection {
  const transport = (conn as unknown as { _transport?: HttpTransport })._transport;
  if (!transport || typeof transport.httpRequest !== 'function' || boundTransports.has(transport)) return conn;
  const send = transport.httpRequest.bind(transport);
  transport.httpRequest = (request, options = {}) => send(request, { ...options, timeout: timeoutMs + 1000 });
  boundTransports.add(transport);
  return conn;
}
