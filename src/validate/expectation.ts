import { ExpectationContext } from '../requirements/table.js';
import { CALLBACK_URLS, OrgType } from '../spec/app-spec.js';
import { inputErrorToSfError } from '../spec/errors.js';
import { InputError, checkAccessNames, checkApiName, checkCallbackUrl, checkSessionTimeout } from '../spec/validate-input.js';

/** What the admin asks `validate` to expect, as flags give it. */
export type ExpectationInput = {
  readonly orgType?: OrgType;
  readonly callbackUrl?: string;
  readonly profiles?: readonly string[];
  readonly permissionSets?: readonly string[];
  readonly sessionTimeoutMinutes?: number;
};

export type Expectation = {
  readonly orgType: OrgType;
  readonly context: ExpectationContext;
};

function checked<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof InputError) throw inputErrorToSfError(error);
    throw error;
  }
}

export function checkAppName(name: string): string {
  return checked(() => {
    checkApiName(name);
    return name;
  });
}

/** Refuses bad flag values before anything is read (exit code 2). */
export function checkExpectationInput(input: ExpectationInput): ExpectationInput {
  return checked(() => ({
    ...input,
    callbackUrl: input.callbackUrl === undefined ? undefined : checkCallbackUrl(input.callbackUrl),
    profiles: checkAccessNames('profile', input.profiles ?? []),
    permissionSets: checkAccessNames('permission-set', input.permissionSets ?? []),
    sessionTimeoutMinutes:
      input.sessionTimeoutMinutes === undefined ? undefined : checkSessionTimeout(input.sessionTimeoutMinutes),
  }));
}

/**
 * The context the engine checks against. The org type comes from --org-type, else from the org (IsSandbox), else it is
 * production; an explicit --callback-url wins over the org type's URL. No contact email: the engine only needs a
 * well-formed one.
 */
export function expectationFor(input: ExpectationInput, orgTypeFromOrg?: OrgType): Expectation {
  const orgType = input.orgType ?? orgTypeFromOrg ?? 'production';
  return {
    orgType,
    context: {
      callbackUrl: input.callbackUrl ?? CALLBACK_URLS[orgType],
      profiles: input.profiles ?? [],
      permissionSets: input.permissionSets ?? [],
      sessionTimeoutMinutes: input.sessionTimeoutMinutes,
    },
  };
}
