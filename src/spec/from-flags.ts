import { AppSpec, DEFAULT_API_VERSION, DEFAULT_PROFILE, OrgType } from './app-spec.js';
import { inputErrorToSfError } from './errors.js';
import { InputError, buildAppSpec } from './validate-input.js';

/** The app flags as oclif parses them (shared by `generate` and `create`). */
export type AppFlagValues = {
  name: string;
  label: string;
  description?: string;
  'contact-email': string;
  'org-type'?: OrgType;
  'callback-url'?: string;
  profile?: string[];
  'permission-set'?: string[];
  'session-timeout'?: number;
  'api-version'?: string;
};

/**
 * Builds the spec from flags. `orgType` is what the org says when the flag is absent (create reads IsSandbox);
 * `defaultProfiles` replaces System Administrator when no --profile is given (create uses the running user's).
 */
export function specFromFlags(
  flags: AppFlagValues,
  defaults: { orgType?: OrgType; defaultProfiles?: readonly string[] } = {}
): AppSpec {
  try {
    return buildAppSpec({
      name: flags.name,
      label: flags.label,
      description: flags.description,
      contactEmail: flags['contact-email'],
      orgType: flags['org-type'] ?? defaults.orgType ?? 'production',
      callbackUrl: flags['callback-url'],
      profiles: flags.profile ?? defaults.defaultProfiles ?? [DEFAULT_PROFILE],
      permissionSets: flags['permission-set'] ?? [],
      sessionTimeoutMinutes: flags['session-timeout'],
      apiVersion: flags['api-version'] ?? DEFAULT_API_VERSION,
    });
  } catch (error) {
    if (error instanceof InputError) throw inputErrorToSfError(error);
    throw error;
  }
}
