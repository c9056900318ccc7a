import { OrgFacts } from '../requirements/engine.js';
import { DeployedApp, OrgFactsSnapshot, UserAccess } from '../org/types.js';
import { UserAccessFacts } from '../org/user-access.js';
import { lookUpNames } from '../util/name-lookup.js';
import { validateError, validateText } from './errors.js';

export type OrgSnapshot = OrgFactsSnapshot & { readonly authorizingUser?: UserAccess };

export { orgTypeOf } from '../spec/app-spec.js';

/**
 * The engine's view of the org. Without --authorizing-user the target org's user is the one who will authorize the
 * connector; a named user the org does not know stays undefined, and the engine reports it.
 */
export function engineFacts(snapshot: OrgSnapshot, deployed: DeployedApp, authorizingUsername?: string, access?: UserAccessFacts): OrgFacts {
  const user = snapshot.authorizingUser ?? (authorizingUsername === undefined ? snapshot.runningUser : undefined);
  return {
    authorizingUser: user && { username: user.username, profileName: user.profileName, permissionSets: [...user.permissionSets] },
    settings: deployed.settings,
    userPermissions: snapshot.userPermissions,
    ...(access?.found ? { authorizingUserAccess: access } : {}),
  };
}

function assertNamesExist(kind: 'profile' | 'permission set', wanted: readonly string[], existing: readonly string[], org: string): void {
  for (const { name, suggestions } of lookUpNames(wanted, existing).unknown) {
    const hint = suggestions.length > 0 ? ' ' + validateText('DidYouMean', [suggestions.map((s) => `"${s}"`).join(' or ')]) : '';
    throw validateError('AccessNameNotFound', 'badInput', [org, kind, name, hint]);
  }
}

/**
 * A profile or permission set the org does not have cannot be pre-authorized: it is a typo or the wrong org, so the
 * run stops as bad input (exit code 2) with a suggestion, instead of reporting a failing row no action can fix.
 */
export function assertAccessNamesExist(
  snapshot: Pick<OrgFactsSnapshot, 'profileNames' | 'permissionSetNames'>,
  profiles: readonly string[],
  permissionSets: readonly string[],
  org: string
): void {
  assertNamesExist('profile', profiles, snapshot.profileNames, org);
  assertNamesExist('permission set', permissionSets, snapshot.permissionSetNames, org);
}

/**
 * Every user holds at least the permission set its profile owns, so a named user the org returns nothing for does not
 * exist there (or is not visible to the running user): bad input, like an unknown profile.
 */
export function assertAuthorizingUserFound(snapshot: OrgSnapshot, username: string | undefined, org: string): void {
  if (username !== undefined && snapshot.authorizingUser === undefined) {
    throw validateError('AuthorizingUserNotFound', 'badInput', [org, username]);
  }
}
