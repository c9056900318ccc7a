import type { Connection } from '@salesforce/core';
import { soqlString } from './connection.js';
import { SubQueryOutcome, compositeQueries } from './composite.js';
import { OrgFactsSnapshot, UserAccess } from './types.js';

/** The ECA permissions the plugin cares about, as UserPermissionAccess fields. */
export const TRACKED_PERMISSIONS = [
  'ExternalClientAppViewer',
  'ExternalClientAppAdmin',
  'ExternalClientAppDeveloper',
  'ViewClientSecret',
  'ModifyAllData',
  'CustomizeApplication',
] as const;

export class OrgQueryError extends Error {
  public constructor(public readonly query: string, public readonly errorCode: string, message: string) {
    super(message);
    this.name = 'OrgQueryError';
  }
}

type Row = Record<string, unknown>;

function required<R>(name: string, outcome: SubQueryOutcome<R>): R[] {
  if (!outcome.ok) throw new OrgQueryError(name, outcome.errorCode, outcome.message);
  return outcome.records;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const parent = (row: Row, name: string): Row | undefined => (row[name] && typeof row[name] === 'object' ? (row[name] as Row) : undefined);

function usersFrom(assignments: Row[]): Map<string, UserAccess> {
  const users = new Map<string, { id: string; username: string; profileName?: string; permissionSets: string[] }>();
  for (const row of assignments) {
    const assignee = parent(row, 'Assignee');
    const permissionSet = parent(row, 'PermissionSet');
    const username = text(assignee?.Username);
    if (!username) continue;
    const user = users.get(username.toLowerCase()) ?? { id: text(row.AssigneeId) ?? '', username, permissionSets: [] };
    if (permissionSet?.IsOwnedByProfile === true) {
      user.profileName = text(parent(permissionSet, 'Profile')?.Name);
    } else if (text(permissionSet?.Name)) {
      user.permissionSets.push(text(permissionSet?.Name)!);
    }
    users.set(username.toLowerCase(), user);
  }
  return users;
}

/**
 * Everything create and validate need to know about the org, in one composite request: the org, the running and
 * authorizing users (profile and permission sets, through their permission set assignments: every user holds the
 * permission set its profile owns), all profile and permission set names, the running user's ECA permissions, and
 * the app's record.
 */
export async function readOrgFacts(
  conn: Connection,
  options: { appName: string; authorizingUsername?: string }
): Promise<OrgFactsSnapshot & { authorizingUser?: UserAccess }> {
  const runningUsername = conn.getUsername() ?? '';
  const usernames = [...new Set([runningUsername, options.authorizingUsername ?? runningUsername].filter(Boolean))];
  const outcomes = await compositeQueries(conn, {
    org: 'SELECT Id, Name, IsSandbox, InstanceName, OrganizationType, TimeZoneSidKey, DefaultCaseAccess FROM Organization',
    assignments: `SELECT AssigneeId, Assignee.Username, PermissionSet.Name, PermissionSet.IsOwnedByProfile, PermissionSet.Profile.Name FROM PermissionSetAssignment WHERE Assignee.Username IN (${usernames.map(soqlString).join(', ')})`,
    permissionSets: 'SELECT Name, IsOwnedByProfile, Profile.Name FROM PermissionSet',
    permissions: `SELECT ${TRACKED_PERMISSIONS.map((name) => `Permissions${name}`).join(', ')} FROM UserPermissionAccess`,
    app: `SELECT Id, DeveloperName, MasterLabel, DistributionState FROM ExternalClientApplication WHERE DeveloperName = ${soqlString(options.appName)}`,
  });
  const org = required('Organization', outcomes.org)[0] ?? {};
  const users = usersFrom(required('PermissionSetAssignment', outcomes.assignments));
  const permissionSetRows = required('PermissionSet', outcomes.permissionSets);
  const appRow = outcomes.app.ok ? outcomes.app.records[0] : undefined;
  const permissionRow = outcomes.permissions.ok ? outcomes.permissions.records[0] : undefined;
  const runningUser = users.get(runningUsername.toLowerCase()) ?? { id: '', username: runningUsername, permissionSets: [] };
  const profileNames = permissionSetRows
    .filter((row) => row.IsOwnedByProfile === true)
    .map((row) => text(parent(row, 'Profile')?.Name))
    .filter((name): name is string => name !== undefined);
  return {
    orgId: text(org.Id) ?? '',
    orgName: text(org.Name) ?? '',
    isSandbox: org.IsSandbox === true,
    instanceName: text(org.InstanceName),
    organizationType: text(org.OrganizationType),
    timeZone: text(org.TimeZoneSidKey),
    defaultCaseAccess: text(org.DefaultCaseAccess),
    runningUser,
    authorizingUser: users.get((options.authorizingUsername ?? runningUsername).toLowerCase()),
    profileNames: [...new Set(profileNames)].sort(),
    permissionSetNames: permissionSetRows
      .filter((row) => row.IsOwnedByProfile !== true)
      .map((row) => text(row.Name))
      .filter((name): name is string => name !== undefined)
      .sort(),
    userPermissions: permissionRow
      ? Object.fromEntries(TRACKED_PERMISSIONS.map((name) => [name, permissionRow[`Permissions${name}`] === true]))
      : undefined,
    appLookup: !outcomes.app.ok ? 'unknown' : appRow ? 'found' : 'missing',
    appRecord: appRow
      ? {
          id: text(appRow.Id) ?? '',
          developerName: text(appRow.DeveloperName) ?? options.appName,
          label: text(appRow.MasterLabel) ?? '',
          distributionState: text(appRow.DistributionState),
        }
      : undefined,
  };
}
