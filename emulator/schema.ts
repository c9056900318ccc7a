/**
 * Independent schemas of the five ECA metadata types and ExternalClientAppSettings, transcribed from the Metadata API
 * Developer Guide v66.0 field tables (salesforce-eca.md §1). Never derived from the plugin's own model.
 */

export type FieldKind = 'string' | 'boolean' | 'int' | 'enum' | 'complex';

export type FieldDef = {
  name: string;
  kind: FieldKind;
  since: number;
  required?: boolean;
  /** Documented default, or the name of a fixture default (`switch:<name>`) for [UNVERIFIED] ones. */
  default?: boolean | string;
  enumName?: string;
  /** Enum value → Since version. */
  values?: Record<string, number>;
  /** Documented enum value → the spelling real orgs store and retrieve, when it differs (matching is case-insensitive). */
  orgSpelling?: Record<string, string>;
  /** Allowed integer values → Since version (e.g. JWT timeouts). */
  intValues?: Record<string, number>;
  min?: number;
  max?: number;
  array?: boolean;
  children?: FieldDef[];
  /** Salesforce fills it in (never required, value from another org fails). */
  generated?: boolean;
};

export type TypeDef = {
  xmlName: string;
  suffix: string;
  directoryName: string;
  since: number;
  /** Root element name inside the file (Settings files use the settings type name). */
  rootElement: string;
  /** Which permission the deploying user needs for this type. */
  gate?: 'developer' | 'admin';
  /** ECA feature type (fails when the org has ECAs off). */
  eca: boolean;
  /** Satellites reference their app through this field. */
  satellite: boolean;
  fields: FieldDef[];
};

const s = (name: string, since = 59, extra: Partial<FieldDef> = {}): FieldDef => ({ name, kind: 'string', since, ...extra });
const b = (name: string, since: number, def?: boolean | string, extra: Partial<FieldDef> = {}): FieldDef => ({
  name,
  kind: 'boolean',
  since,
  default: def,
  ...extra,
});
const i = (name: string, since: number, extra: Partial<FieldDef> = {}): FieldDef => ({ name, kind: 'int', since, ...extra });
const e = (name: string, since: number, enumName: string, values: Record<string, number>, def?: string): FieldDef => ({
  name,
  kind: 'enum',
  since,
  enumName,
  values,
  default: def,
});
const all = (since: number, ...names: string[]): Record<string, number> => Object.fromEntries(names.map((n) => [n, since]));

const attribute = (since: number): FieldDef => ({
  name: 'customAttributes',
  kind: 'complex',
  since,
  array: true,
  max: 128,
  children: [s('formula', since, { required: true }), s('key', since, { required: true })],
});

const JWT_TIMEOUTS = { ...all(61, '1', '5', '10', '15', '30'), ...all(65, '60', '90', '120', '240', '480', '720') };

export const ECA_TYPES: TypeDef[] = [
  {
    xmlName: 'ExternalClientApplication',
    suffix: 'eca',
    directoryName: 'externalClientApps',
    since: 59,
    rootElement: 'ExternalClientApplication',
    gate: 'developer',
    eca: true,
    satellite: false,
    fields: [
      s('contactEmail', 59, { required: true }),
      s('contactPhone'),
      s('description'),
      e('distributionState', 59, 'ExtlClntAppDistState', { ...all(59, 'Local', 'Packaged'), ...all(66, 'AutoInstalled', 'Managed') }, 'switch:distributionState'),
      s('iconUrl'),
      s('infoUrl'),
      b('isProtected', 59, false),
      s('label'),
      s('logoUrl'),
      s('managedType', 60),
      s('orgScopedExternalApp', 59, { generated: true }),
    ],
  },
  {
    xmlName: 'ExtlClntAppOauthSettings',
    suffix: 'ecaOauth',
    directoryName: 'extlClntAppOauthSettings',
    since: 59,
    rootElement: 'ExtlClntAppOauthSettings',
    gate: 'developer',
    eca: true,
    satellite: true,
    fields: [
      b('areAttributesIncludedInAssetToken', 61, false),
      b('areCustomPermsIncludedInAssetToken', 61, false),
      s('assetTokenAudiences', 61),
      s('assetTokenSigningCertificate', 61),
      i('assetTokenValidity', 61),
      s('clientAssertionCertificate', 63),
      s('commaSeparatedOauthScopes', 59, { required: true }),
      attribute(59),
      s('externalClientApplication', 59, { required: true }),
      b('isFirstPartyAppEnabled', 63, 'switch:isFirstPartyAppEnabled'),
      s('label', 59, { required: true }),
      s('oauthLink', 59, { generated: true }),
      s('singleLogoutUrl'),
      {
        name: 'trustedIpRanges',
        kind: 'complex',
        since: 59,
        array: true,
        max: 128,
        children: [s('description'), s('endIpAddress', 59, { required: true }), s('startIpAddress', 59, { required: true })],
      },
    ],
  },
  {
    xmlName: 'ExtlClntAppGlobalOauthSettings',
    suffix: 'ecaGlblOauth',
    directoryName: 'extlClntAppGlobalOauthSets',
    since: 59,
    rootElement: 'ExtlClntAppGlobalOauthSettings',
    gate: 'developer',
    eca: true,
    satellite: true,
    fields: [
      s('callbackUrl'),
      s('certificate', 60),
      s('consumerKey', 59, { generated: true }),
      s('consumerSecret', 59, { generated: true }),
      s('externalClientApplication', 59, { required: true }),
      {
        name: 'idTokenConfig',
        kind: 'complex',
        since: 59,
        children: [
          s('idTokenAudience'),
          b('idTokenIncludeAttributes', 59),
          b('idTokenIncludeStandardClaims', 59),
          i('idTokenValidityInMinutes', 59, { min: 1, max: 720 }),
        ],
      },
      b('isClientCredentialsFlowEnabled', 60, 'switch:isClientCredentialsFlowEnabled'),
      b('isCodeCredFlowEnabled', 61, false),
      b('isCodeCredPostOnly', 61, false),
      b('isConsumerSecretOptional', 59, false),
      b('isDeviceFlowEnabled', 60, 'switch:isDeviceFlowEnabled'),
      b('isDPopEnabled', 64, false),
      b('isEnforceRefreshTokenTTL', 64, false),
      b('isIntrospectAllTokens', 59, false),
      b('isNamedUserJwtEnabled', 61, false),
      b('isPkceRequired', 59, true),
      b('isRefreshTokenRotationEnabled', 60, 'switch:isRefreshTokenRotationEnabled'),
      b('isSecretRequiredForRefreshToken', 59, true),
      b('isSecretRequiredForTokenExchange', 60, 'switch:isSecretRequiredForTokenExchange'),
      b('isTokenExchangeEnabled', 60, 'switch:isTokenExchangeEnabled'),
      s('label'),
      b('shouldRotateConsumerKey', 59, false),
      b('shouldRotateConsumerSecret', 59, false),
    ],
  },
  {
    xmlName: 'ExtlClntAppOauthConfigurablePolicies',
    suffix: 'ecaOauthPlcy',
    directoryName: 'extlClntAppOauthPolicies',
    since: 59,
    rootElement: 'ExtlClntAppOauthConfigurablePolicies',
    gate: 'admin',
    eca: true,
    satellite: true,
    fields: [
      s('apexHandler', 61),
      s('clientCredentialsFlowUser', 60),
      s('commaSeparatedCustomScopes', 61),
      s('commaSeparatedPermissionSet', 59),
      s('commaSeparatedProfile', 66),
      attribute(59),
      s('executeHandlerAs', 61),
      s('externalClientApplication', 59, { required: true }),
      e('guestJwtSessionTimeoutType', 65, 'JWTSessionTimeoutType', all(65, 'UserSession', 'Custom')),
      i('guestJwtTimeout', 61, { intValues: JWT_TIMEOUTS }),
      {
        ...e(
          'ipRelaxationPolicyType',
          59,
          'IpRelaxationPolicyType',
          all(59, 'Enforce', 'Bypass', 'Bypass_2factor', 'Enforce_RelaxRefresh'),
          'switch:ipRelaxationPolicyType'
        ),
        orgSpelling: { Enforce_RelaxRefresh: 'Enforce_relaxrefresh' },
      },
      b('isClientCredentialsFlowEnabled', 60, false),
      b('isGuestCodeCredFlowEnabled', 61, false),
      b('isNamedUserJwtEnabled', 61, false),
      b('isTokenExchangeFlowEnabled', 60, false),
      s('label'),
      e('namedUserJwtSessionTimeoutType', 65, 'JWTSessionTimeoutType', all(65, 'UserSession', 'Custom')),
      i('namedUserJwtTimeout', 61, { intValues: JWT_TIMEOUTS }),
      e(
        'permittedUsersPolicyType',
        59,
        'PermittedUsersPolicyType',
        all(59, 'AdminApprovedPreAuthorized', 'AllSelfAuthorized'),
        'switch:permittedUsersPolicyType'
      ),
      e('policyAction', 59, 'PolicyAction', all(59, 'Block', 'RaiseSessionLevel')),
      e(
        'refreshTokenPolicyType',
        59,
        'RefreshTokenPolicyType',
        all(59, 'Infinite', 'SpecificInactivity', 'SpecificLifetime', 'Zero'),
        'switch:refreshTokenPolicyType'
      ),
      i('refreshTokenValidityPeriod', 59),
      e('refreshTokenValidityUnit', 59, 'RefreshTokenValidityUnit', all(59, 'Days', 'Hours', 'Months')),
      e('requiredSessionLevel', 59, 'SessionSecurityLevel', all(59, 'HIGH_ASSURANCE', 'LOW', 'STANDARD')),
      i('sessionTimeoutInMinutes', 59, { min: 1 }),
      s('singleLogoutUrl'),
      s('startUrl'),
    ],
  },
  {
    xmlName: 'ExtlClntAppConfigurablePolicies',
    suffix: 'ecaPlcy',
    directoryName: 'extlClntAppPolicies',
    since: 60,
    rootElement: 'ExtlClntAppConfigurablePolicies',
    gate: 'admin',
    eca: true,
    satellite: true,
    fields: [
      s('externalClientApplication', 60, { required: true }),
      b('isCanvasPluginEnabled', 66, true),
      b('isEnabled', 60, true, { required: true }),
      b('isMobilePluginEnabled', 63, true),
      b('isNotificationPluginEnabled', 63, true),
      b('isOauthPluginEnabled', 60, true),
      b('isPushPluginEnabled', 63, true),
      b('isSamlPluginEnabled', 63, true),
      s('label', 60),
      e('startPage', 63, 'ExtlClntAppStartPage', all(63, 'Custom', 'None', 'OAuth')),
      s('startUrl', 63),
    ],
  },
];

export const SETTINGS_TYPE: TypeDef = {
  xmlName: 'Settings',
  suffix: 'settings',
  directoryName: 'settings',
  since: 58,
  rootElement: 'ExternalClientAppSettings',
  eca: false,
  satellite: false,
  fields: [
    b('enableClientSecretInRestApiAccess', 62),
    b('enableConsumerSecretApiAccess', 58),
    b('enableExternalClientApps', 58),
    b('enablePackageEcaOauthFromDevOrg', 62),
  ],
};

/** The only Settings member the emulator knows. */
export const ECA_SETTINGS_MEMBER = 'ExternalClientApp';

export const ALL_TYPES: TypeDef[] = [...ECA_TYPES, SETTINGS_TYPE];

export function typeByName(xmlName: string): TypeDef | undefined {
  return ALL_TYPES.find((t) => t.xmlName === xmlName);
}

export function typeByDirectory(directoryName: string): TypeDef | undefined {
  return ALL_TYPES.find((t) => t.directoryName === directoryName);
}

/** Scope tokens accepted in commaSeparatedOauthScopes (v66 list + CDP, DataCloudUserClaims seen accepted). */
export const OAUTH_SCOPES: readonly string[] = [
  'Basic', 'Api', 'Web', 'Full', 'Chatter', 'CustomApplications', 'RefreshToken', 'OpenID', 'Profile', 'Email', 'Address',
  'Phone', 'OfflineAccess', 'CustomPermissions', 'Wave', 'Eclair', 'Pardot', 'Lightning', 'Content', 'CDPIngest',
  'CDPProfile', 'CDPQuery', 'Chatbot', 'CDPSegment', 'CDPIdentityResolution', 'CDPCalculatedInsight', 'SFApiPlatform',
  'Interaction', 'EinsteinGPT', 'PwdlessLogin', 'ForgotPassword', 'UserRegistration', 'MCP', 'SCRT', 'CDP',
  'DataCloudUserClaims',
];

export function splitList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

export const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';
