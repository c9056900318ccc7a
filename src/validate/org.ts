import type { Connection } from '@salesforce/core';
import { createCommand, runningUserEmail } from '../org/admin-email.js';
import { readOrgFacts } from '../org/facts.js';
import { readDeployedApp } from '../org/read-app.js';
import { DeployedApp } from '../org/types.js';
import { UserAccessFacts, readUserAccess } from '../org/user-access.js';
import { validateError } from './errors.js';
import { OrgSnapshot } from './org-facts.js';

export type OrgState = { readonly snapshot: OrgSnapshot; readonly deployed: DeployedApp; readonly access: UserAccessFacts };

/**
 * Reads what validation needs from the org: the facts (one composite request), what the authorizing user may do (one
 * more) and the deployed app (one retrieve and its status polls), concurrently. A missing app is an error (exit code 1) that says how to create it.
 */
export async function readOrgState(
  conn: Connection,
  options: { appName: string; authorizingUsername?: string; orgLabel: string }
): Promise<OrgState> {
  const [snapshot, deployed, access] = await Promise.all([
    readOrgFacts(conn, { appName: options.appName, authorizingUsername: options.authorizingUsername }),
    readDeployedApp(conn, options.appName),
    readUserAccess(conn, options.authorizingUsername ?? conn.getUsername() ?? ''),
  ]);
  if (!deployed) throw await appNotInOrgError(conn, options.appName, options.orgLabel);
  return { snapshot, deployed, access };
}

/** The org has no app `name`: the error's action is the `create` command that makes it, runnable as printed. */
export async function appNotInOrgError(conn: Connection, name: string, orgLabel: string): Promise<Error> {
  const command = createCommand(conn, name, await runningUserEmail(conn));
  return validateError('AppNotInOrg', 'error', [orgLabel, name], [command]);
}
