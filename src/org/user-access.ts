import type { Connection } from '@salesforce/core';
import { soqlString } from './connection.js';
import { SubQueryOutcome, compositeQueries } from './composite.js';
import type { ProfileLoginHours } from './profile-login.js';
import type { DeployedApp, OrgFactsSnapshot } from './types.js';

/** Where a permission comes from: the user's profile, a permission set, or a permission set group (its aggregate). */
export type AccessSource = { readonly kind: 'profile' | 'permission set' | 'permission set group'; readonly name: string };

/** The user permissions of one assigned permission set that the connector depends on. */
export type UserPermissionGrant = {
  readonly source: AccessSource;
  readonly apiEnabled: boolean;
  readonly apiUserOnly: boolean;
  readonly viewAllData: boolean;
  readonly modifyAllData: boolean;
};

/** One assigned permission set's access to an object (an ObjectPermissions row). */
export type ObjectGrant = {
  readonly source: AccessSource;
  readonly read: boolean;
  readonly edit: boolean;
  readonly viewAll: boolean;
  readonly modifyAll: boolean;
};

export type LoginIpRange = { readonly startAddress: string; readonly endAddress: string; readonly description?: string };

/**
 * What decides whether a user can run the connector. A part left undefined could not be read (the running user may
 * lack Manage Users or View Setup and Configuration); the rows then warn instead of guessing.
 */
export type UserAccessFacts = {
  readonly username: string;
  readonly found: boolean;
  readonly isActive?: boolean;
  readonly isFrozen?: boolean;
  readonly profileName?: string;
  readonly loginIpRanges?: readonly LoginIpRange[];
  readonly permissions?: readonly UserPermissionGrant[];
  readonly caseAccess?: readonly ObjectGrant[];
  /** The profile's login hours, from its metadata (read with the app); undefined when not read. */
  readonly loginHours?: ProfileLoginHours;
  /** Organization.TimeZoneSidKey: login hours apply in the org's default time zone, never the user's. */
  readonly orgTimeZone?: string;
  /** Organization.DefaultCaseAccess: Case's organization-wide default. */
  readonly defaultCaseAccess?: string;
};

/**
 * The user's access completed with what the other reads found: the org's time zone and Case default (facts
 * composite) and the profile's login hours (the retrieve that read the app).
 */
export function withOrgContext(
  access: UserAccessFacts,
  snapshot: Pick<OrgFactsSnapshot, 'timeZone' | 'defaultCaseAccess'>,
  deployed: Pick<DeployedApp, 'profileLoginHours'> | undefined
): UserAccessFacts {
  const loginHours = access.profileName === undefined ? undefined : deployed?.profileLoginHours?.get(access.profileName);
  return {
    ...access,
    ...(loginHours ? { loginHours } : {}),
    ...(snapshot.timeZone ? { orgTimeZone: snapshot.timeZone } : {}),
    ...(snapshot.defaultCaseAccess ? { defaultCaseAccess: snapshot.defaultCaseAccess } : {}),
  };
}

/** The object the connector updates (the guide: "update existing Salesforce cases with secure links"). */
export const CONNECTOR_OBJECT = 'Case';

type Row = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const parent = (row: Row | undefined, name: string): Row | undefined =>
  row && row[name] && typeof row[name] === 'object' ? (row[name] as Row) : undefined;
const records = (outcome: SubQueryOutcome<Row>): Row[] | undefined => (outcome.ok ? outcome.records : undefined);

function sourceOf(assignment: Row): AccessSource {
  const permissionSet = parent(assignment, 'PermissionSet');
  const group = text(parent(assignment, 'PermissionSetGroup')?.DeveloperName);
  if (group) return { kind: 'permission set group', name: group };
  if (permissionSet?.IsOwnedByProfile === true) return { kind: 'profile', name: text(parent(permissionSet, 'Profile')?.Name) ?? '(profile)' };
  return { kind: 'permission set', name: text(permissionSet?.Name) ?? text(assignment.PermissionSetId) ?? '(permission set)' };
}

/**
 * Reads whether `username` can log in, use the API and edit Cases, in ONE composite request (five queries). Each
 * assignment's permission set is read as the org computed it: for a permission set group that is the group's
 * aggregate permission set, so muted permissions are already taken out.
 */
export async function readUserAccess(conn: Connection, username: string): Promise<UserAccessFacts> {
  const user = soqlString(username);
  const assignedTo = `SELECT PermissionSetId FROM PermissionSetAssignment WHERE Assignee.Username = ${user}`;
  const outcomes = await compositeQueries(conn, {
    user: `SELECT Id, IsActive, Profile.Name FROM User WHERE Username = ${user}`,
    login: `SELECT IsFrozen FROM UserLogin WHERE User.Username = ${user}`,
    assignments:
      'SELECT PermissionSetId, PermissionSetGroupId, PermissionSetGroup.DeveloperName, PermissionSet.Name, PermissionSet.IsOwnedByProfile, ' +
      'PermissionSet.Profile.Name, PermissionSet.PermissionsApiEnabled, PermissionSet.PermissionsApiUserOnly, ' +
      `PermissionSet.PermissionsViewAllData, PermissionSet.PermissionsModifyAllData FROM PermissionSetAssignment WHERE Assignee.Username = ${user}`,
    objects:
      'SELECT ParentId, PermissionsRead, PermissionsEdit, PermissionsViewAllRecords, PermissionsModifyAllRecords FROM ObjectPermissions ' +
      `WHERE SobjectType = ${soqlString(CONNECTOR_OBJECT)} AND ParentId IN (${assignedTo})`,
    ipRanges: `SELECT StartAddress, EndAddress, Description FROM LoginIpRange WHERE ProfileId IN (SELECT ProfileId FROM User WHERE Username = ${user})`,
  });
  const userRow = records(outcomes.user)?.[0];
  const loginRows = records(outcomes.login);
  const assignments = records(outcomes.assignments);
  const objectRows = records(outcomes.objects);
  const ipRows = records(outcomes.ipRanges);
  const sources = new Map((assignments ?? []).map((row) => [text(row.PermissionSetId)?.slice(0, 15) ?? '', sourceOf(row)]));
  return {
    username,
    found: userRow !== undefined || (assignments?.length ?? 0) > 0,
    isActive: userRow ? userRow.IsActive === true : undefined,
    isFrozen: loginRows && loginRows.length > 0 ? loginRows[0].IsFrozen === true : undefined,
    profileName: text(parent(userRow, 'Profile')?.Name),
    loginIpRanges: ipRows?.map((row) => ({
      startAddress: text(row.StartAddress) ?? '',
      endAddress: text(row.EndAddress) ?? '',
      ...(text(row.Description) ? { description: text(row.Description) } : {}),
    })),
    permissions: assignments?.map((row) => {
      const permissionSet = parent(row, 'PermissionSet');
      return {
        source: sourceOf(row),
        apiEnabled: permissionSet?.PermissionsApiEnabled === true,
        apiUserOnly: permissionSet?.PermissionsApiUserOnly === true,
        viewAllData: permissionSet?.PermissionsViewAllData === true,
        modifyAllData: permissionSet?.PermissionsModifyAllData === true,
      };
    }),
    caseAccess: objectRows?.map((row) => ({
      source: sources.get(text(row.ParentId)?.slice(0, 15) ?? '') ?? { kind: 'permission set', name: text(row.ParentId) ?? '' },
      read: row.PermissionsRead === true,
      edit: row.PermissionsEdit === true,
      viewAll: row.PermissionsViewAllRecords === true,
      modifyAll: row.PermissionsModifyAllRecords === true,
    })),
  };
}
