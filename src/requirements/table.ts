import { FieldValue } from '../metadata/components.js';
import { ComponentKind } from '../metadata/kinds.js';

/**
 * What the vendor's guide demands of the app, as data. `generate` asks the table for values, `validate` for checks,
 * and docs/requirements.md is printed from it. The human text of each row (guide step, action) lives in
 * messages/requirements.md under `<id>.step` and `<id>.action`.
 *
 * Severities: `required` rows fail validation when unmet; `recommended` rows warn; `default` rows are values the
 * generator writes so that a redeploy never falls back to an unsafe default, but the guide does not govern them.
 */
export type Severity = 'required' | 'recommended' | 'default';

/** Values that come from the admin's intent rather than from the guide. */
export type ExpectationContext = {
  readonly callbackUrl: string;
  readonly contactEmail?: string;
  readonly profiles: readonly string[];
  readonly permissionSets: readonly string[];
  readonly sessionTimeoutMinutes?: number;
};

export type ContextValueKey = 'callbackUrl' | 'sessionTimeoutMinutes';
export type ContextListKey = 'profiles' | 'permissionSets';

export type Rule =
  /** The field holds exactly this value. */
  | { readonly kind: 'equals'; readonly value: FieldValue }
  /** The field equals a value of the context; skipped when the context leaves it unset. */
  | { readonly kind: 'equalsContext'; readonly key: ContextValueKey }
  /** A comma-separated field contains every token; `synonyms` lists tokens Salesforce treats as the same. */
  | {
      readonly kind: 'includesAll';
      readonly values: readonly string[];
      readonly synonyms?: Readonly<Record<string, readonly string[]>>;
    }
  /**
   * A newline-separated field (Salesforce's callback URL list, one URL per line) has the context value on one of its
   * lines: Salesforce matches the redirect URI against each registered URL.
   */
  | { readonly kind: 'listsContextLine'; readonly key: ContextValueKey }
  /** A comma-separated field contains every name of a context list; skipped when the list is empty. */
  | { readonly kind: 'includesContext'; readonly key: ContextListKey }
  /** The field holds a well-formed email address (the context's, when generating). */
  | { readonly kind: 'email' }
  /** The element is not set at all. */
  | { readonly kind: 'absent' };

/** Facts only an org can tell; evaluated in org mode only. */
export type OrgFactRule =
  | { readonly kind: 'authorizingUserPreAuthorized' }
  /** Active, not frozen, and (a warning) not limited to login IP ranges SendSafely's servers may fall outside of. */
  | { readonly kind: 'authorizingUserCanLogIn' }
  /** API Enabled from the profile, a permission set or a permission set group. */
  | { readonly kind: 'authorizingUserApiEnabled' }
  /** Read and Edit on the object the connector updates, or View All / Modify All Data. */
  | { readonly kind: 'authorizingUserCanEditCases' }
  | { readonly kind: 'authorizingUserLoginHours' }
  | { readonly kind: 'authorizingUserCaseSharing' }
  | { readonly kind: 'orgSetting'; readonly setting: string; readonly value: boolean }
  | { readonly kind: 'userPermissions'; readonly permissions: readonly string[] };

export type ComponentRequirement = {
  readonly id: string;
  readonly component: ComponentKind;
  readonly field: string;
  readonly rule: Rule;
  readonly severity: Severity;
};

export type OrgRequirement = {
  readonly id: string;
  readonly rule: OrgFactRule;
  readonly severity: Exclude<Severity, 'default'>;
};

const GLOBAL = 'ExtlClntAppGlobalOauthSettings';
const OAUTH_POLICY = 'ExtlClntAppOauthConfigurablePolicies';

export const COMPONENT_REQUIREMENTS: readonly ComponentRequirement[] = [
  { id: 'contact-email', component: 'ExternalClientApplication', field: 'contactEmail', rule: { kind: 'email' }, severity: 'required' },
  {
    id: 'local-distribution',
    component: 'ExternalClientApplication',
    field: 'distributionState',
    rule: { kind: 'equals', value: 'Local' },
    severity: 'required',
  },
  {
    id: 'oauth-scopes',
    component: 'ExtlClntAppOauthSettings',
    field: 'commaSeparatedOauthScopes',
    rule: { kind: 'includesAll', values: ['Full', 'Api', 'RefreshToken'], synonyms: { RefreshToken: ['OfflineAccess'] } },
    severity: 'required',
  },
  { id: 'callback-url', component: GLOBAL, field: 'callbackUrl', rule: { kind: 'listsContextLine', key: 'callbackUrl' }, severity: 'required' },
  { id: 'device-flow', component: GLOBAL, field: 'isDeviceFlowEnabled', rule: { kind: 'equals', value: true }, severity: 'required' },
  {
    id: 'web-server-secret',
    component: GLOBAL,
    field: 'isConsumerSecretOptional',
    rule: { kind: 'equals', value: false },
    severity: 'required',
  },
  { id: 'pkce-off', component: GLOBAL, field: 'isPkceRequired', rule: { kind: 'equals', value: false }, severity: 'required' },
  {
    id: 'refresh-secret-off',
    component: GLOBAL,
    field: 'isSecretRequiredForRefreshToken',
    rule: { kind: 'equals', value: false },
    severity: 'required',
  },
  {
    id: 'admin-approved-users',
    component: OAUTH_POLICY,
    field: 'permittedUsersPolicyType',
    rule: { kind: 'equals', value: 'AdminApprovedPreAuthorized' },
    severity: 'required',
  },
  {
    id: 'refresh-token-until-revoked',
    component: OAUTH_POLICY,
    field: 'refreshTokenPolicyType',
    rule: { kind: 'equals', value: 'Infinite' },
    severity: 'required',
  },
  {
    id: 'pre-authorized-profiles',
    component: OAUTH_POLICY,
    field: 'commaSeparatedProfile',
    rule: { kind: 'includesContext', key: 'profiles' },
    severity: 'required',
  },
  {
    id: 'pre-authorized-permission-sets',
    component: OAUTH_POLICY,
    field: 'commaSeparatedPermissionSet',
    rule: { kind: 'includesContext', key: 'permissionSets' },
    severity: 'required',
  },
  {
    id: 'session-timeout',
    component: OAUTH_POLICY,
    field: 'sessionTimeoutInMinutes',
    rule: { kind: 'equalsContext', key: 'sessionTimeoutMinutes' },
    severity: 'recommended',
  },
  {
    id: 'app-policies-enabled',
    component: 'ExtlClntAppConfigurablePolicies',
    field: 'isEnabled',
    rule: { kind: 'equals', value: true },
    severity: 'required',
  },
  {
    id: 'oauth-plugin-enabled',
    component: 'ExtlClntAppConfigurablePolicies',
    field: 'isOauthPluginEnabled',
    rule: { kind: 'equals', value: true },
    severity: 'required',
  },
  {
    id: 'refresh-token-rotation-off',
    component: GLOBAL,
    field: 'isRefreshTokenRotationEnabled',
    rule: { kind: 'equals', value: false },
    severity: 'recommended',
  },
  { id: 'opaque-access-tokens', component: GLOBAL, field: 'isNamedUserJwtEnabled', rule: { kind: 'equals', value: false }, severity: 'recommended' },
  {
    id: 'opaque-access-tokens-policy',
    component: OAUTH_POLICY,
    field: 'isNamedUserJwtEnabled',
    rule: { kind: 'equals', value: false },
    severity: 'recommended',
  },
  {
    id: 'consumer-key-kept',
    component: GLOBAL,
    field: 'shouldRotateConsumerKey',
    rule: { kind: 'equals', value: false },
    severity: 'recommended',
  },
  {
    id: 'consumer-secret-kept',
    component: GLOBAL,
    field: 'shouldRotateConsumerSecret',
    rule: { kind: 'equals', value: false },
    severity: 'recommended',
  },
  { id: 'no-trusted-ip-ranges', component: 'ExtlClntAppOauthSettings', field: 'trustedIpRanges', rule: { kind: 'absent' }, severity: 'recommended' },
  { id: 'not-protected', component: 'ExternalClientApplication', field: 'isProtected', rule: { kind: 'equals', value: false }, severity: 'default' },
  { id: 'client-credentials-off', component: GLOBAL, field: 'isClientCredentialsFlowEnabled', rule: { kind: 'equals', value: false }, severity: 'default' },
  { id: 'code-credentials-off', component: GLOBAL, field: 'isCodeCredFlowEnabled', rule: { kind: 'equals', value: false }, severity: 'default' },
  { id: 'introspection-off', component: GLOBAL, field: 'isIntrospectAllTokens', rule: { kind: 'equals', value: false }, severity: 'default' },
  { id: 'token-exchange-off', component: GLOBAL, field: 'isTokenExchangeEnabled', rule: { kind: 'equals', value: false }, severity: 'default' },
  {
    id: 'token-exchange-secret-off',
    component: GLOBAL,
    field: 'isSecretRequiredForTokenExchange',
    rule: { kind: 'equals', value: false },
    severity: 'default',
  },
  {
    id: 'ip-restrictions-enforced',
    component: OAUTH_POLICY,
    field: 'ipRelaxationPolicyType',
    rule: { kind: 'equals', value: 'Enforce' },
    severity: 'default',
  },
  {
    id: 'policy-client-credentials-off',
    component: OAUTH_POLICY,
    field: 'isClientCredentialsFlowEnabled',
    rule: { kind: 'equals', value: false },
    severity: 'default',
  },
  {
    id: 'policy-guest-code-credentials-off',
    component: OAUTH_POLICY,
    field: 'isGuestCodeCredFlowEnabled',
    rule: { kind: 'equals', value: false },
    severity: 'default',
  },
  {
    id: 'policy-token-exchange-off',
    component: OAUTH_POLICY,
    field: 'isTokenExchangeFlowEnabled',
    rule: { kind: 'equals', value: false },
    severity: 'default',
  },
];

export const ORG_REQUIREMENTS: readonly OrgRequirement[] = [
  { id: 'authorizing-user-pre-authorized', rule: { kind: 'authorizingUserPreAuthorized' }, severity: 'required' },
  { id: 'authorizing-user-can-log-in', rule: { kind: 'authorizingUserCanLogIn' }, severity: 'required' },
  { id: 'authorizing-user-login-hours', rule: { kind: 'authorizingUserLoginHours' }, severity: 'required' },
  { id: 'authorizing-user-api-enabled', rule: { kind: 'authorizingUserApiEnabled' }, severity: 'required' },
  { id: 'authorizing-user-edits-cases', rule: { kind: 'authorizingUserCanEditCases' }, severity: 'required' },
  { id: 'authorizing-user-case-sharing', rule: { kind: 'authorizingUserCaseSharing' }, severity: 'recommended' },
  {
    id: 'rest-secret-access',
    rule: { kind: 'orgSetting', setting: 'enableClientSecretInRestApiAccess', value: true },
    severity: 'recommended',
  },
  {
    id: 'eca-permissions',
    rule: { kind: 'userPermissions', permissions: ['ExternalClientAppDeveloper', 'ExternalClientAppAdmin', 'ViewClientSecret'] },
    severity: 'recommended',
  },
];

/** Rows that validation checks (every row but the generator's defaults). */
export const CHECKED_REQUIREMENTS = COMPONENT_REQUIREMENTS.filter((row) => row.severity !== 'default');
