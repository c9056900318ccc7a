import type { Connection } from '@salesforce/core';
import { readOrgFacts } from '../org/facts.js';
import { readDeployedApp } from '../org/read-app.js';
import { DeployedApp } from '../org/types.js';
import { validateError } from './errors.js';
import { OrgSnapshot } from './org-facts.js';

export type OrgState = { readonly snapshot: OrgSnapshot; readonly deployed: DeployedApp };

/**
 * Reads what validation needs from the org: the facts (one composite request) and the deployed app (one retrieve and
 * its status polls), concurrently. A missing app is an error (exit code 1) that says how to create it.
 */
export async function readOrgState(
  conn: Connection,
  options: { appName: string; authorizingUsername?: string; orgLabel: string }
): Promise<OrgState> {
  const [snapshot, deployed] = await Promise.all([
    readOrgFacts(conn, { appName: options.appName, authorizingUsername: options.authorizingUsername }),
    readDeployedApp(conn, options.appName),
  ]);
  if (!deployed) throw validateError('AppNotInOrg', 'error', [options.orgLabel, options.appName], [options.orgLabel]);
  return { snapshot, deployed };
}
