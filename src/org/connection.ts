import type { Connection, Org } from '@salesforce/core';

/** The org's connection at the API version the command runs with (the org's own maximum when none is given). */
export function connectionFor(org: Org, apiVersion?: string): Connection {
  return org.getConnection(apiVersion);
}

/** SOQL string literal: quotes and backslashes escaped, as the SOQL grammar requires. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
