import type { Connection, Org } from '@salesforce/core';
import { boundTransport } from './timeout.js';

/**
 * The org's connection at the API version the command runs with (the org's own maximum when none is given), its
 * requests aborted after the request timeout.
 */
export function connectionFor(org: Org, apiVersion?: string): Connection {
  return boundTransport(org.getConnection(apiVersion));
}

/** SOQL string literal: quotes and backslashes escaped, as the SOQL grammar requires. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
