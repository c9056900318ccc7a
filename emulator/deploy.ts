import { generateDefaultPolicies } from './default-policy.js';
import { applyDeletion, plannedDeletions } from './destructive.js';
import { UserPermission } from './fixture.js';
import { sameId, to15 } from './ids.js';
import { parsePackageXml, PackageManifest } from './package-xml.js';
import { ECA_SETTINGS_MEMBER, OAUTH_SCOPES, SETTINGS_TYPE, TypeDef, splitList, typeByName } from './schema.js';
import { FieldMap, KEY_PREFIX, OrgState, PermissionSetRec, StoredComponent, newConsumerKey, newConsumerSecret } from './state.js';
import { Problem, applyDefaults, validateComponent } from './validate.js';
import { readDeployZip } from './zip.js';

export type DeployOptions = {
  checkOnly: boolean;
  rollbackOnError: boolean;
  singlePackage: boolean;
  ignoreWarnings: boolean;
  purgeOnDelete: boolean;
};

export type ComponentResult = {
  changed: boolean;
  componentType: string;
  created: boolean;
  createdDate: string;
  deleted: boolean;
  fileName: string;
  fullName: string;
  id?: string;
  success: boolean;
  problem?: string;
  problemType?: 'Error' | 'Warning';
  lineNumber?: number;
  columnNumber?: number;
};

export type DeployOutcome = {
  status: 'Succeeded' | 'SucceededPartial' | 'Failed';
  successes: ComponentResult[];
  failures: ComponentResult[];
  numberComponentsTotal: number;
  numberComponentsDeployed: number;
  numberComponentErrors: number;
};

type Candidate = {
  type: TypeDef;
  fullName: string;
  fileName: string;
  fields: FieldMap;
  problems: Problem[];
};

const PERMISSION_LABEL: Record<UserPermission, string> = {
  ExternalClientAppViewer: 'View all External Client Apps',
  ExternalClientAppAdmin: 'View all External Client Apps, view their settings, and edit their policies',
  ExternalClientAppDeveloper: 'Create, edit, and delete External Client Apps',
  ViewClientSecret: 'View External Client App Consumer Secrets in Metadata',
  ModifyAllData: 'Modify All Data',
  CustomizeApplication: 'Customize Application',
  ModifyMetadata: 'Modify Metadata Through Metadata API Functions',
  ApiEnabled: 'API Enabled',
  ApiUserOnly: 'API Only User',
  ViewAllData: 'View All Data',
};

export function missingPermissionMessage(permission: UserPermission, what: string): string {
  return `Insufficient privileges: ${what} requires the "${PERMISSION_LABEL[permission]}" (${permission}) user permission`;
}

/** Validate a deploy zip against the org and, unless checkOnly or a failure forbids it, apply it. */
export async function runDeploy(
  state: OrgState,
  zipData: Buffer,
  options: DeployOptions,
  endpointVersion: string,
  userId: string
): Promise<DeployOutcome> {
  const now = new Date().toISOString();
  const result = (c: { type: string; fullName: string; fileName: string }, extra: Partial<ComponentResult>): ComponentResult => ({
    changed: false,
    componentType: c.type,
    created: false,
    createdDate: now,
    deleted: false,
    fileName: c.fileName,
    fullName: c.fullName,
    success: true,
    ...extra,
  });
  const fail = (c: { type: string; fullName: string; fileName: string }, p: Problem): ComponentResult =>
    result(c, {
      success: false,
      problem: p.problem,
      problemType: p.problemType ?? 'Error',
      lineNumber: p.line,
      columnNumber: p.column,
    });
  const pkg = { type: '', fullName: 'package.xml', fileName: 'package.xml' };

  let files: Map<string, string>;
  try {
    files = await readDeployZip(zipData);
  } catch {
    return outcome([], [fail(pkg, { problem: 'Unable to read the zip file: it is not a valid zip archive' })]);
  }
  const pkgText = files.get('package.xml');
  if (pkgText === undefined) return outcome([], [fail(pkg, { problem: 'No package.xml found' })]);
  let manifest: PackageManifest;
  try {
    manifest = parsePackageXml(pkgText);
  } catch (err) {
    return outcome([], [fail(pkg, { problem: `Error parsing file: ${(err as Error).message}` })]);
  }
  const version = Number(manifest.version ?? endpointVersion);
  const fixture = state.fixture;

  const failures: ComponentResult[] = [];
  const candidates: Candidate[] = [];
  for (const t of manifest.types) {
    const type = typeByName(t.name);
    if (!type) {
      failures.push(fail(pkg, { problem: `Unknown type name '${t.name}' specified in package.xml` }));
      continue;
    }
    const prefix = `${type.directoryName}/`;
    const present = [...files.keys()]
      .filter((p) => p.startsWith(prefix) && p.endsWith(`.${type.suffix}`))
      .map((p) => p.slice(prefix.length, -(type.suffix.length + 1)));
    const names = t.members.includes('*') ? present : t.members;
    for (const fullName of names) {
      const fileName = `${type.directoryName}/${fullName}.${type.suffix}`;
      const text = files.get(fileName);
      if (text === undefined) {
        failures.push(
          fail({ type: type.xmlName, fullName, fileName: 'package.xml' }, {
            problem: `An object '${fullName}' of type ${type.xmlName} was named in package.xml, but was not found in zipped directory`,
          })
        );
        continue;
      }
      if (type === SETTINGS_TYPE && fullName !== ECA_SETTINGS_MEMBER) {
        failures.push(fail({ type: type.xmlName, fullName, fileName }, { problem: `Unknown settings type: ${fullName}Settings` }));
        continue;
      }
      const problems: Problem[] = [];
      if (type.since > version && fixture.switches.rejectTypesBelowSince) {
        problems.push({ problem: `Entity type: '${type.xmlName}' is not available in API version ${version.toFixed(1)}` });
        candidates.push({ type, fullName, fileName, fields: {}, problems });
        continue;
      }
      const v = validateComponent(type, text, version, fixture.switches);
      candidates.push({ type, fullName, fileName, fields: v.fields, problems: v.problems });
    }
  }

  // The header goes first so satellites can reference an app created in the same deploy.
  candidates.sort((a, b) => Number(a.type.satellite) - Number(b.type.satellite));
  const appsInDeploy = new Set<string>();
  const namesInDeploy = new Map<string, string>();
  for (const c of candidates) {
    if (c.problems.length === 0) c.problems.push(...gateProblems(state, c, userId));
    if (c.problems.length === 0) c.problems.push(...caseOnlyDuplicate(state, c, namesInDeploy));
    if (c.problems.length === 0) c.problems.push(...semanticProblems(state, c, options, appsInDeploy));
    if (c.problems.length === 0 && c.type.xmlName === 'ExternalClientApplication') appsInDeploy.add(c.fullName);
  }

  const referenced = new Set(candidates.map((c) => c.fields.externalClientApplication).filter((a): a is string => typeof a === 'string'));
  const deletions = plannedDeletions(state, files, referenced);
  if (!Array.isArray(deletions)) return outcome([], [...failures, fail(pkg, { problem: deletions.error })]);
  for (const d of deletions) {
    const type = typeByName(d.type);
    if (d.problems.length === 0 && type) d.problems.push(...gateProblems(state, { type, fullName: d.fullName, fileName: d.fileName, fields: {}, problems: [] }, userId));
    // A component that is already gone only warns; with ignoreWarnings the deploy goes on without it.
    if (options.ignoreWarnings) d.problems = d.problems.filter((p) => p.problemType !== 'Warning');
    for (const p of d.problems) failures.push(fail(d, p));
  }

  const ok = candidates.filter((c) => c.problems.length === 0);
  for (const c of candidates.filter((x) => x.problems.length > 0)) {
    for (const p of c.problems) failures.push(fail({ type: c.type.xmlName, fullName: c.fullName, fileName: c.fileName }, p));
  }
  const persist = !options.checkOnly && (failures.length === 0 || !options.rollbackOnError);
  const successes: ComponentResult[] = [];
  for (const c of ok) {
    const existing = state.component(c.type.xmlName, c.fullName);
    // Compared before apply() overwrites the stored copy, so an update reads "changed".
    const before = existing ? JSON.stringify(existing.fields) : undefined;
    const fields = applyDefaults(c.type, c.fields, fixture.switches);
    const applied = persist ? apply(state, c, fields, options, userId, now) : undefined;
    successes.push(
      result(
        { type: c.type.xmlName, fullName: c.fullName, fileName: c.fileName },
        {
          created: !existing,
          changed: before === undefined || before !== JSON.stringify(applied?.fields ?? fields),
          id: applied?.id ?? existing?.id,
        }
      )
    );
  }
  for (const d of deletions.filter((x) => x.problems.length === 0 && x.component)) {
    if (persist) applyDeletion(state, d.component!);
    successes.push(result(d, { deleted: true, id: d.component!.id }));
  }
  if (persist) {
    const oauthSettings = ok.filter((c) => c.type.xmlName === 'ExtlClntAppOauthSettings').map((c) => c.fullName);
    generateDefaultPolicies(state, oauthSettings, userId, now);
  }
  if (persist && (ok.length > 0 || deletions.length > 0)) state.save();
  successes.unshift(result(pkg, { changed: true }));
  return outcome(successes, failures);

  function outcome(successes: ComponentResult[], failures: ComponentResult[]): DeployOutcome {
    const componentsOk = successes.filter((s) => s.fileName !== 'package.xml').length;
    const failedComponents = new Set(failures.map((f) => `${f.componentType}:${f.fullName}`)).size;
    const status = failures.length === 0 ? 'Succeeded' : !options.rollbackOnError && !options.checkOnly && componentsOk > 0 ? 'SucceededPartial' : 'Failed';
    return {
      status,
      successes,
      failures,
      numberComponentsTotal: componentsOk + failedComponents,
      numberComponentsDeployed: componentsOk,
      numberComponentErrors: failedComponents,
    };
  }
}

/** The types whose deploy needs the consumer-secret permission (the OAuth settings and global OAuth settings pages). */
const SECRET_GATED_TYPES = ['ExtlClntAppOauthSettings', 'ExtlClntAppGlobalOauthSettings'];

function gateProblems(state: OrgState, c: Candidate, userId: string): Problem[] {
  if (!c.type.eca) return [];
  if (!state.settings.enableExternalClientApps) return [{ problem: `${c.type.xmlName}: Not available for deploy for this organization` }];
  const needed: UserPermission = c.type.gate === 'admin' ? 'ExternalClientAppAdmin' : 'ExternalClientAppDeveloper';
  if (!state.hasPermission(userId, needed)) return [{ problem: missingPermissionMessage(needed, `Deploying ${c.type.xmlName}`) }];
  if (SECRET_GATED_TYPES.includes(c.type.xmlName) && !state.hasPermission(userId, 'ViewClientSecret')) {
    return [{ problem: missingPermissionMessage('ViewClientSecret', `Deploying ${c.type.xmlName}`) }];
  }
  if (
    c.type.xmlName === 'ExtlClntAppGlobalOauthSettings' &&
    state.fixture.switches.globalOauthNeedsSecretApiAccess &&
    !state.settings.enableConsumerSecretApiAccess
  ) {
    return [
      {
        problem:
          'Deploying ExtlClntAppGlobalOauthSettings requires the org setting "Allow access to External Client App consumer secrets via Metadata API" (ExternalClientAppSettings.enableConsumerSecretApiAccess)',
      },
    ];
  }
  return [];
}

/**
 * Component names are unique regardless of case: a name that differs only in case from a stored component of its type
 * (or from one earlier in the deploy) is refused with the text real deploys show for a taken unique name (the Apex
 * class, profile and layout reports cited in README.md), not stored as a second component.
 */
function caseOnlyDuplicate(state: OrgState, c: Candidate, namesInDeploy: Map<string, string>): Problem[] {
  if (!c.type.eca) return [];
  const key = `${c.type.xmlName}:${c.fullName.toLowerCase()}`;
  const earlier = namesInDeploy.get(key);
  namesInDeploy.set(key, earlier ?? c.fullName);
  const stored = state.component(c.type.xmlName, c.fullName)
    ? undefined
    : state.components(c.type.xmlName).find((other) => other.fullName.toLowerCase() === c.fullName.toLowerCase());
  if (!stored && (earlier === undefined || earlier === c.fullName)) return [];
  return [{ problem: 'duplicate value found: <unknown> duplicates value on record with id: <unknown>' }];
}

function semanticProblems(state: OrgState, c: Candidate, options: DeployOptions, appsInDeploy: Set<string>): Problem[] {
  const problems: Problem[] = [];
  const f = c.fields;
  const str = (name: string): string | undefined => (typeof f[name] === 'string' ? f[name] : undefined);
  const orgId = state.orgId;
  const ownOrg = (value: string): boolean => sameId(value.split(':')[0] ?? '', orgId) && value.includes(':');

  if (c.type.satellite) {
    const app = str('externalClientApplication');
    const exists = app !== undefined && state.component('ExternalClientApplication', app) !== undefined;
    const newInDeploy = app !== undefined && appsInDeploy.has(app) && !exists;
    const refusedWithParent = newInDeploy && state.fixture.switches.satellitesWithNewParent === 'refused';
    if (app !== undefined && !exists && (!newInDeploy || refusedWithParent)) {
      problems.push({ problem: `In field: externalClientApplication - no ExternalClientApplication named ${app} found` });
    }
  }
  switch (c.type.xmlName) {
    case 'ExternalClientApplication': {
      const connected = state.data.connectedApps.find((a) => a.name.toLowerCase() === c.fullName.toLowerCase());
      if (connected && !state.component(c.type.xmlName, c.fullName)) {
        problems.push({ problem: `duplicate value found: DeveloperName duplicates value on record with id: ${connected.id}` });
      }
      const scoped = str('orgScopedExternalApp');
      if (scoped !== undefined && (!ownOrg(scoped) || scoped.slice(scoped.indexOf(':') + 1) !== c.fullName)) {
        problems.push({ problem: `In field: orgScopedExternalApp - invalid value ${scoped}: it does not belong to this organization (${to15(orgId)})` });
      }
      break;
    }
    case 'ExtlClntAppOauthSettings': {
      for (const scope of splitList(str('commaSeparatedOauthScopes'))) {
        if (!OAUTH_SCOPES.includes(scope)) problems.push({ problem: `In field: commaSeparatedOauthScopes - invalid OAuth scope: ${scope}` });
      }
      const link = str('oauthLink');
      if (link !== undefined) {
        const consumerId = link.slice(link.indexOf(':') + 1);
        if (!ownOrg(link) || !state.consumers.some((k) => sameId(k.id, consumerId))) {
          problems.push({ problem: `In field: oauthLink - invalid value ${link}: no OAuth consumer with this id in this organization` });
        }
      }
      break;
    }
    case 'ExtlClntAppGlobalOauthSettings': {
      const app = str('externalClientApplication') ?? '';
      const key = str('consumerKey');
      if (key !== undefined && state.consumers.some((k) => k.key === key && k.appName !== app)) {
        problems.push({ problem: 'duplicate value found: consumer key is already in use by another app' });
      }
      for (const flag of ['shouldRotateConsumerKey', 'shouldRotateConsumerSecret']) {
        if (str(flag) === 'true' && !options.ignoreWarnings) {
          problems.push({
            problem: `${flag} is set: rotating OAuth credentials requires the deploy option ignoreWarnings=true`,
            problemType: 'Warning',
          });
        }
      }
      break;
    }
    case 'ExtlClntAppOauthConfigurablePolicies': {
      const app = str('externalClientApplication') ?? '';
      const eca = state.component('ExternalClientApplication', app);
      for (const name of splitList(str('commaSeparatedProfile'))) {
        const profile = state.data.profiles.find((p) => p.name.toLowerCase() === name.toLowerCase());
        if (!profile) problems.push({ problem: `In field: commaSeparatedProfile - no Profile named ${name} found` });
        else if (
          state.fixture.switches.regrantProfileFails &&
          eca &&
          state.grants.some((g) => sameId(g.setupEntityId, eca.id) && sameId(g.parentId, profile.permissionSetId))
        ) {
          problems.push({ problem: `In field: commaSeparatedProfile - profile names are already taken: ${name}` });
        }
      }
      for (const name of splitList(str('commaSeparatedPermissionSet'))) {
        if (!permissionSetByReference(state, name)) {
          const what = state.fixture.switches.permissionSetReference === 'id' ? 'with id' : 'named';
          problems.push({ problem: `In field: commaSeparatedPermissionSet - no PermissionSet ${what} ${name} found` });
        }
      }
      const other = state.satellites(c.type.xmlName, app).find((p) => p.fullName !== c.fullName);
      if (other && state.fixture.switches.policyUnderOtherName === 'refused-duplicate') {
        problems.push({ problem: `duplicate value found: externalClientApplication duplicates value on record with id: ${other.id}` });
      }
      const user = str('clientCredentialsFlowUser');
      if (user !== undefined && !state.userByUsername(user)) problems.push({ problem: `In field: clientCredentialsFlowUser - no User named ${user} found` });
      break;
    }
    default:
      break;
  }
  return problems;
}

function apply(
  state: OrgState,
  c: Candidate,
  fields: FieldMap,
  options: DeployOptions,
  userId: string,
  now: string
): StoredComponent | undefined {
  if (c.type === SETTINGS_TYPE) {
    for (const [k, v] of Object.entries(fields)) {
      if (k in state.settings && typeof v === 'string') (state.settings as Record<string, boolean>)[k] = v === 'true';
    }
    return undefined;
  }
  const stored: FieldMap = { ...fields };
  const app = typeof fields.externalClientApplication === 'string' ? fields.externalClientApplication : c.fullName;
  switch (c.type.xmlName) {
    case 'ExternalClientApplication':
      stored.orgScopedExternalApp = `${state.orgId}:${c.fullName}`;
      break;
    case 'ExtlClntAppOauthSettings':
      stored.oauthLink = `${state.orgId}:${state.ensureConsumer(app).id}`;
      break;
    case 'ExtlClntAppGlobalOauthSettings': {
      const consumer = state.ensureConsumer(app);
      if (typeof fields.consumerKey === 'string') consumer.key = fields.consumerKey;
      if (fields.shouldRotateConsumerKey === 'true' && options.ignoreWarnings) consumer.key = newConsumerKey();
      if (fields.shouldRotateConsumerSecret === 'true' && options.ignoreWarnings) consumer.secret = newConsumerSecret();
      stored.consumerKey = consumer.key;
      // A supplied secret is never used: the consumer keeps its generated one, which lives outside the component.
      delete stored.consumerSecret;
      stored.shouldRotateConsumerKey = 'false';
      stored.shouldRotateConsumerSecret = 'false';
      break;
    }
    default:
      break;
  }
  const existing = state.component(c.type.xmlName, c.fullName) ?? mergeTarget(state, c, app);
  const prefix = KEY_PREFIX[c.type.xmlName as keyof typeof KEY_PREFIX];
  const comp: StoredComponent = existing ?? {
    type: c.type.xmlName,
    fullName: c.fullName,
    id: state.newId(prefix),
    fields: {},
    createdDate: now,
    lastModifiedDate: now,
    createdById: userId,
    lastModifiedById: userId,
  };
  if (existing && c.type.xmlName === 'ExtlClntAppOauthConfigurablePolicies' && state.fixture.switches.regrantProfileFails) {
    // An org that refuses a re-grant adds the profiles a policy names to those the app has (salesforce-eca.md §2.1).
    const profiles = [...splitList(strField(existing.fields, 'commaSeparatedProfile')), ...splitList(strField(stored, 'commaSeparatedProfile'))];
    if (profiles.length > 0) stored.commaSeparatedProfile = profiles.join(', ');
  }
  comp.fields = stored;
  comp.lastModifiedDate = now;
  comp.lastModifiedById = userId;
  if (!existing) state.data.components.push(comp);
  if (c.type.xmlName === 'ExtlClntAppOauthConfigurablePolicies') replaceGrants(state, app, stored);
  return comp;
}

function strField(fields: FieldMap, name: string): string | undefined {
  return typeof fields[name] === 'string' ? fields[name] : undefined;
}

/** Pre-authorized profiles and permission sets become SetupEntityAccess rows; a redeploy replaces the app's grants. */
function replaceGrants(state: OrgState, app: string, fields: FieldMap): void {
  const eca = state.component('ExternalClientApplication', app);
  if (!eca) return;
  state.data.grants = state.data.grants.filter((g) => !sameId(g.setupEntityId, eca.id));
  const parents: string[] = [];
  for (const name of splitList(typeof fields.commaSeparatedProfile === 'string' ? fields.commaSeparatedProfile : undefined)) {
    const p = state.data.profiles.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (p) parents.push(p.permissionSetId);
  }
  for (const name of splitList(typeof fields.commaSeparatedPermissionSet === 'string' ? fields.commaSeparatedPermissionSet : undefined)) {
    const p = permissionSetByReference(state, name);
    if (p) parents.push(p.id);
  }
  for (const parentId of new Set(parents)) {
    state.data.grants.push({ id: state.newId(KEY_PREFIX.setupEntityAccess), parentId, setupEntityId: eca.id, setupEntityType: 'ExternalClientApplication' });
  }
}


/** Under the "merged" switch, a policy deployed under another name updates the app's existing policy record. */
function mergeTarget(state: OrgState, c: Candidate, app: string): StoredComponent | undefined {
  if (c.type.xmlName !== 'ExtlClntAppOauthConfigurablePolicies' || state.fixture.switches.policyUnderOtherName !== 'merged') return undefined;
  return state.satellites(c.type.xmlName, app)[0];
}

/** A permission set named in commaSeparatedPermissionSet: by API name, or by id under the `permissionSetReference: id` switch. */
function permissionSetByReference(state: OrgState, reference: string): PermissionSetRec | undefined {
  const byId = state.fixture.switches.permissionSetReference === 'id';
  return state.data.permissionSets.find((p) => !p.isOwnedByProfile && (byId ? sameId(p.id, reference) : p.name === reference));
}
