import { AppComponents, Component, FieldValue, FieldsByKind } from '../metadata/components.js';
import { COMPONENT_KINDS, ComponentKind, KIND_LAYOUT, conventionalName } from '../metadata/kinds.js';
import { fieldSpec } from '../metadata/schema.js';
import { AppSpec } from '../spec/app-spec.js';
import { COMPONENT_REQUIREMENTS, ComponentRequirement, ExpectationContext } from '../requirements/table.js';
import { valueToWrite } from '../requirements/values.js';

export type ComponentNames = Readonly<Record<ComponentKind, string>>;

export function conventionalNames(appName: string): ComponentNames {
  return Object.fromEntries(COMPONENT_KINDS.map((kind) => [kind, conventionalName(kind, appName)])) as Record<
    ComponentKind,
    string
  >;
}

export function contextOf(spec: AppSpec): ExpectationContext {
  return {
    callbackUrl: spec.callbackUrl,
    contactEmail: spec.contactEmail,
    profiles: spec.profiles,
    permissionSets: spec.permissionSets,
    sessionTimeoutMinutes: spec.sessionTimeoutMinutes,
  };
}

/** A field the spec needs that the chosen API version does not know. */
export type VersionGap = { readonly kind: ComponentKind; readonly field?: string; readonly since: number };

/**
 * Which types, and which fields the guide requires, the API version lacks. Recommended and default values are
 * simply left out below their version: their Salesforce defaults are the values we want.
 */
export function versionGaps(spec: AppSpec): VersionGap[] {
  const version = Number(spec.apiVersion);
  const gaps: VersionGap[] = [];
  for (const kind of COMPONENT_KINDS) {
    if (KIND_LAYOUT[kind].since > version) gaps.push({ kind, since: KIND_LAYOUT[kind].since });
  }
  const context = contextOf(spec);
  for (const row of COMPONENT_REQUIREMENTS) {
    if (row.severity !== 'required' || valueToWrite(row.rule, context) === undefined) continue;
    const since = fieldSpec(row.component, row.field)?.since ?? 0;
    if (since > version) gaps.push({ kind: row.component, field: row.field, since });
  }
  return gaps;
}

function baseFields(kind: ComponentKind, spec: AppSpec, fullName: string): Record<string, FieldValue> {
  if (kind === 'ExternalClientApplication') {
    return { label: spec.label, ...(spec.description === undefined ? {} : { description: spec.description }) };
  }
  return { externalClientApplication: spec.name, label: fullName };
}

/**
 * The five components the guide asks for, built from the requirements table. No consumer key or secret is ever
 * written: Salesforce generates both on the first deploy.
 */
export function buildComponents(spec: AppSpec, names: ComponentNames = conventionalNames(spec.name)): AppComponents {
  const version = Number(spec.apiVersion);
  const context = contextOf(spec);
  const byKind = new Map<ComponentKind, Record<string, FieldValue>>(
    COMPONENT_KINDS.map((kind) => [kind, baseFields(kind, spec, names[kind])])
  );
  for (const row of COMPONENT_REQUIREMENTS) {
    const value = valueToWrite(row.rule, context);
    const field = fieldSpec(row.component, row.field);
    if (value === undefined || (field?.since ?? 0) > version) continue;
    if (field?.uncertain && value === field.defaultValue) continue;
    byKind.get(row.component)![row.field] = value;
  }
  const component = <K extends ComponentKind>(kind: K): Component<K> => ({
    kind,
    fullName: names[kind],
    fields: byKind.get(kind) as FieldsByKind[K],
    preserved: [],
  });
  return {
    header: component('ExternalClientApplication'),
    oauth: component('ExtlClntAppOauthSettings'),
    globalOauth: component('ExtlClntAppGlobalOauthSettings'),
    oauthPolicy: component('ExtlClntAppOauthConfigurablePolicies'),
    policy: component('ExtlClntAppConfigurablePolicies'),
  };
}

/**
 * The values of the elements whose support is uncertain (never generated), for the rows `applies` accepts: a component
 * that already holds one of them with another value gets this one, since the org has shown it knows the element.
 */
export function uncertainCorrections(
  spec: AppSpec,
  kind: ComponentKind,
  applies: (row: ComponentRequirement) => boolean = () => true
): Record<string, FieldValue> {
  const context = contextOf(spec);
  const corrections: Record<string, FieldValue> = {};
  for (const row of COMPONENT_REQUIREMENTS) {
    const value = valueToWrite(row.rule, context);
    if (row.component === kind && value !== undefined && fieldSpec(kind, row.field)?.uncertain && applies(row)) corrections[row.field] = value;
  }
  return corrections;
}
