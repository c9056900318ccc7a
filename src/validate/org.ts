import type { Connection } from '@salesforce/core';
import { createCommand, runningUserEmail } from '../org/admin-email.js';
import { readOrgFacts } from '../org/facts.js';
import { readDeployedApp } from '../org/read-app.js';
import { DeployedApp } from '../org/types.js';
import { UserAccessFacts, readUserAccess, withOrgContext } from '../org/user-access.js';
import { validateError } from './errors.js';
import { OrgSnapshot } from './org-facts.js';

export type OrgState = { readonly snapshot: OrgSnapshot; readonly deployed: DeployedApp; readonly access: UserAccessFacts };

/**
 * Reads what validation needs from the org: the facts (one composite request) and what the authorizing user may do
 * (one more), concurrently, then the deployed app with the user's profile (one retrieve and its status polls: the
 * profile's login hours exist only in its metadata, so they ride in the retrieve once the composite has named the
 * profile). A missing app is an error (exit code 1) that says how to create it.
 */
export async function readOrgState(
  conn: Connection,
  options: { appName: string; authorizingUsername?: string; orgLabel: string }
): Promise<OrgState> {
  const accessRead = readUserAccess(conn, options.authorizingUsername ?? conn.getUsername() ?? '');
  const [snapshot, deployed, access] = await Promise.all([
    readOrgFacts(conn, { appName: options.appName, authorizingUsername: options.authorizingUsername }),
    accessRead.then(async (user) => readDeployedApp(conn, options.appName, { profiles: user.profileName ? [user.profileName] : [] })),
    accessRead,
  ]);
  if (!deployed) throw await appNotInOrgError(conn, options.appName, options.orgLabel);
  return { snapshot, deployed, access: withOrgContext(access, snapshot, deployed) };
}

/** The org has no app `name`: the error's action is the `create` command that makes it, runnable as printed. */
export async function appNotInOrgError(conn: Connection, name: string, orgLabel: string): Promise<Error> {
  const command = createCommand(conn, name, await runningUserEmail(conn));
  return validateError('AppNotInOrg', 'error', [orgLabel, name], [command]);
}
