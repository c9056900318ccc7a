import { ObjectAccess, USER_PERMISSIONS, UserPermission } from './fixture.js';
import { makeId } from './ids.js';
import { Catalog, ObjectDef, Row, Scalar } from './soql.js';
import { AssignmentRec, OrgState } from './state.js';

const sfDate = (iso: string): string => iso.replace('Z', '+0000');

const permissionFields = USER_PERMISSIONS.map((p) => `Permissions${p}`);
const permissionValues = (held: readonly UserPermission[]): Record<string, Scalar> =>
  Object.fromEntries(USER_PERMISSIONS.map((p) => [`Permissions${p}`, held.includes(p)]));

/** ObjectPermissions fields and the fixture's names for them. */
const OBJECT_PERMISSION_FIELDS: ReadonlyArray<[string, keyof ObjectAccess]> = [
  ['PermissionsRead', 'read'],
  ['PermissionsCreate', 'create'],
  ['PermissionsEdit', 'edit'],
  ['PermissionsDelete', 'delete'],
  ['PermissionsViewAllRecords', 'viewAll'],
  ['PermissionsModifyAllRecords', 'modifyAll'],
];

/** A stable id for a record that belongs to another (an object permission of a permission set, a user's login). */
function childId(prefix: string, parentId: string, key: string): string {
  let n = 0;
  for (const ch of `${parentId}:${key}`) n = (n * 31 + ch.charCodeAt(0)) % 2_000_000_011;
  return makeId(prefix, n);
}

/** sObject value of an OAuth policy enum (the sObject keeps Salesforce's own casing). */
const IP_RELAXATION_SOBJECT: Record<string, string> = { Enforce_RelaxRefresh: 'Enforce_relaxrefresh' };

/** The queryable objects, computed from live state for one request (the running user matters for UserPermissionAccess). */
export function buildCatalog(state: OrgState, runningUserId: string, apiVersion: string, tooling: boolean): Catalog {
  const str = (v: unknown): Scalar => (typeof v === 'string' ? v : null);
  const defs: ObjectDef[] = [
    {
      name: 'Organization',
      fields: ['Id', 'Name', 'IsSandbox', 'InstanceName', 'OrganizationType', 'TrialExpirationDate', 'NamespacePrefix', 'TimeZoneSidKey', 'DefaultCaseAccess'],
      relationships: {},
      rows: () => [
        {
          id: state.orgId,
          values: {
            Id: state.orgId,
            Name: state.fixture.orgName,
            IsSandbox: state.fixture.sandbox,
            InstanceName: state.fixture.instanceName,
            OrganizationType: state.fixture.organizationType,
            TrialExpirationDate: null,
            NamespacePrefix: null,
            TimeZoneSidKey: state.fixture.timeZoneSidKey,
            DefaultCaseAccess: state.fixture.defaultCaseAccess,
          },
        },
      ],
    },
    {
      name: 'User',
      fields: ['Id', 'Username', 'Name', 'Email', 'IsActive', 'ProfileId', 'UserType'],
      relationships: { Profile: { object: 'Profile', fk: 'ProfileId' } },
      rows: () =>
        state.data.users.map((u) => ({
          id: u.id,
          values: { Id: u.id, Username: u.username, Name: u.name, Email: u.email, IsActive: u.isActive, ProfileId: u.profileId, UserType: 'Standard' },
        })),
    },
    {
      name: 'Profile',
      fields: ['Id', 'Name', 'UserLicenseId'],
      relationships: { UserLicense: { object: 'UserLicense', fk: 'UserLicenseId' } },
      rows: () => state.data.profiles.map((p) => ({ id: p.id, values: { Id: p.id, Name: p.name, UserLicenseId: licenseId(p.userLicense) } })),
    },
    {
      name: 'UserLicense',
      fields: ['Id', 'Name'],
      relationships: {},
      rows: () => [...new Set(state.data.profiles.map((p) => p.userLicense))].map((n) => ({ id: licenseId(n), values: { Id: licenseId(n), Name: n } })),
    },
    {
      name: 'PermissionSet',
      fields: ['Id', 'Name', 'Label', 'IsOwnedByProfile', 'ProfileId', 'Type', 'PermissionSetGroupId', ...permissionFields],
      relationships: { Profile: { object: 'Profile', fk: 'ProfileId' }, PermissionSetGroup: { object: 'PermissionSetGroup', fk: 'PermissionSetGroupId' } },
      rows: () =>
        state.data.permissionSets.map((p) => ({
          id: p.id,
          values: {
            Id: p.id,
            Name: p.name,
            Label: p.label,
            IsOwnedByProfile: p.isOwnedByProfile,
            ProfileId: p.profileId,
            Type: p.type ?? (p.isOwnedByProfile ? 'Profile' : 'Regular'),
            PermissionSetGroupId: p.permissionSetGroupId ?? null,
            ...permissionValues(p.permissions),
          },
        })),
    },
    {
      name: 'PermissionSetGroup',
      fields: ['Id', 'DeveloperName', 'MasterLabel', 'Status'],
      relationships: {},
      rows: () =>
        (state.data.permissionSetGroups ?? []).map((g) => ({
          id: g.id,
          values: { Id: g.id, DeveloperName: g.developerName, MasterLabel: g.label, Status: 'Updated' },
        })),
    },
    {
      name: 'PermissionSetGroupComponent',
      fields: ['Id', 'PermissionSetGroupId', 'PermissionSetId'],
      relationships: { PermissionSetGroup: { object: 'PermissionSetGroup', fk: 'PermissionSetGroupId' } },
      rows: () =>
        (state.data.permissionSetGroups ?? []).flatMap((g) =>
          [...g.componentIds, ...(g.mutingPermissionSetId ? [g.mutingPermissionSetId] : [])].map((componentId, index) => {
            const id = childId('0PC', g.id, String(index));
            return { id, values: { Id: id, PermissionSetGroupId: g.id, PermissionSetId: componentId } };
          })
        ),
    },
    {
      name: 'MutingPermissionSet',
      fields: ['Id', 'DeveloperName', 'MasterLabel', ...permissionFields],
      relationships: {},
      rows: () =>
        (state.data.mutingPermissionSets ?? []).map((m) => ({
          id: m.id,
          values: { Id: m.id, DeveloperName: m.developerName, MasterLabel: m.label, ...permissionValues(m.permissions) },
        })),
    },
    {
      name: 'ObjectPermissions',
      fields: ['Id', 'ParentId', 'SobjectType', ...OBJECT_PERMISSION_FIELDS.map(([field]) => field)],
      relationships: { Parent: { object: 'PermissionSet', fk: 'ParentId' } },
      // Salesforce keeps a row only for an object on which the permission set grants something.
      rows: () =>
        state.data.permissionSets.flatMap((p) =>
          Object.entries(p.objectPermissions ?? {})
            .filter(([, access]) => Object.values(access).some((value) => value === true))
            .map(([object, access]) => {
              const id = childId('110', p.id, object);
              const values: Record<string, Scalar> = { Id: id, ParentId: p.id, SobjectType: object };
              for (const [field, key] of OBJECT_PERMISSION_FIELDS) values[field] = access[key] === true;
              return { id, values };
            })
        ),
    },
    {
      name: 'UserLogin',
      fields: ['Id', 'UserId', 'IsFrozen', 'IsPasswordLocked'],
      relationships: { User: { object: 'User', fk: 'UserId' } },
      rows: () =>
        state.data.users.map((u) => {
          const id = childId('060', u.id, 'login');
          return { id, values: { Id: id, UserId: u.id, IsFrozen: u.isFrozen === true, IsPasswordLocked: false } };
        }),
    },
    {
      name: 'LoginIpRange',
      fields: ['Id', 'ProfileId', 'StartAddress', 'EndAddress', 'Description'],
      relationships: { Profile: { object: 'Profile', fk: 'ProfileId' } },
      rows: () =>
        state.data.profiles.flatMap((p) =>
          (p.loginIpRanges ?? []).map((range, index) => {
            const id = childId('0Ip', p.id, String(index));
            return {
              id,
              values: { Id: id, ProfileId: p.id, StartAddress: range.startAddress, EndAddress: range.endAddress, Description: range.description ?? null },
            };
          })
        ),
    },
    {
      name: 'PermissionSetAssignment',
      fields: ['Id', 'AssigneeId', 'PermissionSetId', 'PermissionSetGroupId'],
      relationships: {
        Assignee: { object: 'User', fk: 'AssigneeId' },
        PermissionSet: { object: 'PermissionSet', fk: 'PermissionSetId' },
        PermissionSetGroup: { object: 'PermissionSetGroup', fk: 'PermissionSetGroupId' },
      },
      rows: () => {
        // Salesforce lists the profile-owned permission set as an assignment too.
        const own: AssignmentRec[] = state.data.users.map((u) => ({
          id: `0Pa${u.id.slice(3)}`,
          assigneeId: u.id,
          permissionSetId: state.profileById(u.profileId)?.permissionSetId ?? '',
        }));
        return [...state.data.assignments, ...own].map((a) => ({
          id: a.id,
          values: { Id: a.id, AssigneeId: a.assigneeId, PermissionSetId: a.permissionSetId, PermissionSetGroupId: a.permissionSetGroupId ?? null },
        }));
      },
    },
    {
      name: 'UserPermissionAccess',
      fields: ['Id', ...USER_PERMISSIONS.map((p) => `Permissions${p}`)],
      relationships: {},
      rows: () => {
        const perms = state.userPermissions(runningUserId);
        const values: Record<string, Scalar> = { Id: null };
        for (const p of USER_PERMISSIONS) values[`Permissions${p}`] = perms[p];
        return [{ id: '000000000000000AAA', values }];
      },
    },
    {
      name: 'ExternalClientApplication',
      fields: ['Id', 'DeveloperName', 'MasterLabel', 'DistributionState', 'ContactEmail', 'CreatedDate', 'LastModifiedDate', 'NamespacePrefix'],
      relationships: {},
      rows: () =>
        state.components('ExternalClientApplication').map((c) => ({
          id: c.id,
          values: {
            Id: c.id,
            DeveloperName: c.fullName,
            MasterLabel: str(c.fields.label) ?? c.fullName,
            DistributionState: str(c.fields.distributionState),
            ContactEmail: str(c.fields.contactEmail),
            CreatedDate: sfDate(c.createdDate),
            LastModifiedDate: sfDate(c.lastModifiedDate),
            NamespacePrefix: null,
            TimeZoneSidKey: state.fixture.timeZoneSidKey,
            DefaultCaseAccess: state.fixture.defaultCaseAccess,
          },
        })),
    },
    {
      name: 'ExtlClntAppOauthPlcyCnfg',
      fields: [
        'Id',
        'DeveloperName',
        'ExternalClientApplicationId',
        'PermittedUsersPolicyType',
        'RefreshTokenPolicyType',
        'RefreshTokenValidityPeriod',
        'RefreshTokenValidityUnit',
        'IpRelaxationPolicyType',
        'RequiredSessionLevel',
      ],
      relationships: { ExternalClientApplication: { object: 'ExternalClientApplication', fk: 'ExternalClientApplicationId' } },
      rows: (): Row[] =>
        state.components('ExtlClntAppOauthConfigurablePolicies').map((c) => {
          const app = state.component('ExternalClientApplication', typeof c.fields.externalClientApplication === 'string' ? c.fields.externalClientApplication : '');
          const ip = str(c.fields.ipRelaxationPolicyType);
          const period = str(c.fields.refreshTokenValidityPeriod);
          return {
            id: c.id,
            values: {
              Id: c.id,
              DeveloperName: c.fullName,
              ExternalClientApplicationId: app?.id ?? null,
              PermittedUsersPolicyType: str(c.fields.permittedUsersPolicyType),
              RefreshTokenPolicyType: str(c.fields.refreshTokenPolicyType),
              RefreshTokenValidityPeriod: period === null ? null : Number(period),
              RefreshTokenValidityUnit: str(c.fields.refreshTokenValidityUnit),
              IpRelaxationPolicyType: typeof ip === 'string' ? IP_RELAXATION_SOBJECT[ip] ?? ip : null,
              RequiredSessionLevel: str(c.fields.requiredSessionLevel),
            },
          };
        }),
    },
    {
      name: 'SetupEntityAccess',
      fields: ['Id', 'ParentId', 'SetupEntityId', 'SetupEntityType'],
      relationships: { Parent: { object: 'PermissionSet', fk: 'ParentId' } },
      rows: () =>
        state.grants.map((g) => ({
          id: g.id,
          values: { Id: g.id, ParentId: g.parentId, SetupEntityId: g.setupEntityId, SetupEntityType: g.setupEntityType },
        })),
    },
    { name: 'SandboxProcess', fields: ['Id', 'SandboxName', 'Status', 'SandboxOrganization'], relationships: {}, rows: () => [] },
  ];
  return {
    object: (name) => {
      const lower = name.toLowerCase();
      // Not supported for these orgs (sf probes it to detect scratch orgs; Global settings are not an sObject).
      if (lower === 'scratchorginfo' || lower === 'extlclntappglobaloauthsettings') return undefined;
      if (tooling && lower === 'userpermissionaccess') return undefined;
      if (lower === 'loginiprange' && !state.fixture.switches.loginIpRangeQueryable) return undefined;
      return defs.find((d) => d.name.toLowerCase() === lower);
    },
    urlFor: (object, id) => `/services/data/v${apiVersion}/${tooling ? 'tooling/' : ''}sobjects/${object}/${id}`,
  };
}

function licenseId(name: string): string {
  let n = 0;
  for (const ch of name) n = (n * 31 + ch.charCodeAt(0)) % 1_000_000;
  return makeId('100', n);
}
