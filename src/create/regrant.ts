import { AppComponents, Component, fieldOf, joinList, splitList } from '../metadata/components.js';
import { AppPlan } from './plan.js';

/** The two lists of an OAuth policy that grant access to the app. */
export const ACCESS_FIELDS = ['commaSeparatedProfile', 'commaSeparatedPermissionSet'] as const;
export type AccessField = (typeof ACCESS_FIELDS)[number];

/**
 * The answer of an org whose access lists add to the app's grants instead of replacing them: it refuses a policy that
 * names a profile the app already has (salesforce-eca.md §2.1, "profile names are already taken").
 */
const ALREADY_GRANTED = /In field: (commaSeparatedProfile|commaSeparatedPermissionSet) - .*already taken/i;

type FailureData = { data?: { componentFailures?: ReadonlyArray<{ type: string; problem: string }> } };

/**
 * The access lists a failed deploy re-granted, when that was its only refusal (empty otherwise): only those lists add in
 * this org; the others are left as they are.
 */
export function regrantedFields(error: unknown): AccessField[] {
  const failures = (error as FailureData).data?.componentFailures;
  if (!failures || failures.length === 0) return [];
  const fields = failures.map((failure) => (failure.type === 'ExtlClntAppOauthConfigurablePolicies' ? ALREADY_GRANTED.exec(failure.problem)?.[1] : undefined));
  if (fields.some((field) => field === undefined)) return [];
  return ACCESS_FIELDS.filter((field) => fields.includes(field));
}

/** True when a failed deploy was refused only for the OAuth policy's permission set references. */
export function refusedPermissionSetReference(error: unknown): boolean {
  const failures = (error as FailureData).data?.componentFailures;
  if (!failures || failures.length === 0) return false;
  return failures.every((failure) => failure.type === 'ExtlClntAppOauthConfigurablePolicies' && /In field: commaSeparatedPermissionSet\b/i.test(failure.problem));
}

const lower = (names: readonly string[]): Set<string> => new Set(names.map((name) => name.toLowerCase()));

/** The names in the plan's access lists that the org already grants (those a refused deploy re-granted). */
export function alreadyGranted(plan: AppPlan, org: AppComponents | undefined, fields: readonly AccessField[] = ACCESS_FIELDS): string[] {
  return fields.flatMap((field) => {
    const granted = lower(splitList(fieldOf(org?.oauthPolicy, field)));
    return splitList(fieldOf(plan.desired.oauthPolicy, field)).filter((name) => granted.has(name.toLowerCase()));
  });
}

/** Names the plan's policy would drop from what the org grants: an org whose lists only add cannot drop them by deploy. */
export function accessToRemove(
  plan: AppPlan,
  org: AppComponents | undefined,
  fields: readonly AccessField[] = ACCESS_FIELDS
): Array<{ field: AccessField; names: string[] }> {
  return fields.map((field) => {
    const wanted = lower(splitList(fieldOf(plan.desired.oauthPolicy, field)));
    return { field, names: splitList(fieldOf(org?.oauthPolicy, field)).filter((name) => !wanted.has(name.toLowerCase())) };
  }).filter((entry) => entry.names.length > 0);
}

/**
 * The plan with its policy naming, in the lists `trim`, only the access the org does not grant yet (a list left empty
 * is omitted), for an org whose lists add: what it already grants stays granted.
 */
export function withoutGrantedAccess(plan: AppPlan, org: AppComponents | undefined, trim: readonly AccessField[] = ACCESS_FIELDS): AppPlan {
  const policy = plan.desired.oauthPolicy;
  if (!policy) return plan;
  const fields: Record<string, unknown> = { ...policy.fields };
  for (const field of trim) {
    const granted = lower(splitList(fieldOf(org?.oauthPolicy, field)));
    const toAdd = splitList(fieldOf(policy, field)).filter((name) => !granted.has(name.toLowerCase()));
    if (toAdd.length > 0) fields[field] = joinList(toAdd);
    else delete fields[field];
  }
  const trimmed = { ...policy, fields } as Component<'ExtlClntAppOauthConfigurablePolicies'>;
  return { ...plan, desired: { ...plan.desired, oauthPolicy: trimmed } };
}
