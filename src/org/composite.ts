import type { Connection } from '@salesforce/core';
import { withRetry } from './retry.js';

export type QueryResult<R> = { totalSize: number; done: boolean; records: R[]; nextRecordsUrl?: string };

/** One sub-query's outcome: its records, or the org's error (a field or object this org does not have). */
export type SubQueryOutcome<R> = { ok: true; records: R[] } | { ok: false; errorCode: string; message: string };

type CompositeResponse = {
  compositeResponse: Array<{ body: unknown; httpStatusCode: number; referenceId: string }>;
};

/** Salesforce allows at most five query sub-requests in one composite request. */
export const MAX_COMPOSITE_QUERIES = 5;

async function followNextPages<R>(conn: Connection, first: QueryResult<R>): Promise<R[]> {
  const records = [...first.records];
  let page = first;
  while (!page.done && page.nextRecordsUrl) {
    const nextUrl = page.nextRecordsUrl;
     
    page = await withRetry(() => conn.request<QueryResult<R>>(nextUrl));
    records.push(...page.records);
  }
  return records;
}

/**
 * Runs up to five SOQL queries in one composite request (one round trip), each failing on its own: a query the
 * org refuses yields its error instead of failing the others.
 */
export async function compositeQueries<K extends string>(
  conn: Connection,
  queries: Readonly<Record<K, string>>
): Promise<Record<K, SubQueryOutcome<Record<string, unknown>>>> {
  const entries = Object.entries(queries) as Array<[K, string]>;
  if (entries.length > MAX_COMPOSITE_QUERIES) throw new Error(`A composite request takes at most ${MAX_COMPOSITE_QUERIES} queries.`);
  const version = conn.getApiVersion();
  const body = {
    allOrNone: false,
    compositeRequest: entries.map(([referenceId, soql]) => ({
      method: 'GET',
      url: `/services/data/v${version}/query?q=${encodeURIComponent(soql)}`,
      referenceId,
    })),
  };
  const response = await withRetry(() =>
    conn.request<CompositeResponse>({
      method: 'POST',
      url: `/services/data/v${version}/composite`,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    })
  );
  const outcomes = {} as Record<K, SubQueryOutcome<Record<string, unknown>>>;
  for (const [referenceId] of entries) {
    const sub = response.compositeResponse.find((candidate) => candidate.referenceId === referenceId);
    if (sub && sub.httpStatusCode >= 200 && sub.httpStatusCode < 300) {
       
      outcomes[referenceId] = { ok: true, records: await followNextPages(conn, sub.body as QueryResult<Record<string, unknown>>) };
    } else {
      const error = (Array.isArray(sub?.body) ? sub?.body[0] : sub?.body) as { errorCode?: string; message?: string } | undefined;
      outcomes[referenceId] = {
        ok: false,
        errorCode: error?.errorCode ?? 'UNKNOWN_ERROR',
        message: error?.message ?? 'no answer for this query',
      };
    }
  }
  return outcomes;
}
