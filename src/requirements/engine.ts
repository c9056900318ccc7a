import { AppComponents, Component, FieldValue, SLOT_OF_KIND, fieldOf, splitLines, splitList } from '../metadata/components.js';
import { ComponentKind } from '../metadata/kinds.js';
import { fieldSpec } from '../metadata/schema.js';
import { Finding, FindingStatus } from './findings.js';
import {
  CHECKED_REQUIREMENTS,
  ComponentRequirement,
  ExpectationContext,
  ORG_REQUIREMENTS,
  OrgRequirement,
  Rule,
} from './table.js';
import { actionOf, stepOf } from './text.js';
import { UserVerdict, apiEnabled, canEditCases, canLogIn, caseSharing } from './user-access.js';
import { loginHoursVerdict } from './login-hours.js';
import { describeExpected } from './values.js';
import type { UserAccessFacts } from '../org/user-access.js';

/** What only an org can tell. A value left undefined could not be read (the org did not let us see it). */
export type OrgFacts = {
  readonly authorizingUser?: {
    readonly username: string;
    readonly profileName?: string;
    readonly permissionSets: readonly string[];
  };
  readonly settings: Readonly<Record<string, boolean | undefined>>;
  readonly userPermissions?: Readonly<Record<string, boolean>>;
  /** What decides whether the authorizing user can run the connector; its rows are skipped when not read. */
  readonly authorizingUserAccess?: UserAccessFacts;
};

/** The rows about what the authorizing user may do (log in, and when, use the API, edit Cases and which), by rule kind. */
const USER_ACCESS_CHECKS: Readonly<Record<string, (access: UserAccessFacts) => UserVerdict>> = {
  authorizingUserCanLogIn: canLogIn,
  authorizingUserApiEnabled: apiEnabled,
  authorizingUserCanEditCases: canEditCases,
  authorizingUserLoginHours: (access) => loginHoursVerdict(access),
  authorizingUserCaseSharing: caseSharing,
};

function checkUserAccessRow(row: OrgRequirement, access: UserAccessFacts): Finding {
  const verdict = USER_ACCESS_CHECKS[row.rule.kind](access);
  const status: FindingStatus = verdict.holds === true ? 'pass' : verdict.holds === false ? failStatus(row.severity) : 'warn';
  return {
    id: row.id,
    step: stepOf(row.id),
    severity: row.severity,
    status,
    component: 'Org',
    expected: verdict.expected,
    found: verdict.found,
    action: status === 'pass' ? '' : actionOf(row.id, verdict.args),
  };
}

/** The authorizing user's rows alone (create's Verify stage adds them to the app's rows). */
export function evaluateUserAccess(access: UserAccessFacts): Finding[] {
  return ORG_REQUIREMENTS.filter((row) => row.rule.kind in USER_ACCESS_CHECKS).map((row) => checkUserAccessRow(row, access));
}

const NOT_SET = '(not set)';
const MISSING = '(component missing)';
const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;

/** A list's names for case-insensitive lookups, built once per list: lookups stay linear with a thousand profiles. */
const nameSet = (list: readonly string[]): ReadonlySet<string> => new Set(list.map((item) => item.toLowerCase()));

function includesToken(names: ReadonlySet<string>, token: string, synonyms: readonly string[] = []): boolean {
  return [token, ...synonyms].some((candidate) => names.has(candidate.toLowerCase()));
}

function ruleHolds(rule: Rule, value: FieldValue | undefined, context: ExpectationContext, present: boolean): boolean {
  switch (rule.kind) {
    case 'equals':
      return value === rule.value;
    case 'equalsContext':
      return value === context[rule.key];
    case 'listsContextLine': {
      const wanted = context[rule.key];
      return wanted !== undefined && splitLines(value).includes(String(wanted));
    }
    case 'includesAll': {
      const names = nameSet(splitList(value));
      return rule.values.every((token) => includesToken(names, token, rule.synonyms?.[token]));
    }
    case 'includesContext': {
      const names = nameSet(splitList(value));
      return context[rule.key].every((name) => includesToken(names, name));
    }
    case 'email':
      return typeof value === 'string' && EMAIL.test(value);
    case 'absent':
      return !present;
  }
}

function actionArgs(row: ComponentRequirement, context: ExpectationContext): string[] {
  if (row.rule.kind === 'equalsContext' || row.rule.kind === 'listsContextLine') return [String(context[row.rule.key] ?? '')];
  if (row.rule.kind === 'includesContext') return [context[row.rule.key].join(', ')];
  return [];
}

function failStatus(severity: 'required' | 'recommended'): FindingStatus {
  return severity === 'required' ? 'fail' : 'warn';
}

/**
 * An element a file leaves out is set to its documented default when the file is deployed (and a retrieve may leave
 * out an element that holds its default), so an absent element is checked as its default.
 */
function defaultOf(component: Component | undefined, field: string): FieldValue | undefined {
  return component ? fieldSpec(component.kind, field)?.defaultValue : undefined;
}

function describeFound(component: Component | undefined, field: string): string {
  if (!component) return MISSING;
  const value = fieldOf(component, field);
  if (value !== undefined) return String(value);
  const count = component.preserved.filter((element) => element.name === field).length;
  if (count > 0) return `${count} set`;
  const fallback = defaultOf(component, field);
  return fallback === undefined ? NOT_SET : `${NOT_SET}: default ${String(fallback)}`;
}

/**
 * Whether one component already meets one row, its omitted elements read as their defaults (what a deploy would keep).
 * The planner asks this so that `create` changes a field only where `validate` would report it.
 */
export function rowHolds(row: ComponentRequirement, component: Component, context: ExpectationContext): boolean {
  const raw = fieldOf(component, row.field);
  const present = raw !== undefined || component.preserved.some((element) => element.name === row.field);
  return ruleHolds(row.rule, raw ?? defaultOf(component, row.field), context, present);
}

function checkComponentRow(row: ComponentRequirement, app: AppComponents, context: ExpectationContext): Finding | undefined {
  if (row.severity === 'default') return undefined;
  const noAccessGiven = context.profiles.length === 0 && context.permissionSets.length === 0;
  const component = app[SLOT_OF_KIND[row.component]];
  if (row.id === 'pre-authorized-profiles' && noAccessGiven) return checkAnyAccess(row, component);
  const expected = describeExpected(row.rule, context);
  if (expected === undefined) return undefined;
  const raw = fieldOf(component, row.field);
  const value = raw ?? defaultOf(component, row.field);
  const present = raw !== undefined || (component?.preserved.some((element) => element.name === row.field) ?? false);
  const holds = component !== undefined && ruleHolds(row.rule, value, context, present);
  return {
    id: row.id,
    step: stepOf(row.id),
    severity: row.severity,
    status: holds ? 'pass' : failStatus(row.severity),
    component: row.component,
    componentName: component?.fullName,
    field: row.field,
    expected,
    found: describeFound(component, row.field),
    action: holds ? '' : actionOf(row.id, actionArgs(row, context)),
  };
}

/** Without named profiles or permission sets, at least one of either must be pre-authorized. */
function checkAnyAccess(row: ComponentRequirement, component: Component | undefined): Finding {
  const profiles = splitList(fieldOf(component, 'commaSeparatedProfile'));
  const permissionSets = splitList(fieldOf(component, 'commaSeparatedPermissionSet'));
  const holds = profiles.length + permissionSets.length > 0;
  return {
    id: row.id,
    step: stepOf(row.id),
    severity: 'required',
    status: holds ? 'pass' : 'fail',
    component: row.component,
    componentName: component?.fullName,
    field: row.field,
    expected: 'at least one pre-authorized profile or permission set',
    found: component ? (profiles.length > 0 ? profiles.join(', ') : NOT_SET) : MISSING,
    action: holds ? '' : actionOf(row.id, ['of the user who will authorize the connector']),
  };
}

function checkOrgRow(row: OrgRequirement, app: AppComponents, facts: OrgFacts): Finding | undefined {
  if (row.rule.kind in USER_ACCESS_CHECKS) return facts.authorizingUserAccess && checkUserAccessRow(row, facts.authorizingUserAccess);
  const base = { id: row.id, step: stepOf(row.id), severity: row.severity, component: 'Org' as const };
  const verdict = (holds: boolean | undefined, expected: string, found: string, args: string[]): Finding => ({
    ...base,
    status: holds === true ? 'pass' : holds === undefined ? 'warn' : failStatus(row.severity),
    expected,
    found,
    action: holds === true ? '' : actionOf(row.id, args),
  });
  switch (row.rule.kind) {
    case 'authorizingUserPreAuthorized': {
      const user = facts.authorizingUser;
      if (!user) return verdict(undefined, 'the authorizing user holds a pre-authorized profile or permission set', '(user not found)', ['the user', 'System Administrator']);
      const profiles = splitList(fieldOf(app.oauthPolicy, 'commaSeparatedProfile'));
      const permissionSets = splitList(fieldOf(app.oauthPolicy, 'commaSeparatedPermissionSet'));
      const viaProfile = user.profileName !== undefined && includesToken(nameSet(profiles), user.profileName);
      const permissionSetNames = nameSet(permissionSets);
      const viaPermissionSet = user.permissionSets.filter((name) => includesToken(permissionSetNames, name));
      const found = viaProfile
        ? `${user.username} has profile ${user.profileName ?? ''}`
        : viaPermissionSet.length > 0
          ? `${user.username} has permission set ${viaPermissionSet.join(', ')}`
          : `${user.username} has profile ${user.profileName ?? '(unknown)'}, none pre-authorized`;
      return verdict(
        viaProfile || viaPermissionSet.length > 0,
        `${user.username} holds a pre-authorized profile or permission set`,
        found,
        [user.username, user.profileName ?? 'System Administrator']
      );
    }
    case 'orgSetting': {
      const value = facts.settings[row.rule.setting];
      return verdict(
        value === undefined ? undefined : value === row.rule.value,
        `${row.rule.setting} = ${String(row.rule.value)}`,
        value === undefined ? '(could not read)' : String(value),
        []
      );
    }
    case 'userPermissions': {
      const held = facts.userPermissions;
      const missing = held ? row.rule.permissions.filter((permission) => !held[permission]) : [];
      return verdict(
        held ? missing.length === 0 : undefined,
        row.rule.permissions.join(', '),
        held ? (missing.length === 0 ? 'all held' : `missing ${missing.join(', ')}`) : '(could not read)',
        [missing.length > 0 ? missing.join(', ') : row.rule.permissions.join(', ')]
      );
    }
    default:
      return undefined;
  }
}

/**
 * Checks an app against every requirement. Org rows are checked only when org facts are given (org mode).
 * Rows whose expectation the context leaves open (no session timeout asked for, no permission sets named) are skipped.
 */
export function evaluate(app: AppComponents, context: ExpectationContext, facts?: OrgFacts): Finding[] {
  const findings = CHECKED_REQUIREMENTS.map((row) => checkComponentRow(row, app, context)).filter(
    (finding): finding is Finding => finding !== undefined
  );
  if (facts) {
    for (const row of ORG_REQUIREMENTS) {
      const finding = checkOrgRow(row, app, facts);
      if (finding) findings.push(finding);
    }
  }
  return findings;
}

/** The kinds that hold at least one failing or warning row: what `--fix` and `create` must redeploy. */
export function driftedKinds(findings: readonly Finding[]): ComponentKind[] {
  const kinds = new Set<ComponentKind>();
  for (const finding of findings) {
    if (finding.status !== 'pass' && finding.component !== 'Org') kinds.add(finding.component);
  }
  return [...kinds];
}
