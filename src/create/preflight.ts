import type { Connection } from '@salesforce/core';
import { assertApiVersionSupports } from '../generate/generate-app.js';
import { readOrgFacts } from '../org/facts.js';
import { fieldOf } from '../metadata/components.js';
import { DuplicateComponentError } from '../metadata/read-source.js';
import { kindOfFile } from '../metadata/kinds.js';
import { readDeployedApp } from '../org/read-app.js';
import { DeployedApp, OrgFactsSnapshot, UserAccess } from '../org/types.js';
import { AppSpec, orgTypeOf } from '../spec/app-spec.js';
import { createError, errorText } from '../spec/errors.js';
import { AppFlagValues, specFromFlags } from '../spec/from-flags.js';
import { sfCommand } from '../util/command-line.js';
import { lookUpNames } from '../util/name-lookup.js';
import { validateCommand } from './deploy-plan.js';

export type Preflight = {
  readonly spec: AppSpec;
  readonly facts: OrgFactsSnapshot & { readonly authorizingUser?: UserAccess };
  readonly existing?: DeployedApp;
};

/**
 * Permissions without which the deploy is refused, with the labels Setup shows; checked only where the org lets us
 * read them. The OAuth settings and global OAuth settings type pages require the consumer-secret one of developers.
 */
const DEPLOY_PERMISSIONS = {
  ExternalClientAppDeveloper: 'Create, edit, and delete External Client Apps',
  ExternalClientAppAdmin: 'View all External Client Apps, view their settings, and edit their policies',
  ViewClientSecret: 'View External Client App Consumer Secrets in Metadata',
} as const;

/** The distribution state `create` may work on: any other (Packaged, AutoInstalled, Managed) is not changed. */
const LOCAL = 'local';

async function readFacts(conn: Connection, appName: string, authorizingUsername?: string): Promise<OrgFactsSnapshot & { authorizingUser?: UserAccess }> {
  try {
    return await readOrgFacts(conn, { appName, authorizingUsername });
  } catch (error) {
    const code = (error as { errorCode?: string }).errorCode ?? (error as Error).name;
    if (code === 'NOT_FOUND') throw createError('ApiVersionUnsupported', [conn.getApiVersion()], [], 1);
    throw error;
  }
}

/** Maps each name to the org's own spelling; unknown names fail with close matches as suggestions. */
function canonicalNames(flag: string, names: readonly string[], known: readonly string[]): string[] {
  const { canonical, unknown } = lookUpNames(names, known);
  if (unknown.length > 0) {
    const described = unknown
      .map(({ name, suggestions }) =>
        suggestions.length > 0
          ? errorText('unknown-name-with-suggestions', [name, suggestions.map((suggestion) => `"${suggestion}"`).join(' or ')])
          : errorText('unknown-name', [name])
      )
      .join(', ');
    throw createError(flag === 'profile' ? 'UnknownProfile' : 'UnknownPermissionSet', [described], [], 2);
  }
  return canonical;
}

function assertPermissions(facts: OrgFactsSnapshot): void {
  const held = facts.userPermissions;
  if (!held) return;
  const missing = (Object.keys(DEPLOY_PERMISSIONS) as Array<keyof typeof DEPLOY_PERMISSIONS>).filter((permission) => !held[permission]);
  if (missing.length === 0) return;
  const labelled = missing.map((permission) => `"${DEPLOY_PERMISSIONS[permission]}" (${permission})`).join(', ');
  throw createError('PermissionMissing', [facts.runningUser.username, labelled], [labelled], 1);
}

/** The flags checked against the org: names resolved to the org's spelling, the spec built with the org's defaults. */
export type ResolvedFlags = Pick<Preflight, 'spec' | 'facts'> & { readonly authorizingUsername?: string };

/**
 * The flags as the org reads them, from the org facts (one request): the org type and default profile filled in,
 * profiles and permission sets resolved to the org's spelling. An unknown name is a flag error (exit code 2).
 */
export async function resolveFlags(conn: Connection, flags: AppFlagValues & { name: string }, authorizingUsername?: string): Promise<ResolvedFlags> {
  const facts = await readFacts(conn, flags.name, authorizingUsername);
  const orgType = orgTypeOf(facts);
  // Without --profile, the profile of the user who will authorize the connector is pre-authorized.
  const defaultProfile = (facts.authorizingUser ?? facts.runningUser).profileName;
  const draft = specFromFlags(
    { ...flags, 'api-version': flags['api-version'] ?? conn.getApiVersion() },
    { orgType, defaultProfiles: defaultProfile ? [defaultProfile] : undefined }
  );
  const spec: AppSpec = {
    ...draft,
    profiles: canonicalNames('profile', draft.profiles, facts.profileNames),
    permissionSets: canonicalNames('permission-set', draft.permissionSets, facts.permissionSetNames),
  };
  assertApiVersionSupports(spec);
  return { spec, facts, authorizingUsername };
}

/**
 * Everything else the run must know before it changes anything, failing with an actionable error otherwise: the
 * running user's permissions, and (only when the app exists, or the org would not say) the app itself.
 */
export async function runPreflight(conn: Connection, { spec, facts, authorizingUsername }: ResolvedFlags): Promise<Preflight> {
  assertPermissions(facts);
  assertLocal(conn, spec.name, facts.appRecord?.distributionState);
  const existing =
    facts.appLookup === 'missing'
      ? undefined
      : await readDeployedApp(conn, spec.name, { profiles: authorizingProfileOf(facts, authorizingUsername) }).catch((error: unknown) => {
          if (error instanceof DuplicateComponentError) {
            const [first, second] = error.files.map((file) => kindOfFile(file)?.fullName ?? file);
            const remove = sfCommand(['project', 'delete', 'source'], ['--metadata', `${error.type}:${first}`, '--target-org', conn.getUsername() ?? '']);
            throw createError('DuplicateComponentInOrg', [spec.name, error.type, first, second], [remove, second], 1);
          }
          throw error;
        });
  const state = fieldOf(existing?.components.header, 'distributionState');
  assertLocal(conn, spec.name, state === undefined ? undefined : String(state));
  // Salesforce names are unique regardless of case: an app the org holds under another spelling is this app, and the
  // run works under the org's spelling (never creating a near-duplicate).
  const name = existing?.components.header?.fullName ?? facts.appRecord?.developerName ?? spec.name;
  return existing ? { spec: { ...spec, name }, facts, existing } : { spec: { ...spec, name }, facts };
}

/** The profile of the user who will authorize the connector, whose login hours ride in the retrieve of the app. */
export function authorizingProfileOf(facts: Preflight['facts'], authorizingUsername: string | undefined): string[] {
  const user = authorizingUsername === undefined ? facts.runningUser : facts.authorizingUser;
  return user?.profileName ? [user.profileName] : [];
}

/** Never change what an app is: a Packaged (or any non-Local) app is refused before anything is deployed. */
function assertLocal(conn: Connection, name: string, state: string | undefined): void {
  if (state !== undefined && state.toLowerCase() !== LOCAL) throw createError('AppNotLocal', [name, state], [name, validateCommand(conn, name)], 1);
}
