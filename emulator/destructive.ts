import { parsePackageXml } from './package-xml.js';
import { typeByName } from './schema.js';
import { OrgState, StoredComponent } from './state.js';
import { Problem } from './validate.js';

/** The destructive manifests a deploy zip may carry (sf project delete source writes one of them). */
const DESTRUCTIVE_FILES = ['destructiveChangesPre.xml', 'destructiveChanges.xml', 'destructiveChangesPost.xml'];

export type Deletion = { type: string; fullName: string; fileName: string; component?: StoredComponent; problems: Problem[] };

/** Every component a deploy's destructive manifests name, with what stops its deletion. */
export function plannedDeletions(state: OrgState, files: Map<string, string>, appsReferencedByDeploy: ReadonlySet<string>): Deletion[] | { error: string } {
  const deletions: Deletion[] = [];
  for (const manifestName of DESTRUCTIVE_FILES) {
    const text = files.get(manifestName);
    if (text === undefined) continue;
    let types;
    try {
      types = parsePackageXml(text).types;
    } catch (err) {
      return { error: `Error parsing file ${manifestName}: ${(err as Error).message}` };
    }
    for (const t of types) {
      const type = typeByName(t.name);
      for (const fullName of t.members) {
        const fileName = type ? `${type.directoryName}/${fullName}.${type.suffix}` : manifestName;
        if (!type || !type.eca) {
          deletions.push({ type: t.name, fullName, fileName, problems: [{ problem: `Unknown type name '${t.name}' specified in ${manifestName}` }] });
          continue;
        }
        const component = state.component(type.xmlName, fullName);
        const problems: Problem[] = component
          ? []
          : [{ problem: `No ${type.xmlName} named: ${fullName} found`, problemType: 'Warning' }];
        deletions.push({ type: type.xmlName, fullName, fileName, component, problems });
      }
    }
  }
  // An app can only go with all of its satellites (those not deleted in this deploy still reference it).
  const deleted = new Set(deletions.filter((d) => d.component).map((d) => `${d.type}:${d.fullName}`));
  for (const d of deletions) {
    if (d.type !== 'ExternalClientApplication' || !d.component) continue;
    const referencing = state
      .components()
      .filter((c) => c.fields.externalClientApplication === d.fullName && !deleted.has(`${c.type}:${c.fullName}`))
      .map((c) => `${c.type} ${c.fullName}`);
    if (appsReferencedByDeploy.has(d.fullName)) referencing.push('components in this deploy');
    if (referencing.length > 0) {
      d.problems.push({ problem: `Cannot delete ExternalClientApplication ${d.fullName}: it is referenced by ${referencing.join(', ')}` });
    }
  }
  return deletions;
}

/** Removes a deleted component and what hangs off it (an app's consumer and grants, a policy's grants). */
export function applyDeletion(state: OrgState, component: StoredComponent): void {
  state.data.components = state.data.components.filter((c) => c !== component);
  if (component.type === 'ExternalClientApplication') {
    state.data.consumers = state.data.consumers.filter((k) => k.appName !== component.fullName);
    state.data.grants = state.data.grants.filter((g) => g.setupEntityId !== component.id);
  }
  const appName = component.fields.externalClientApplication;
  if (component.type === 'ExtlClntAppOauthConfigurablePolicies' && typeof appName === 'string') {
    const app = state.component('ExternalClientApplication', appName);
    if (app && state.satellites(component.type, appName).length === 0) state.data.grants = state.data.grants.filter((g) => g.setupEntityId !== app.id);
  }
}
