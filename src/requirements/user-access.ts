import type { AccessSource, UserAccessFacts } from '../org/user-access.js';
import { CONNECTOR_OBJECT } from '../org/user-access.js';

/**
 * A verdict on one of the authorizing user's rows: `true` passes, `false` fails, `'warn'` may break the connector,
 * `undefined` could not be read. `args` fill the row's action in messages/requirements.md.
 */
export type UserVerdict = {
  readonly holds: boolean | 'warn' | undefined;
  readonly expected: string;
  readonly found: string;
  readonly args: readonly string[];
};

const COULD_NOT_READ = '(could not read)';

const describe = (source: AccessSource): string => `${source.kind} ${source.name}`;
const KIND_ORDER: readonly AccessSource['kind'][] = ['profile', 'permission set', 'permission set group'];
/** Profile first, then permission sets, then groups, each by name: the order an admin looks in Setup. */
const list = (sources: readonly AccessSource[]): string =>
  [...new Map(sources.map((source) => [describe(source), source])).values()]
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name))
    .map(describe)
    .join(', ');

/** Where a missing permission is best added: the user's profile when it is a custom one we can name. */
const profileOf = (access: UserAccessFacts): string => access.profileName ?? '(unknown profile)';

export function canLogIn(access: UserAccessFacts): UserVerdict {
  const { username } = access;
  const expected = `${username} is active, not frozen, and its profile sets no login IP ranges`;
  const args = [username, profileOf(access)];
  if (access.isActive === undefined) return { holds: undefined, expected, found: COULD_NOT_READ, args };
  if (!access.isActive) return { holds: false, expected, found: `${username} is inactive`, args };
  if (access.isFrozen === true) return { holds: false, expected, found: `${username} is frozen`, args };
  const notFrozen = access.isFrozen === false ? 'not frozen' : 'frozen or not: could not read UserLogin';
  if (access.loginIpRanges === undefined) {
    return { holds: 'warn', expected, found: `${username} is active, ${notFrozen}; login IP ranges: could not read`, args };
  }
  if (access.loginIpRanges.length > 0) {
    const ranges = access.loginIpRanges.map((range) => `${range.startAddress}–${range.endAddress}`).join(', ');
    return { holds: 'warn', expected, found: `${username} is active, ${notFrozen}; profile ${profileOf(access)} allows logins only from ${ranges}`, args };
  }
  return { holds: access.isFrozen === false ? true : 'warn', expected, found: `${username} is active, ${notFrozen}, no login IP ranges`, args };
}

export function apiEnabled(access: UserAccessFacts): UserVerdict {
  const { username } = access;
  const expected = `${username} has API Enabled (profile, permission set or permission set group)`;
  const args = [username, profileOf(access)];
  if (access.permissions === undefined) return { holds: undefined, expected, found: COULD_NOT_READ, args };
  const granting = access.permissions.filter((grant) => grant.apiEnabled).map((grant) => grant.source);
  const apiOnly = access.permissions.some((grant) => grant.apiUserOnly)
    ? '; API Only User (no Setup or UI login, which the connector does not need)'
    : '';
  if (granting.length === 0) {
    return { holds: false, expected, found: `API Enabled in none of ${list(access.permissions.map((grant) => grant.source))}${apiOnly}`, args };
  }
  return { holds: true, expected, found: `API Enabled from ${list(granting)}${apiOnly}`, args };
}

export function canEditCases(access: UserAccessFacts): UserVerdict {
  const { username } = access;
  const object = CONNECTOR_OBJECT;
  const expected = `${username} can read and edit ${object} (or has View All / Modify All Data)`;
  const args = [username, profileOf(access)];
  if (access.caseAccess === undefined || access.permissions === undefined) return { holds: undefined, expected, found: COULD_NOT_READ, args };
  const modifyAllData = access.permissions.filter((grant) => grant.modifyAllData).map((grant) => grant.source);
  const viewAllData = access.permissions.filter((grant) => grant.viewAllData).map((grant) => grant.source);
  const editing = access.caseAccess.filter((grant) => grant.edit || grant.modifyAll).map((grant) => grant.source);
  const reading = access.caseAccess.filter((grant) => grant.read || grant.viewAll || grant.modifyAll).map((grant) => grant.source);
  const canRead = reading.length + viewAllData.length + modifyAllData.length > 0;
  const canEdit = editing.length + modifyAllData.length > 0;
  if (canRead && canEdit) {
    const via = editing.length > 0 ? `Read and Edit on ${object} from ${list(editing)}` : `Modify All Data from ${list(modifyAllData)}`;
    return { holds: true, expected, found: via, args };
  }
  if (canRead) {
    return { holds: false, expected, found: `read only: Read on ${object} from ${list([...reading, ...viewAllData])}, Edit from none`, args };
  }
  return { holds: false, expected, found: `no access to ${object} from ${list(access.permissions.map((grant) => grant.source)) || 'any permission set'}`, args };
}

/** Organization.DefaultCaseAccess values, with the names Setup > Sharing Settings shows. */
const CASE_DEFAULT_LABELS: Readonly<Record<string, string>> = {
  None: 'Private',
  Read: 'Public Read Only',
  Edit: 'Public Read/Write',
  ReadEditTransfer: 'Public Read/Write/Transfer',
};
const CASE_DEFAULTS_THAT_SHARE_EDIT = new Set(['Edit', 'ReadEditTransfer']);

/**
 * Record access to the Cases the connector updates. Edit on Case lets the user edit the Cases they can see as
 * editable: with a Private or Public Read Only default, only the ones they own or that sharing rules, teams or the role
 * hierarchy share with them, unless Modify All on Case (or Modify All Data) sidesteps sharing; View All gives read,
 * not edit. Sharing rules may still grant it, so an unmet row warns.
 */
export function caseSharing(access: UserAccessFacts): UserVerdict {
  const { username } = access;
  const object = CONNECTOR_OBJECT;
  const expected = `${username} can edit every ${object}: ${object}'s organization-wide default Public Read/Write, or Modify All on ${object} (or Modify All Data)`;
  const args = [username, profileOf(access)];
  if (access.caseAccess === undefined || access.permissions === undefined || access.defaultCaseAccess === undefined) {
    return { holds: undefined, expected, found: COULD_NOT_READ, args };
  }
  const modifyAll = [
    ...access.caseAccess.filter((grant) => grant.modifyAll).map((grant) => grant.source),
    ...access.permissions.filter((grant) => grant.modifyAllData).map((grant) => grant.source),
  ];
  const orgDefault = `${object}'s organization-wide default is ${CASE_DEFAULT_LABELS[access.defaultCaseAccess] ?? access.defaultCaseAccess}`;
  if (modifyAll.length > 0) return { holds: true, expected, found: `${orgDefault}; Modify All from ${list(modifyAll)} sidesteps sharing`, args };
  if (CASE_DEFAULTS_THAT_SHARE_EDIT.has(access.defaultCaseAccess)) return { holds: true, expected, found: orgDefault, args };
  const viewAll = access.caseAccess.filter((grant) => grant.viewAll).map((grant) => grant.source);
  const readOnlyNote = viewAll.length > 0 ? ` (View All on ${object} from ${list(viewAll)} gives read, not edit)` : '';
  return {
    holds: false,
    expected,
    found: `${orgDefault}; no Modify All on ${object} or Modify All Data${readOnlyNote}: ${username} can edit only the ${object}s they own or that sharing rules, teams or the role hierarchy share with them`,
    args,
  };
}
