import { AppComponents } from '../metadata/components.js';
import { ComponentKind } from '../metadata/kinds.js';
import type { ProfileLoginHours } from './profile-login.js';

/** What the org says about itself and the running user, read in one round trip. */
export type OrgFactsSnapshot = {
  readonly orgId: string;
  readonly orgName: string;
  readonly isSandbox: boolean;
  readonly instanceName?: string;
  readonly organizationType?: string;
  /** Organization.TimeZoneSidKey: the org's default time zone (profiles' login hours apply in it). */
  readonly timeZone?: string;
  /** Organization.DefaultCaseAccess: Case's organization-wide default (None, Read, Edit, ReadEditTransfer). */
  readonly defaultCaseAccess?: string;
  readonly runningUser: UserAccess;
  /** Every profile name in the org (for existence checks and suggestions). */
  readonly profileNames: readonly string[];
  /** Every permission set API name not owned by a profile. */
  readonly permissionSetNames: readonly string[];
  /** The running user's effective permissions, or undefined when the org does not let us read them. */
  readonly userPermissions?: Readonly<Record<string, boolean>>;
  /** Whether the app's record was found; `unknown` when the org refused the query (then retrieve to find out). */
  readonly appLookup: 'found' | 'missing' | 'unknown';
  /** The app's record, when it exists. */
  readonly appRecord?: { readonly id: string; readonly developerName: string; readonly label: string; readonly distributionState?: string };
};

export type UserAccess = {
  readonly id: string;
  readonly username: string;
  readonly profileName?: string;
  /** API names of the permission sets assigned to the user (profile-owned ones excluded). */
  readonly permissionSets: readonly string[];
};

/** The app as deployed: its components (names discovered, not assumed) plus the org's ECA settings. */
export type DeployedApp = {
  readonly components: AppComponents;
  /** Org-wide ExternalClientApp settings (e.g. enableClientSecretInRestApiAccess); undefined when not readable. */
  readonly settings: Readonly<Record<string, boolean | undefined>>;
  /** Login hours of the profiles asked for, by profile name; a profile the retrieve did not return is left out. */
  readonly profileLoginHours?: ReadonlyMap<string, ProfileLoginHours>;
  /** The org wrote permission set ids in the OAuth policy (shown here by API name): a deploy to it sends ids. */
  readonly permissionSetsById?: boolean;
};

export type DeployComponentFailure = {
  readonly type: string;
  readonly fullName: string;
  readonly fileName?: string;
  readonly problem: string;
  readonly problemType?: string;
};

export type DeployOutcome = {
  readonly id: string;
  readonly status: 'Succeeded' | 'SucceededPartial' | 'Failed' | 'Canceled' | 'InProgress' | 'Pending' | 'Canceling';
  readonly success: boolean;
  readonly done: boolean;
  readonly checkOnly: boolean;
  readonly componentSuccesses: ReadonlyArray<{ readonly type: string; readonly fullName: string; readonly created: boolean; readonly changed: boolean }>;
  readonly componentFailures: readonly DeployComponentFailure[];
  readonly errorMessage?: string;
};

export type DeployRequest = {
  readonly app: AppComponents;
  /** Only these kinds are deployed (the others are left as they are in the org). */
  readonly kinds: readonly ComponentKind[];
  readonly apiVersion: string;
  readonly checkOnly: boolean;
};
