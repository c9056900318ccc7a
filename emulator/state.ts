import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EcaSettings, LoginHours, LoginIpRange, ObjectAccess, ObjectAccessMap, OrgFixture, USER_PERMISSIONS, UserPermission } from './fixture.js';
import { makeId, randomAlnum, randomToken, sameId, to18 } from './ids.js';

export type FieldRecord = { [key: string]: string };
export type FieldValue = string | FieldRecord | FieldRecord[];
export type FieldMap = Record<string, FieldValue>;

export type StoredComponent = {
  type: string;
  fullName: string;
  id: string;
  fields: FieldMap;
  createdDate: string;
  lastModifiedDate: string;
  createdById: string;
  lastModifiedById: string;
};

export type ProfileRec = {
  id: string;
  name: string;
  /** Metadata API name: the name with characters a file name cannot hold percent-encoded, or a standard profile's own. */
  fullName: string;
  userLicense: string;
  permissionSetId: string;
  loginIpRanges?: LoginIpRange[];
  loginHours?: LoginHours;
};
/** PermissionSet.Type: a profile's own set, a regular one, or the set holding a permission set group's aggregate. */
export type PermissionSetType = 'Profile' | 'Regular' | 'Group';
export type PermissionSetRec = {
  id: string;
  name: string;
  label: string;
  isOwnedByProfile: boolean;
  profileId: string | null;
  permissions: UserPermission[];
  /** Absent in state files written before object permissions were modelled. */
  objectPermissions?: ObjectAccessMap;
  type?: PermissionSetType;
  permissionSetGroupId?: string;
};
export type MutingPermissionSetRec = { id: string; developerName: string; label: string; permissions: UserPermission[] };
export type PermissionSetGroupRec = {
  id: string;
  developerName: string;
  label: string;
  /** The Group-type permission set that holds the group's aggregate (muted permissions removed). */
  permissionSetId: string;
  componentIds: string[];
  mutingPermissionSetId?: string;
};
export type UserRec = {
  id: string;
  username: string;
  name: string;
  email: string;
  isActive: boolean;
  profileId: string;
  isFrozen?: boolean;
};
export type AssignmentRec = { id: string; assigneeId: string; permissionSetId: string; permissionSetGroupId?: string };
export type GrantRec = { id: string; parentId: string; setupEntityId: string; setupEntityType: string };
export type ConsumerRec = { id: string; appName: string; key: string; secret: string; createdDate: string };
export type AccessTokenRec = {
  token: string;
  userId: string;
  clientId: string;
  issuedAt: number;
  valid: boolean;
  jwt: boolean;
  /** The refresh token it was issued with (revoking that one revokes this one). */
  refreshToken?: string;
};
export type RefreshTokenRec = {
  token: string;
  userId: string;
  clientId: string;
  /** ECA API name when issued to an ECA consumer. */
  appName?: string;
  scopes: string[];
  viaDeviceFlow: boolean;
  valid: boolean;
};

/** Everything that survives a restart when a state file is used. */
export type OrgData = {
  orgId: string;
  seq: number;
  settings: EcaSettings;
  users: UserRec[];
  profiles: ProfileRec[];
  permissionSets: PermissionSetRec[];
  /** Absent in state files written before permission set groups were modelled. */
  permissionSetGroups?: PermissionSetGroupRec[];
  mutingPermissionSets?: MutingPermissionSetRec[];
  assignments: AssignmentRec[];
  connectedApps: Array<{ id: string; name: string }>;
  components: StoredComponent[];
  consumers: ConsumerRec[];
  grants: GrantRec[];
  accessTokens: AccessTokenRec[];
  refreshTokens: RefreshTokenRec[];
  /** ECA names that have issued at least one token (for /apps/oauth/usage). */
  usedApps: string[];
};

export const KEY_PREFIX = {
  user: '005',
  profile: '00e',
  permissionSet: '0PS',
  permissionSetGroup: '0PG',
  permissionSetGroupComponent: '0PC',
  objectPermissions: '110',
  userLogin: '060',
  loginIpRange: '0Ip',
  assignment: '0Pa',
  setupEntityAccess: '0J0',
  connectedApp: '0H4',
  consumer: '0Cs',
  ExternalClientApplication: '0xI',
  ExtlClntAppOauthSettings: '0xO',
  ExtlClntAppGlobalOauthSettings: '0xG',
  ExtlClntAppOauthConfigurablePolicies: '0xP',
  ExtlClntAppConfigurablePolicies: '0xC',
  deploy: '0Af',
  retrieve: '09S',
} as const;

export class OrgState {
  public data: OrgData;

  public constructor(public readonly fixture: OrgFixture, private readonly stateFile?: string) {
    const loaded = stateFile && existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as OrgData) : undefined;
    this.data = loaded ?? seed(fixture);
    if (!loaded) this.save();
  }

  public get orgId(): string {
    return this.data.orgId;
  }

  public get settings(): EcaSettings {
    return this.data.settings;
  }

  public get consumers(): ConsumerRec[] {
    return this.data.consumers;
  }

  public get grants(): GrantRec[] {
    return this.data.grants;
  }

  public newId(prefix: string): string {
    this.data.seq += 1;
    return makeId(prefix, this.data.seq);
  }

  public save(): void {
    if (!this.stateFile) return;
    mkdirSync(dirname(this.stateFile), { recursive: true });
    const tmp = `${this.stateFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data, null, 2));
    renameSync(tmp, this.stateFile);
  }

  public components(type?: string): StoredComponent[] {
    return type ? this.data.components.filter((c) => c.type === type) : this.data.components;
  }

  public component(type: string, fullName: string): StoredComponent | undefined {
    return this.data.components.find((c) => c.type === type && c.fullName === fullName);
  }

  /** The stored field value as a string (complex values are not strings). */
  public field(type: string, fullName: string, field: string): string | undefined {
    const v = this.component(type, fullName)?.fields[field];
    return typeof v === 'string' ? v : undefined;
  }

  /** The satellites of an app of one type (every component of `type` whose externalClientApplication is `app`). */
  public satellites(type: string, app: string): StoredComponent[] {
    return this.components(type).filter((c) => c.fields.externalClientApplication === app);
  }

  public consumerForApp(appName: string): ConsumerRec | undefined {
    return this.data.consumers.find((c) => c.appName === appName);
  }

  public ensureConsumer(appName: string): ConsumerRec {
    const existing = this.consumerForApp(appName);
    if (existing) return existing;
    const consumer: ConsumerRec = {
      id: this.newId(KEY_PREFIX.consumer),
      appName,
      key: newConsumerKey(),
      secret: newConsumerSecret(),
      createdDate: new Date().toISOString(),
    };
    this.data.consumers.push(consumer);
    return consumer;
  }

  public userById(id: string): UserRec | undefined {
    return this.data.users.find((u) => sameId(u.id, id));
  }

  public userByUsername(username: string): UserRec | undefined {
    return this.data.users.find((u) => u.username.toLowerCase() === username.toLowerCase());
  }

  public profileById(id: string): ProfileRec | undefined {
    return this.data.profiles.find((p) => sameId(p.id, id));
  }

  public permissionSetById(id: string): PermissionSetRec | undefined {
    return this.data.permissionSets.find((p) => sameId(p.id, id));
  }

  /** Permission sets (profile-owned included) that apply to a user. */
  public userPermissionSets(userId: string): PermissionSetRec[] {
    const user = this.userById(userId);
    if (!user) return [];
    const profile = this.profileById(user.profileId);
    const ids = new Set(this.data.assignments.filter((a) => sameId(a.assigneeId, userId)).map((a) => a.permissionSetId));
    if (profile) ids.add(profile.permissionSetId);
    return this.data.permissionSets.filter((p) => ids.has(p.id));
  }

  public userPermissions(userId: string): Record<UserPermission, boolean> {
    const granted = new Set(this.userPermissionSets(userId).flatMap((p) => p.permissions));
    return Object.fromEntries(USER_PERMISSIONS.map((p) => [p, granted.has(p)])) as Record<UserPermission, boolean>;
  }

  public hasPermission(userId: string, permission: UserPermission): boolean {
    return this.userPermissions(userId)[permission];
  }

  public accessToken(token: string): AccessTokenRec | undefined {
    return this.data.accessTokens.find((t) => t.token === token);
  }

  public refreshToken(token: string): RefreshTokenRec | undefined {
    return this.data.refreshTokens.find((t) => t.token === token);
  }

  public issueAccessToken(userId: string, clientId: string, jwt = false, refreshToken?: string): AccessTokenRec {
    const token = jwt ? jwtLikeToken(this.orgId, userId) : `${this.orgId.slice(0, 15)}!AQ0A${randomToken(72)}`;
    const rec: AccessTokenRec = { token, userId, clientId, issuedAt: Date.now(), valid: true, jwt, ...(refreshToken ? { refreshToken } : {}) };
    this.data.accessTokens.push(rec);
    // Keep the persisted state small: only the latest handful of sessions stay valid.
    if (this.data.accessTokens.length > 200) this.data.accessTokens.splice(0, this.data.accessTokens.length - 200);
    return rec;
  }

  public issueRefreshToken(rec: Omit<RefreshTokenRec, 'token' | 'valid'>): RefreshTokenRec {
    const full: RefreshTokenRec = { ...rec, token: `5Aep861${randomAlnum(80)}`, valid: true };
    this.data.refreshTokens.push(full);
    return full;
  }

  public markAppUsed(appName: string): void {
    if (!this.data.usedApps.includes(appName)) this.data.usedApps.push(appName);
  }
}

export function newConsumerKey(): string {
  return `3MVG9${randomAlnum(80)}`;
}

export function newConsumerSecret(): string {
  return randomAlnum(64, '0123456789ABCDEF');
}

function jwtLikeToken(orgId: string, userId: string): string {
  const enc = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'RS256', typ: 'JWT', tty: 'sfdc-core-token' })}.${enc({ sub: userId, org: orgId, iat: Date.now() })}.${randomToken(32)}`;
}

/**
 * A custom profile's Metadata API name: its name with every character but letters, digits, spaces, hyphens and
 * underscores percent-encoded, as retrieved files show (`Custom%3A Support Profile`, `Work%2Ecom Only User`).
 */
export function profileFullName(name: string): string {
  return [...name].map((ch) => (/[A-Za-z0-9 _-]/.test(ch) ? ch : [...Buffer.from(ch)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''))).join('');
}

function seed(fixture: OrgFixture): OrgData {
  const data: OrgData = {
    orgId: to18(fixture.orgId.slice(0, 15)),
    seq: 0,
    settings: { ...fixture.settings },
    users: [],
    profiles: [],
    permissionSets: [],
    assignments: [],
    connectedApps: [],
    components: [],
    consumers: [],
    grants: [],
    accessTokens: [],
    refreshTokens: [],
    usedApps: [],
  };
  const id = (prefix: string): string => makeId(prefix, ++data.seq);
  for (const p of fixture.profiles) {
    const profileId = id(KEY_PREFIX.profile);
    const psId = id(KEY_PREFIX.permissionSet);
    data.profiles.push({
      id: profileId,
      name: p.name,
      fullName: (fixture.switches.standardProfileFullNames === 'own' ? p.fullName : undefined) ?? profileFullName(p.name),
      userLicense: p.userLicense,
      permissionSetId: psId,
      loginIpRanges: [...(p.loginIpRanges ?? [])],
      ...(p.loginHours ? { loginHours: { ...p.loginHours } } : {}),
    });
    // Profile-owned permission sets have generated names in Salesforce (X00e…).
    data.permissionSets.push({
      id: psId,
      name: `X${profileId.slice(0, 15)}`,
      label: `${profileId.slice(0, 15)}`,
      isOwnedByProfile: true,
      profileId,
      permissions: [...p.permissions],
      objectPermissions: { ...(p.objectPermissions ?? {}) },
      type: 'Profile',
    });
  }
  for (const ps of fixture.permissionSets) {
    data.permissionSets.push({
      id: id(KEY_PREFIX.permissionSet),
      name: ps.name,
      label: ps.label,
      isOwnedByProfile: false,
      profileId: null,
      permissions: [...ps.permissions],
      objectPermissions: { ...(ps.objectPermissions ?? {}) },
      type: 'Regular',
    });
  }
  for (const u of fixture.users) {
    const profile = data.profiles.find((p) => p.name === u.profile);
    if (!profile) throw new Error(`fixture user ${u.username}: unknown profile ${u.profile}`);
    const userId = id(KEY_PREFIX.user);
    data.users.push({
      id: userId,
      username: u.username,
      name: u.name,
      email: u.email,
      isActive: u.isActive ?? true,
      profileId: profile.id,
      isFrozen: u.isFrozen ?? false,
    });
    for (const psName of u.permissionSets) {
      const ps = data.permissionSets.find((p) => p.name === psName && !p.isOwnedByProfile);
      if (!ps) throw new Error(`fixture user ${u.username}: unknown permission set ${psName}`);
      data.assignments.push({ id: id(KEY_PREFIX.assignment), assigneeId: userId, permissionSetId: ps.id });
    }
  }
  for (const name of fixture.connectedApps) data.connectedApps.push({ id: id(KEY_PREFIX.connectedApp), name });
  seedGroups(fixture, data, id);
  return data;
}

/** Salesforce computes a group's aggregate on recalculation: its sets' permissions, minus what its muting set mutes. */
function aggregateOf(components: PermissionSetRec[], muted: readonly UserPermission[]): Pick<PermissionSetRec, 'permissions' | 'objectPermissions'> {
  const permissions = [...new Set(components.flatMap((c) => c.permissions))].filter((p) => !muted.includes(p));
  const objectPermissions: ObjectAccessMap = {};
  for (const component of components) {
    for (const [object, access] of Object.entries(component.objectPermissions ?? {})) {
      const merged: ObjectAccess = { ...(objectPermissions[object] ?? {}) };
      for (const [key, value] of Object.entries(access) as Array<[keyof ObjectAccess, boolean | undefined]>) merged[key] = merged[key] === true || value === true;
      objectPermissions[object] = merged;
    }
  }
  return { permissions, objectPermissions };
}

/** Seeded after everything else, so the ids of the objects that existed before groups were modelled stay as they were. */
function seedGroups(fixture: OrgFixture, data: OrgData, id: (prefix: string) => string): void {
  data.permissionSetGroups = [];
  data.mutingPermissionSets = [];
  for (const group of fixture.permissionSetGroups ?? []) {
    const components = group.permissionSets.map((name) => {
      const ps = data.permissionSets.find((p) => p.name === name && !p.isOwnedByProfile);
      if (!ps) throw new Error(`fixture permission set group ${group.developerName}: unknown permission set ${name}`);
      return ps;
    });
    const groupId = id(KEY_PREFIX.permissionSetGroup);
    const aggregateId = id(KEY_PREFIX.permissionSet);
    const muted = group.muted ?? [];
    let mutingPermissionSetId: string | undefined;
    if (muted.length > 0) {
      mutingPermissionSetId = id(KEY_PREFIX.permissionSet);
      data.mutingPermissionSets.push({ id: mutingPermissionSetId, developerName: `${group.developerName}_Muting`, label: `${group.label} muting`, permissions: [...muted] });
    }
    data.permissionSets.push({
      id: aggregateId,
      name: `X${groupId.slice(0, 15)}`,
      label: group.label,
      isOwnedByProfile: false,
      profileId: null,
      type: 'Group',
      permissionSetGroupId: groupId,
      ...aggregateOf(components, muted),
    });
    data.permissionSetGroups.push({
      id: groupId,
      developerName: group.developerName,
      label: group.label,
      permissionSetId: aggregateId,
      componentIds: components.map((c) => c.id),
      mutingPermissionSetId,
    });
  }
  for (const u of fixture.users) {
    const user = data.users.find((candidate) => candidate.username === u.username)!;
    for (const groupName of u.permissionSetGroups ?? []) {
      const group = data.permissionSetGroups.find((g) => g.developerName === groupName);
      if (!group) throw new Error(`fixture user ${u.username}: unknown permission set group ${groupName}`);
      data.assignments.push({ id: id(KEY_PREFIX.assignment), assigneeId: user.id, permissionSetId: group.permissionSetId, permissionSetGroupId: group.id });
    }
  }
}
