import { AppComponents, Component, FieldValue, SLOT_OF_KIND, componentsOf, joinList, splitList } from '../metadata/components.js';
import { COMPONENT_KINDS, ComponentKind } from '../metadata/kinds.js';
import { serializeComponent } from '../metadata/xml.js';
import { buildComponents, conventionalNames, uncertainCorrections } from '../generate/build.js';
import { AppSpec } from '../spec/app-spec.js';

/** What happens to one component in a run of `create`. */
export type ComponentAction = 'create' | 'update' | 'unchanged';

export type PlannedComponent = {
  readonly type: ComponentKind;
  readonly fullName: string;
  readonly action: ComponentAction;
  /** Fields whose value changes (empty when created or unchanged). */
  readonly changedFields: readonly string[];
};

export type AppPlan = {
  /** The app as it will be after the deploy (never carrying a consumer key or secret). */
  readonly desired: AppComponents;
  readonly components: readonly PlannedComponent[];
  /** The kinds to deploy; empty when the org already matches. */
  readonly kindsToDeploy: readonly ComponentKind[];
};

export type PlanOptions = {
  /** Replace the pre-authorized profiles and permission sets instead of adding to them. */
  readonly replaceAccess: boolean;
  /** Redeploy every component even when nothing differs. */
  readonly force: boolean;
  /** Header fields the admin set explicitly; the others keep the org's values on an existing app. */
  readonly explicitHeaderFields: ReadonlySet<'label' | 'description'>;
};

/**
 * Fields that Salesforce owns. The consumer key and secret are never sent (a secret read back is masked anyway, and
 * sending either risks a rotation); the ids that link the app to this org are kept only when read from this org.
 */
const NEVER_SENT = new Set(['consumerKey', 'consumerSecret']);
const ACCESS_LISTS = new Set(['commaSeparatedProfile', 'commaSeparatedPermissionSet']);

function mergeList(existing: FieldValue | undefined, desired: FieldValue | undefined): string | undefined {
  const merged = [...splitList(existing)];
  const seen = new Set(merged.map((item) => item.toLowerCase()));
  for (const name of splitList(desired)) {
    if (!seen.has(name.toLowerCase())) merged.push(name);
    seen.add(name.toLowerCase());
  }
  return merged.length > 0 ? joinList(merged) : undefined;
}

function stripNeverSent(component: Component): Component {
  const fields = Object.fromEntries(Object.entries(component.fields).filter(([name]) => !NEVER_SENT.has(name)));
  return { ...component, fields };
}

/**
 * Merges the desired values into the component as the org holds it: fields the requirements govern take the desired
 * value; everything else (description, icon, trusted IP ranges, custom attributes, unknown elements …) is kept.
 */
function mergeComponent(existing: Component, desired: Component, options: PlanOptions, corrections: Record<string, FieldValue>): Component {
  const fields: Record<string, FieldValue | undefined> = { ...existing.fields };
  for (const [name, value] of Object.entries(corrections)) if (name in fields) fields[name] = value;
  for (const [name, value] of Object.entries(desired.fields as Record<string, FieldValue>)) {
    if (existing.kind === 'ExternalClientApplication' && (name === 'label' || name === 'description')) {
      if (options.explicitHeaderFields.has(name)) fields[name] = value;
      continue;
    }
    if (name === 'label' && existing.kind !== 'ExternalClientApplication') continue;
    fields[name] = ACCESS_LISTS.has(name) && !options.replaceAccess ? mergeList(fields[name], value) : value;
  }
  if (options.replaceAccess) {
    for (const name of ACCESS_LISTS) if (!(name in desired.fields)) delete fields[name];
  }
  const definedFields = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return stripNeverSent({ ...existing, fields: definedFields });
}

function changedFields(before: Component, after: Component): string[] {
  const names = new Set([...Object.keys(before.fields), ...Object.keys(after.fields)]);
  const beforeFields = before.fields as Record<string, FieldValue | undefined>;
  const afterFields = after.fields as Record<string, FieldValue | undefined>;
  return [...names].filter((name) => beforeFields[name] !== afterFields[name]).sort();
}

/**
 * Plans a run of `create`: the five components as they must be, and which of them differ from the org. An existing
 * app is updated in place under its real component names; it is never deleted and recreated.
 */
export function planApp(spec: AppSpec, existing: AppComponents | undefined, options: PlanOptions): AppPlan {
  const existingNames = Object.fromEntries(
    COMPONENT_KINDS.map((kind) => [kind, (existing?.[SLOT_OF_KIND[kind]])?.fullName])
  ) as Record<ComponentKind, string | undefined>;
  const conventional = conventionalNames(spec.name);
  const names = Object.fromEntries(COMPONENT_KINDS.map((kind) => [kind, existingNames[kind] ?? conventional[kind]])) as Record<
    ComponentKind,
    string
  >;
  const built = buildComponents(spec, names);
  const desiredEntries: Array<[keyof AppComponents, Component]> = [];
  const planned: PlannedComponent[] = [];
  for (const component of componentsOf(built)) {
    const slot = SLOT_OF_KIND[component.kind];
    const current = existing?.[slot];
    if (!current) {
      desiredEntries.push([slot, component]);
      planned.push({ type: component.kind, fullName: component.fullName, action: 'create', changedFields: [] });
      continue;
    }
    const merged = mergeComponent(current, component, options, uncertainCorrections(spec, component.kind));
    const comparable = stripNeverSent(current);
    const differs = serializeComponent(comparable) !== serializeComponent(merged);
    desiredEntries.push([slot, merged]);
    planned.push({
      type: component.kind,
      fullName: merged.fullName,
      action: differs ? 'update' : 'unchanged',
      changedFields: differs ? changedFields(comparable, merged) : [],
    });
  }
  const kindsToDeploy = planned
    .filter((component) => options.force || component.action !== 'unchanged')
    .map((component) => component.type);
  return { desired: Object.fromEntries(desiredEntries), components: planned, kindsToDeploy };
}
