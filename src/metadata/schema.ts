import { ComponentKind } from './kinds.js';

/**
 * Field schemas of the five types (Metadata API Developer Guide v66.0). Element order on write is alphabetical,
 * as Salesforce retrieves it. `since` gates fields by API version; defaults are the documented ones, which a
 * deploy restores whenever an element is omitted.
 */
export type ScalarType = 'string' | 'boolean' | 'int' | 'enum';

export type FieldSpec = {
  readonly name: string;
  /** `complex` fields (lists of structures) are carried through as raw XML, never interpreted. */
  readonly type: ScalarType | 'complex';
  readonly since: number;
  readonly values?: readonly string[];
  readonly defaultValue?: boolean | string;
  readonly required?: boolean;
  /**
   * Where real orgs accept the element is uncertain (sources disagree on the type or the version): it is never added
   * when its default already meets the requirement, only checked when present and corrected when wrong.
   */
  readonly uncertain?: boolean;
};

const s = (name: string, since: number, extra: Partial<FieldSpec> = {}): FieldSpec => ({ name, type: 'string', since, ...extra });
const b = (name: string, since: number, defaultValue?: boolean, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  type: 'boolean',
  since,
  defaultValue,
  ...extra,
});
const i = (name: string, since: number): FieldSpec => ({ name, type: 'int', since });
const e = (name: string, since: number, values: readonly string[]): FieldSpec => ({ name, type: 'enum', since, values });
const c = (name: string, since: number): FieldSpec => ({ name, type: 'complex', since });

export const PERMITTED_USERS_POLICIES = ['AdminApprovedPreAuthorized', 'AllSelfAuthorized'] as const;
export const REFRESH_TOKEN_POLICIES = ['Infinite', 'SpecificInactivity', 'SpecificLifetime', 'Zero'] as const;
export const IP_RELAXATION_POLICIES = ['Enforce', 'Bypass', 'Bypass_2factor', 'Enforce_RelaxRefresh'] as const;

export const FIELD_SPECS: Readonly<Record<ComponentKind, readonly FieldSpec[]>> = {
  ExternalClientApplication: [
    s('contactEmail', 59, { required: true }),
    s('contactPhone', 59),
    s('description', 59),
    e('distributionState', 59, ['Local', 'Packaged', 'AutoInstalled', 'Managed']),
    s('iconUrl', 59),
    s('infoUrl', 59),
    b('isProtected', 59, false),
    s('label', 59),
    s('logoUrl', 59),
    s('managedType', 59),
    s('orgScopedExternalApp', 59),
  ],
  ExtlClntAppOauthSettings: [
    b('areAttributesIncludedInAssetToken', 61, false),
    b('areCustomPermsIncludedInAssetToken', 61, false),
    s('assetTokenAudiences', 61),
    s('assetTokenSigningCertificate', 61),
    i('assetTokenValidity', 61),
    s('clientAssertionCertificate', 59),
    s('commaSeparatedOauthScopes', 59, { required: true }),
    c('customAttributes', 59),
    s('externalClientApplication', 59, { required: true }),
    b('isFirstPartyAppEnabled', 59),
    s('label', 59),
    s('oauthLink', 59),
    s('singleLogoutUrl', 59),
    c('trustedIpRanges', 59),
  ],
  ExtlClntAppGlobalOauthSettings: [
    s('callbackUrl', 59),
    s('certificate', 60),
    s('consumerKey', 59),
    s('consumerSecret', 59),
    s('externalClientApplication', 59, { required: true }),
    c('idTokenConfig', 59),
    b('isClientCredentialsFlowEnabled', 60),
    b('isCodeCredFlowEnabled', 61, false),
    b('isCodeCredPostOnly', 61, false),
    b('isConsumerSecretOptional', 59, false),
    b('isDeviceFlowEnabled', 60),
    // Newer elements seen in 2026 retrieves (version undocumented): read and kept, never written.
    b('isDPopEnabled', 64, false, { uncertain: true }),
    b('isEnforceRefreshTokenTTL', 64, false, { uncertain: true }),
    b('isIntrospectAllTokens', 59, false),
    // Documented since 61, rejected by a 64.0 deploy and reported refused at 66 by a public note: support uncertain.
    b('isNamedUserJwtEnabled', 65, false, { uncertain: true }),
    b('isPkceRequired', 59, true),
    b('isRefreshTokenRotationEnabled', 60),
    b('isSecretRequiredForRefreshToken', 59, true),
    b('isSecretRequiredForTokenExchange', 60),
    b('isTokenExchangeEnabled', 60),
    s('label', 59),
    b('shouldRotateConsumerKey', 59, false),
    b('shouldRotateConsumerSecret', 59, false),
  ],
  ExtlClntAppOauthConfigurablePolicies: [
    s('apexHandler', 61),
    s('clientCredentialsFlowUser', 60),
    s('commaSeparatedCustomScopes', 61),
    s('commaSeparatedPermissionSet', 59),
    // Not on the v61/v62 pages, present on v66/v67: assume 63 (UNVERIFIED).
    s('commaSeparatedProfile', 63),
    c('customAttributes', 59),
    s('executeHandlerAs', 61),
    s('externalClientApplication', 59, { required: true }),
    e('guestJwtSessionTimeoutType', 65, ['UserSession', 'Custom']),
    i('guestJwtTimeout', 61),
    e('ipRelaxationPolicyType', 59, IP_RELAXATION_POLICIES),
    b('isClientCredentialsFlowEnabled', 60, false),
    b('isGuestCodeCredFlowEnabled', 61, false),
    // On the policy in 2025 retrieves, documented as moved to the global settings: checked where present, never added.
    b('isNamedUserJwtEnabled', 61, false, { uncertain: true }),
    b('isTokenExchangeFlowEnabled', 60, false),
    s('label', 59),
    e('namedUserJwtSessionTimeoutType', 65, ['UserSession', 'Custom']),
    i('namedUserJwtTimeout', 61),
    e('permittedUsersPolicyType', 59, PERMITTED_USERS_POLICIES),
    e('policyAction', 59, ['Block', 'RaiseSessionLevel']),
    e('refreshTokenPolicyType', 59, REFRESH_TOKEN_POLICIES),
    i('refreshTokenValidityPeriod', 59),
    e('refreshTokenValidityUnit', 59, ['Days', 'Hours', 'Months']),
    e('requiredSessionLevel', 59, ['HIGH_ASSURANCE', 'LOW', 'STANDARD']),
    i('sessionTimeoutInMinutes', 59),
    s('singleLogoutUrl', 59),
    s('startUrl', 59),
  ],
  ExtlClntAppConfigurablePolicies: [
    s('externalClientApplication', 60, { required: true }),
    b('isCanvasPluginEnabled', 66, true),
    b('isEnabled', 60, true),
    b('isMobilePluginEnabled', 63, true),
    b('isNotificationPluginEnabled', 63, true),
    b('isOauthPluginEnabled', 60, true),
    b('isPushPluginEnabled', 63, true),
    b('isSamlPluginEnabled', 63, true),
    s('label', 60),
    e('startPage', 63, ['Custom', 'None', 'OAuth']),
    s('startUrl', 63),
  ],
};

const specIndex = new Map<ComponentKind, Map<string, FieldSpec>>(
  Object.entries(FIELD_SPECS).map(([kind, specs]) => [kind as ComponentKind, new Map(specs.map((f) => [f.name, f]))])
);

export function fieldSpec(kind: ComponentKind, name: string): FieldSpec | undefined {
  return specIndex.get(kind)?.get(name);
}

export function isScalarField(kind: ComponentKind, name: string): boolean {
  const spec = fieldSpec(kind, name);
  return spec !== undefined && spec.type !== 'complex';
}
