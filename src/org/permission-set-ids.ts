import type { Connection } from '@salesforce/core';
import { AppComponents, fieldOf, joinList, splitList } from '../metadata/components.js';
import { soqlString } from './connection.js';
import { withRetry } from './retry.js';

/**
 * `commaSeparatedPermissionSet` holds permission set API names in practice, but its field text says "Permission set
 * IDs" (salesforce-eca.md §2.1). The plugin works with names; these translate at the org boundary: an app read with ids
 * is shown and checked by name, and a deploy to an org that wants ids sends ids.
 */
// API names begin with a letter, so an id is never mistaken for one.
const PERMISSION_SET_ID = /^0PS[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

export function isPermissionSetId(token: string): boolean {
  return PERMISSION_SET_ID.test(token);
}

type Row = { Id: string; Name: string };

async function query(conn: Connection, where: string): Promise<Row[]> {
  const soql = `SELECT Id, Name FROM PermissionSet WHERE ${where}`;
  return (await withRetry(async () => conn.query<Row>(soql))).records;
}

const id15 = (id: string): string => id.slice(0, 15);

function withList(app: AppComponents, list: string[]): AppComponents {
  const policy = app.oauthPolicy!;
  return { ...app, oauthPolicy: { ...policy, fields: { ...policy.fields, commaSeparatedPermissionSet: joinList(list) } } };
}

/**
 * The app with the permission set ids of its OAuth policy replaced by their API names (an id the org does not know is
 * kept as it is), and whether the org wrote ids there.
 */
export async function withPermissionSetNames(conn: Connection, app: AppComponents): Promise<{ app: AppComponents; byId: boolean }> {
  const list = splitList(fieldOf(app.oauthPolicy, 'commaSeparatedPermissionSet'));
  const ids = list.filter(isPermissionSetId);
  if (ids.length === 0) return { app, byId: false };
  const rows = await query(conn, `Id IN (${ids.map(soqlString).join(', ')})`);
  const names = new Map(rows.map((row) => [id15(row.Id), row.Name]));
  return { app: withList(app, list.map((token) => (isPermissionSetId(token) ? names.get(id15(token)) ?? token : token))), byId: true };
}

/** The app with the permission set names of its OAuth policy replaced by their ids, for an org that wants ids. */
export async function withPermissionSetIds(conn: Connection, app: AppComponents): Promise<AppComponents> {
  const list = splitList(fieldOf(app.oauthPolicy, 'commaSeparatedPermissionSet'));
  const names = list.filter((token) => !isPermissionSetId(token));
  if (names.length === 0) return app;
  const rows = await query(conn, `Name IN (${names.map(soqlString).join(', ')})`);
  const ids = new Map(rows.map((row) => [row.Name.toLowerCase(), row.Id]));
  return withList(app, list.map((token) => ids.get(token.toLowerCase()) ?? token));
}
