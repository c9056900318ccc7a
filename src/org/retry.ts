import { bounded } from './timeout.js';

/**
 * Retries for reads and status polls, each attempt bounded in time (a stalled request counts as a transient failure). jsforce already retries GET requests, but every SOAP call and the composite
 * request are POSTs, which it never retries. The deploy request itself must never go through here: re-sending it
 * blindly could start a second deploy.
 */
export type RetryOptions = {
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly onRetry?: (error: unknown, attempt: number) => void;
  /** Time allowed to each attempt (the plugin's request timeout unless given). */
  readonly timeoutMs?: number;
};

const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'ECONNABORTED', 'EAI_AGAIN']);
const TRANSIENT_ERROR_CODES = new Set(['RequestTimeoutError', 'AbortError', 'SERVER_UNAVAILABLE', 'REQUEST_RUNNING_TOO_LONG', 'ERROR_HTTP_500', 'ERROR_HTTP_502', 'ERROR_HTTP_503', 'ERROR_HTTP_504']);

/**
 * Timeouts, connection resets, 5xx answers without a Salesforce error, and Salesforce's "server unavailable". jsforce
 * on undici reports a dropped connection as `TypeError: fetch failed` with the socket error as its `cause`, so causes
 * count too.
 */
export function isTransientError(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if (depth < 4 && isTransientError((error as { cause?: unknown }).cause, depth + 1)) return true;
  const candidate = error as { code?: unknown; errorCode?: unknown; name?: unknown; message?: unknown; type?: unknown };
  if (typeof candidate.code === 'string' && TRANSIENT_CODES.has(candidate.code)) return true;
  for (const code of [candidate.errorCode, candidate.name]) {
    if (typeof code === 'string' && (TRANSIENT_ERROR_CODES.has(code) || /^ERROR_HTTP_5\d\d$/.test(code))) return true;
  }
  const message = typeof candidate.message === 'string' ? candidate.message : '';
  return /socket hang up|ECONNRESET|network socket disconnected|Service Unavailable/i.test(message);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  const baseDelay = options.baseDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 4000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await bounded(operation, options.timeoutMs);
    } catch (error) {
      if (attempt >= attempts || !isTransientError(error)) throw error;
      options.onRetry?.(error, attempt);
      await sleep(Math.min(maxDelay, baseDelay * 2 ** (attempt - 1)));
    }
  }
}
