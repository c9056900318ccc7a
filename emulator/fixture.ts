/** The org the emulator pretends to be: who is in it, what they may do, and every [UNVERIFIED] behaviour switch. */

export type UserPermission =
  | 'ExternalClientAppViewer'
  | 'ExternalClientAppAdmin'
  | 'ExternalClientAppDeveloper'
  | 'ViewClientSecret'
  | 'ModifyAllData'
  | 'CustomizeApplication'
  | 'ModifyMetadata'
  | 'ApiEnabled'
  | 'ApiUserOnly'
  | 'ViewAllData';

export const USER_PERMISSIONS: readonly UserPermission[] = [
  'ExternalClientAppViewer',
  'ExternalClientAppAdmin',
  'ExternalClientAppDeveloper',
  'ViewClientSecret',
  'ModifyAllData',
  'CustomizeApplication',
  'ModifyMetadata',
  'ApiEnabled',
  'ApiUserOnly',
  'ViewAllData',
];

/** One object's access in a profile or permission set (ObjectPermissions' Permissions* fields). */
export type ObjectAccess = {
  read?: boolean;
  create?: boolean;
  edit?: boolean;
  delete?: boolean;
  viewAll?: boolean;
  modifyAll?: boolean;
};
export type ObjectAccessMap = Record<string, ObjectAccess>;
export type LoginIpRange = { startAddress: string; endAddress: string; description?: string };

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** Metadata API ProfileLoginHours: `<day>Start` / `<day>End` in minutes after midnight (480 = 8:00, 1440 = end of day). */
export type LoginHours = Partial<Record<`${Weekday}Start` | `${Weekday}End`, number>>;

export type FixtureProfile = {
  name: string;
  /** The profile's Metadata API name when it is not its name (standard profiles: System Administrator is `Admin`). */
  fullName?: string;
  userLicense: string;
  permissions: UserPermission[];
  objectPermissions?: ObjectAccessMap;
  loginIpRanges?: LoginIpRange[];
  loginHours?: LoginHours;
};
/** Organization.DefaultCaseAccess: Private, Public Read Only, Public Read/Write, Public Read/Write/Transfer. */
export type CaseAccessDefault = 'None' | 'Read' | 'Edit' | 'ReadEditTransfer';
export type FixturePermissionSet = { name: string; label: string; permissions: UserPermission[]; objectPermissions?: ObjectAccessMap };
/** A permission set group: its permission sets, and the permissions its muting permission set takes away. */
export type FixturePermissionSetGroup = { developerName: string; label: string; permissionSets: string[]; muted?: UserPermission[] };
export type FixtureUser = {
  username: string;
  name: string;
  email: string;
  profile: string;
  permissionSets: string[];
  permissionSetGroups?: string[];
  isActive?: boolean;
  /** UserLogin.IsFrozen. */
  isFrozen?: boolean;
};

export type EcaSettings = {
  enableExternalClientApps: boolean;
  enableConsumerSecretApiAccess: boolean;
  enableClientSecretInRestApiAccess: boolean;
  enablePackageEcaOauthFromDevOrg: boolean;
};

/** Behaviours the reference marks [UNVERIFIED]: each one is a switch, defaults are our best guess. */
export type FixtureSwitches = {
  /** Per-field minimum API version, keyed `Type.field`; overrides the schema's documented Since. */
  fieldSince: Record<string, number>;
  /** Defaults the docs leave open, applied when a deploy omits the element. */
  defaults: {
    distributionState: string;
    isDeviceFlowEnabled: boolean;
    isClientCredentialsFlowEnabled: boolean;
    isRefreshTokenRotationEnabled: boolean;
    isSecretRequiredForTokenExchange: boolean;
    isTokenExchangeEnabled: boolean;
    isFirstPartyAppEnabled: boolean;
    permittedUsersPolicyType: string;
    refreshTokenPolicyType: string;
    ipRelaxationPolicyType: string;
  };
  /** Fields the deploy insists on (`Type.field`), beyond those documented as required. */
  extraRequired: string[];
  /** How readMetadata shows the consumer secret: a masked value or no element at all. */
  readMetadataSecret: 'masked' | 'omitted';
  /** How retrieve shows the consumer secret. */
  retrieveSecret: 'masked' | 'omitted';
  /** Whether a type below its Since version is rejected. */
  rejectTypesBelowSince: boolean;
  /** `/apps/oauth/usage` lists only apps that issued a token (true) or every ECA (false). */
  usageListsOnlyUsedApps: boolean;
  /** Device-flow poll needs client_secret when the app's isConsumerSecretOptional is false. */
  deviceFlowPollRequiresSecret: boolean;
  /** isPkceRequired=true makes refreshing a device-flow token fail (vendor's "expires immediately" symptom). */
  pkceBreaksDeviceFlowRefresh: boolean;
  /** Re-granting an already granted profile fails with "profile names are already taken" (additive model). */
  regrantProfileFails: boolean;
  /** Seconds a device code may be polled before it expires. */
  deviceCodeExpiresIn: number;
  /** `interval` returned by the device flow start. */
  deviceCodeInterval: number;
  /** Whether the REST deployRequest accepts JWT-format sessions (SOAP never does). */
  restDeployAcceptsJwt: boolean;
  /** Deploying global OAuth settings needs the org setting enableConsumerSecretApiAccess (type pages) or not (settings page: deprecated). */
  globalOauthNeedsSecretApiAccess: boolean;
  /** Satellites of an app created in the same deploy are accepted, or refused until the app exists (deploy the parent first). */
  satellitesWithNewParent: 'accepted' | 'refused';
  /** An OAuth policy deployed under another name than the app's existing one: a second record, refused, or merged into it. */
  policyUnderOtherName: 'second-record' | 'refused-duplicate' | 'merged';
  /** commaSeparatedPermissionSet holds permission set names (the page's sample) or ids (the field's description). */
  permissionSetReference: 'name' | 'id';
  /** Whether profiles' login IP ranges are queryable as the LoginIpRange sObject (false: INVALID_TYPE, as for an object the org lacks). */
  loginIpRangeQueryable: boolean;
  /**
   * Metadata API names of standard profiles: their own (`Admin`, `ReadOnly`, …) or their names (`Read Only`), as
   * retrieved projects show both for some of them.
   */
  standardProfileFullNames: 'own' | 'names';
};

/**
 * Non-default values of the switches the fidelity matrix runs the plugin under (`EMULATOR_SWITCH=<name>`), with the
 * org settings an org under that value would have been given by an admin following the docs.
 */
export const MATRIX_VARIANTS: Record<string, Pick<FixtureOverrides, 'switches' | 'settings'>> = {
  'global-oauth-needs-secret-api-access': { switches: { globalOauthNeedsSecretApiAccess: true }, settings: { enableConsumerSecretApiAccess: true } },
  'satellites-refused-with-new-parent': { switches: { satellitesWithNewParent: 'refused' } },
  'policy-under-other-name-refused': { switches: { policyUnderOtherName: 'refused-duplicate' } },
  'policy-under-other-name-merged': { switches: { policyUnderOtherName: 'merged' } },
  'permission-set-by-id': { switches: { permissionSetReference: 'id' } },
  'global-named-user-jwt-since-67': { switches: { fieldSince: { 'ExtlClntAppGlobalOauthSettings.isNamedUserJwtEnabled': 67 } } },
  'refresh-default-infinite': { switches: { defaults: { refreshTokenPolicyType: 'Infinite' } } },
  'device-poll-requires-secret': { switches: { deviceFlowPollRequiresSecret: true } },
  'pkce-keeps-refresh': { switches: { pkceBreaksDeviceFlowRefresh: false } },
  'regrant-profile-fails': { switches: { regrantProfileFails: true } },
  'usage-lists-every-app': { switches: { usageListsOnlyUsedApps: false } },
  'read-metadata-secret-omitted': { switches: { readMetadataSecret: 'omitted' } },
  'rest-deploy-refuses-jwt': { switches: { restDeployAcceptsJwt: false } },
  'login-ip-range-not-queryable': { switches: { loginIpRangeQueryable: false } },
  'standard-profiles-under-their-names': { switches: { standardProfileFullNames: 'names' } },
};

export type OrgFixture = {
  orgId: string;
  orgName: string;
  instanceName: string;
  organizationType: string;
  sandbox: boolean;
  /** Organization.TimeZoneSidKey: the org's default time zone, in which profiles' login hours apply. */
  timeZoneSidKey: string;
  /** Organization.DefaultCaseAccess: Case's organization-wide default. */
  defaultCaseAccess: CaseAccessDefault;
  /** Username of the user the emulator's initial session belongs to. */
  runningUser: string;
  users: FixtureUser[];
  profiles: FixtureProfile[];
  permissionSets: FixturePermissionSet[];
  permissionSetGroups?: FixturePermissionSetGroup[];
  settings: EcaSettings;
  /** Connected Apps that already exist (an ECA of the same name collides with them). */
  connectedApps: string[];
  switches: FixtureSwitches;
};

const ECA_ALL: UserPermission[] = [
  'ExternalClientAppViewer',
  'ExternalClientAppAdmin',
  'ExternalClientAppDeveloper',
  'ViewClientSecret',
];

/** The same login hours on every day of the week. */
function allWeek(start: number, end: number): LoginHours {
  return Object.fromEntries(WEEKDAYS.flatMap((day) => [[`${day}Start`, start], [`${day}End`, end]]));
}

const CASE_EDIT: ObjectAccess = { read: true, create: true, edit: true };
const CASE_ALL: ObjectAccess = { read: true, create: true, edit: true, delete: true, viewAll: true, modifyAll: true };

export function defaultSwitches(): FixtureSwitches {
  return {
    fieldSince: {
      'ExtlClntAppOauthConfigurablePolicies.commaSeparatedProfile': 63,
      'ExtlClntAppGlobalOauthSettings.isNamedUserJwtEnabled': 65,
    },
    defaults: {
      distributionState: 'Local',
      isDeviceFlowEnabled: false,
      isClientCredentialsFlowEnabled: false,
      isRefreshTokenRotationEnabled: false,
      isSecretRequiredForTokenExchange: false,
      isTokenExchangeEnabled: false,
      isFirstPartyAppEnabled: false,
      permittedUsersPolicyType: 'AllSelfAuthorized',
      refreshTokenPolicyType: 'SpecificLifetime',
      ipRelaxationPolicyType: 'Enforce',
    },
    extraRequired: ['ExtlClntAppGlobalOauthSettings.callbackUrl'],
    readMetadataSecret: 'masked',
    retrieveSecret: 'omitted',
    rejectTypesBelowSince: true,
    usageListsOnlyUsedApps: true,
    deviceFlowPollRequiresSecret: false,
    pkceBreaksDeviceFlowRefresh: true,
    regrantProfileFails: false,
    deviceCodeExpiresIn: 600,
    deviceCodeInterval: 5,
    restDeployAcceptsJwt: true,
    globalOauthNeedsSecretApiAccess: false,
    satellitesWithNewParent: 'accepted',
    policyUnderOtherName: 'second-record',
    permissionSetReference: 'name',
    loginIpRangeQueryable: true,
    standardProfileFullNames: 'own',
  };
}

export function defaultFixture(sandbox = false): OrgFixture {
  return {
    orgId: '00DDz0000000Emu',
    orgName: sandbox ? 'Dropzone Emulator Sandbox' : 'Dropzone Emulator',
    instanceName: sandbox ? 'CS0' : 'EMU1',
    organizationType: 'Enterprise Edition',
    sandbox,
    timeZoneSidKey: 'America/Los_Angeles',
    defaultCaseAccess: 'ReadEditTransfer',
    runningUser: 'admin@dropzone.emulator',
    users: [
      {
        username: 'admin@dropzone.emulator',
        name: 'Ada Admin',
        email: 'admin@dropzone.emulator',
        profile: 'System Administrator',
        permissionSets: ['ECA_Developer'],
      },
      {
        username: 'user@dropzone.emulator',
        name: 'Sam Standard',
        email: 'user@dropzone.emulator',
        profile: 'Standard User',
        permissionSets: [],
      },
      {
        username: 'integration@dropzone.emulator',
        name: 'Ivy Integration',
        email: 'integration@dropzone.emulator',
        profile: 'Minimum Access - Salesforce',
        permissionSets: ['Dropzone_Connector_Access'],
      },
      // One user per way the authorizing user can fail the connector (see emulator/README.md, "Fixture").
      { username: 'noapi@dropzone.emulator', name: 'Nora NoApi', email: 'noapi@dropzone.emulator', profile: 'Minimum Access - Salesforce', permissionSets: ['Sales_Ops'] },
      { username: 'caseread@dropzone.emulator', name: 'Rey ReadOnly', email: 'caseread@dropzone.emulator', profile: 'Read Only', permissionSets: [] },
      { username: 'frozen@dropzone.emulator', name: 'Fred Frozen', email: 'frozen@dropzone.emulator', profile: 'Standard User', permissionSets: [], isFrozen: true },
      { username: 'inactive@dropzone.emulator', name: 'Ines Inactive', email: 'inactive@dropzone.emulator', profile: 'Standard User', permissionSets: [], isActive: false },
      { username: 'iprange@dropzone.emulator', name: 'Ira IpRange', email: 'iprange@dropzone.emulator', profile: 'Custom: Support Profile', permissionSets: [] },
      { username: 'hours@dropzone.emulator', name: 'Hal Hours', email: 'hours@dropzone.emulator', profile: 'Custom: Day Shift', permissionSets: [] },
      { username: 'lockedout@dropzone.emulator', name: 'Lou Lockedout', email: 'lockedout@dropzone.emulator', profile: 'Custom: No Login Hours', permissionSets: [] },
      {
        username: 'support@dropzone.emulator',
        name: 'Sue Support',
        email: 'support@dropzone.emulator',
        profile: 'Minimum Access - Salesforce',
        permissionSets: [],
        permissionSetGroups: ['Dropzone_Support'],
      },
      {
        username: 'muted@dropzone.emulator',
        name: 'Mo Muted',
        email: 'muted@dropzone.emulator',
        profile: 'Minimum Access - Salesforce',
        permissionSets: [],
        permissionSetGroups: ['Support_No_Api'],
      },
    ],
    profiles: [
      {
        name: 'System Administrator',
        fullName: 'Admin',
        userLicense: 'Salesforce',
        permissions: ['ModifyAllData', 'CustomizeApplication', 'ModifyMetadata', 'ApiEnabled', 'ViewAllData'],
        objectPermissions: { Case: CASE_ALL },
      },
      { name: 'Standard User', fullName: 'Standard', userLicense: 'Salesforce', permissions: ['ApiEnabled'], objectPermissions: { Case: CASE_EDIT } },
      { name: 'Read Only', fullName: 'ReadOnly', userLicense: 'Salesforce', permissions: ['ApiEnabled'], objectPermissions: { Case: { read: true } } },
      { name: 'Minimum Access - Salesforce', userLicense: 'Salesforce', permissions: [] },
      { name: 'Contract Manager', fullName: 'ContractManager', userLicense: 'Salesforce', permissions: ['ApiEnabled'], objectPermissions: { Case: CASE_EDIT } },
      { name: 'Marketing User', fullName: 'MarketingProfile', userLicense: 'Salesforce', permissions: ['ApiEnabled'], objectPermissions: { Case: CASE_EDIT } },
      { name: 'Solution Manager', fullName: 'SolutionManager', userLicense: 'Salesforce', permissions: ['ApiEnabled'], objectPermissions: { Case: CASE_EDIT } },
      {
        name: 'Custom: Support Profile',
        userLicense: 'Salesforce',
        permissions: ['ApiEnabled'],
        objectPermissions: { Case: CASE_EDIT },
        loginIpRanges: [
          { startAddress: '10.0.0.0', endAddress: '10.255.255.255', description: 'Office network' },
          { startAddress: '203.0.113.0', endAddress: '203.0.113.255' },
        ],
      },
      // Login hours set on every day, open all day: set, so a warning, yet never blocking whenever the tests run.
      {
        name: 'Custom: Day Shift',
        userLicense: 'Salesforce',
        permissions: ['ApiEnabled'],
        objectPermissions: { Case: CASE_EDIT },
        loginHours: allWeek(0, 1440),
      },
      // Start = end on every day: Salesforce's way to forbid logins on a day, so blocked whenever the tests run.
      {
        name: 'Custom: No Login Hours',
        userLicense: 'Salesforce',
        permissions: ['ApiEnabled'],
        objectPermissions: { Case: CASE_EDIT },
        loginHours: allWeek(0, 0),
      },
    ],
    permissionSets: [
      { name: 'ECA_Developer', label: 'ECA Developer', permissions: ECA_ALL },
      { name: 'Dropzone_Connector_Access', label: 'Dropzone Connector Access', permissions: ['ApiEnabled'], objectPermissions: { Case: CASE_EDIT } },
      { name: 'Sales_Ops', label: 'Sales Ops', permissions: [], objectPermissions: { Case: CASE_EDIT } },
      { name: 'Support_Case_Access', label: 'Support Case Access', permissions: ['ApiEnabled'], objectPermissions: { Case: CASE_EDIT } },
    ],
    permissionSetGroups: [
      { developerName: 'Dropzone_Support', label: 'Dropzone Support', permissionSets: ['Support_Case_Access'] },
      { developerName: 'Support_No_Api', label: 'Support without API', permissionSets: ['Support_Case_Access'], muted: ['ApiEnabled'] },
    ],
    settings: {
      enableExternalClientApps: true,
      enableConsumerSecretApiAccess: false,
      enableClientSecretInRestApiAccess: true,
      enablePackageEcaOauthFromDevOrg: false,
    },
    connectedApps: ['Legacy_Connected_App'],
    switches: defaultSwitches(),
  };
}

/** A partial fixture: top-level fields replace, `settings`/`switches` merge key by key. */
export type FixtureOverrides = Partial<Omit<OrgFixture, 'settings' | 'switches'>> & {
  settings?: Partial<EcaSettings>;
  switches?: Partial<Omit<FixtureSwitches, 'defaults'>> & { defaults?: Partial<FixtureSwitches['defaults']> };
};

/** Deep-merge a partial fixture over the default (arrays replace, objects merge). */
export function resolveFixture(partial: FixtureOverrides | undefined, sandbox: boolean | undefined): OrgFixture {
  const base = defaultFixture(sandbox ?? partial?.sandbox ?? false);
  if (!partial) return base;
  const switches: FixtureSwitches = {
    ...base.switches,
    ...(partial.switches ?? {}),
    fieldSince: { ...base.switches.fieldSince, ...(partial.switches?.fieldSince ?? {}) },
    defaults: { ...base.switches.defaults, ...(partial.switches?.defaults ?? {}) },
  };
  const merged: OrgFixture = {
    ...base,
    ...partial,
    sandbox: sandbox ?? partial.sandbox ?? base.sandbox,
    settings: { ...base.settings, ...(partial.settings ?? {}) },
    switches,
  };
  return partial.permissionSetGroups === undefined ? withoutOrphanGroups(merged) : merged;
}

/**
 * A fixture that replaces the permission sets keeps only the default groups whose sets it still has (and drops the
 * others from its users), so an override written before groups existed still seeds.
 */
function withoutOrphanGroups(fixture: OrgFixture): OrgFixture {
  const sets = new Set(fixture.permissionSets.map((set) => set.name));
  const groups = (fixture.permissionSetGroups ?? []).filter((group) => group.permissionSets.every((name) => sets.has(name)));
  const kept = new Set(groups.map((group) => group.developerName));
  return {
    ...fixture,
    permissionSetGroups: groups,
    users: fixture.users.map((user) =>
      user.permissionSetGroups ? { ...user, permissionSetGroups: user.permissionSetGroups.filter((name) => kept.has(name)) } : user
    ),
  };
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * The same org under another identity, so that several emulators can live in one sf HOME (sf keys auth files by
 * username: two orgs with one username take each other's alias over). Usernames become `<name>@<instance>.dropzone.emulator`
 * and the org id is derived from the instance name.
 */
export function forInstance(fixture: OrgFixture, instance: string): OrgFixture {
  const label = instance.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'org';
  const rename = (username: string): string => username.replace(/@dropzone\.emulator$/, `@${label}.dropzone.emulator`);
  let hash = 0n;
  for (const byte of Buffer.from(label)) hash = (hash * 131n + BigInt(byte)) % 62n ** 10n;
  let suffix = '';
  for (let i = 0; i < 10; i++, hash /= 62n) suffix = BASE62[Number(hash % 62n)] + suffix;
  return {
    ...fixture,
    orgId: `00DDz${suffix}`,
    orgName: `${fixture.orgName} (${label})`,
    runningUser: rename(fixture.runningUser),
    users: fixture.users.map((u) => ({ ...u, username: rename(u.username), email: rename(u.email) })),
  };
}
