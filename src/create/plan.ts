import { AppComponents, Component, FieldValue, SLOT_OF_KIND, componentsOf, fieldOf, joinList, splitList } from '../metadata/components.js';
import { COMPONENT_KINDS, ComponentKind } from '../metadata/kinds.js';
import { fieldSpec } from '../metadata/schema.js';
import { serializeComponent } from '../metadata/xml.js';
import { buildComponents, contextOf, conventionalNames, uncertainCorrections } from '../generate/build.js';
import { rowHolds } from '../requirements/engine.js';
import { COMPONENT_REQUIREMENTS, ComponentRequirement, Rule } from '../requirements/table.js';
import { valueToWrite } from '../requirements/values.js';
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
  /** Also bring the rows the plugin only recommends to their value on an existing app (otherwise they are reported). */
  readonly enforceRecommended?: boolean;
  /**
   * Drop the elements that tie files to one org (`orgScopedExternalApp`, `oauthLink`): for files meant for any org
   * (`generate`). In an org's own app they are kept, as the org wrote them.
   */
  readonly dropOrgIds?: boolean;
};

/**
 * Fields that Salesforce owns. The consumer key and secret are never sent (a secret read back is masked anyway, and
 * sending either risks a rotation); the ids that link the app to this org are kept only when read from this org.
 */
const NEVER_SENT = new Set(['consumerKey', 'consumerSecret']);
const ORG_IDS = new Set(['orgScopedExternalApp', 'oauthLink']);
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

function stripNeverSent(component: Component, dropOrgIds = false): Component {
  const fields = Object.fromEntries(
    Object.entries(component.fields).filter(([name]) => !NEVER_SENT.has(name) && !(dropOrgIds && ORG_IDS.has(name)))
  );
  return { ...component, fields };
}

/** Adds the tokens a rule asks for that the list lacks (a synonym counts), keeping the org's tokens and order. */
function withScopes(existing: FieldValue | undefined, rule: Extract<Rule, { kind: 'includesAll' }>): string {
  const tokens = splitList(existing);
  const held = new Set(tokens.map((token) => token.toLowerCase()));
  for (const token of rule.values) {
    const names = [token, ...(rule.synonyms?.[token] ?? [])];
    if (!names.some((name) => held.has(name.toLowerCase()))) tokens.push(token);
  }
  return joinList(tokens);
}

/** Adds a line to a one-item-per-line list (callback URLs), leaving the lines already there as they are. */
function withLine(existing: FieldValue | undefined, line: string): string {
  const current = existing === undefined ? '' : String(existing).trimEnd();
  return current.length > 0 ? `${current}\n${line}` : line;
}

/** Rows that may change a field of an existing app: what the guide requires, and what the admin asked for by flag. */
function governs(row: ComponentRequirement, options: PlanOptions): boolean {
  if (row.severity === 'default') return false;
  // Never change what an app is: a non-Local app is refused before planning; an unset state is left to the org.
  if (row.id === 'local-distribution') return false;
  if (row.severity === 'recommended') return options.enforceRecommended === true || row.rule.kind === 'equalsContext';
  return true;
}

/**
 * Brings the component as the org holds it to the guide: a field changes only where a row the guide requires (or
 * the admin asked for) is not met, and lists gain what they lack. Everything else (settings the guide does not
 * govern, trusted IP ranges, custom attributes, unknown elements) is kept exactly.
 */
function mergeComponent(existing: Component, spec: AppSpec, desired: Component, options: PlanOptions): Component {
  const fields: Record<string, FieldValue | undefined> = { ...existing.fields };
  // An element whose support is uncertain is never added; where the org holds it, it is corrected like any other field
  // its row governs (a recommended row only with --enforce-recommended; otherwise it stays a warning).
  const corrections = uncertainCorrections(spec, existing.kind, (row) => governs(row, options));
  for (const [name, value] of Object.entries(corrections)) if (name in fields) fields[name] = value;
  let preserved = existing.preserved;
  const context = contextOf(spec);
  const version = Number(spec.apiVersion);
  if (existing.kind === 'ExternalClientApplication') {
    for (const name of options.explicitHeaderFields) fields[name] = fieldOf(desired, name);
  }
  for (const row of COMPONENT_REQUIREMENTS) {
    if (row.component !== existing.kind || !governs(row, options)) continue;
    if ((fieldSpec(row.component, row.field)?.since ?? 0) > version) continue;
    const wanted = valueToWrite(row.rule, context);
    if (ACCESS_LISTS.has(row.field)) {
      fields[row.field] = options.replaceAccess ? wanted : mergeList(fields[row.field], wanted);
      continue;
    }
    // The contact email is the admin's explicit value (a required flag): it replaces the org's.
    if (row.rule.kind === 'email') {
      if (wanted !== undefined) fields[row.field] = wanted;
      continue;
    }
    if (rowHolds(row, { ...existing, fields: fields, preserved }, context)) continue;
    switch (row.rule.kind) {
      case 'includesAll':
        fields[row.field] = withScopes(fields[row.field], row.rule);
        break;
      case 'listsContextLine':
        if (wanted !== undefined) fields[row.field] = withLine(fields[row.field], String(wanted));
        break;
      case 'absent':
        delete fields[row.field];
        preserved = preserved.filter((element) => element.name !== row.field);
        break;
      default:
        if (wanted !== undefined) fields[row.field] = wanted;
    }
  }
  if (options.replaceAccess && existing.kind === 'ExtlClntAppOauthConfigurablePolicies') {
    for (const name of ACCESS_LISTS) if (!(name in desired.fields)) delete fields[name];
  }
  const definedFields = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return stripNeverSent({ ...existing, fields: definedFields, preserved }, options.dropOrgIds);
}

function changedFields(before: Component, after: Component): string[] {
  const names = new Set([...Object.keys(before.fields), ...Object.keys(after.fields)]);
  const beforeFields = before.fields as Record<string, FieldValue | undefined>;
  const afterFields = after.fields as Record<string, FieldValue | undefined>;
  const changed = [...names].filter((name) => beforeFields[name] !== afterFields[name]);
  const elements = (component: Component, name: string): string =>
    JSON.stringify(component.preserved.filter((element) => element.name === name).map((element) => element.node));
  const preservedNames = new Set([...before.preserved, ...after.preserved].map((element) => element.name));
  changed.push(...[...preservedNames].filter((name) => elements(before, name) !== elements(after, name)));
  return [...new Set(changed)].sort();
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
    const merged = mergeComponent(current, spec, component, options);
    const comparable = stripNeverSent(current, options.dropOrgIds);
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
