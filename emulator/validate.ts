import { FixtureSwitches } from './fixture.js';
import { FieldDef, METADATA_NS, TypeDef } from './schema.js';
import { FieldMap, FieldRecord } from './state.js';
import { XmlElement, XmlSyntaxError, locateElement, parseXml } from './xml.js';

export type Problem = { problem: string; line?: number; column?: number; problemType?: 'Error' | 'Warning' };

export type Validated = { fields: FieldMap; problems: Problem[] };

const COMPLEX_TYPE_NAMES: Record<string, string> = {
  'ExtlClntAppOauthSettings.customAttributes': 'ExtlClntAppOauthSettingsAttribute',
  'ExtlClntAppOauthConfigurablePolicies.customAttributes': 'ExtlClntAppOauthPoliciesAttribute',
  'ExtlClntAppOauthSettings.trustedIpRanges': 'ExtlClntAppOauthIpRange',
  'ExtlClntAppGlobalOauthSettings.idTokenConfig': 'ExternalAppIdTokenConfig',
};

/** Effective Since of a field: the fixture's gate when one is configured, else the documented version. */
export function fieldSince(type: TypeDef, field: FieldDef, switches: FixtureSwitches): number {
  return switches.fieldSince[`${type.xmlName}.${field.name}`] ?? field.since;
}

export function invalidElement(name: string, typeName: string): string {
  return `Element {${METADATA_NS}}${name} invalid at this location in type ${typeName}`;
}

/** Structural validation of one metadata file against its schema at the deploy's API version. */
export function validateComponent(type: TypeDef, text: string, apiVersion: number, switches: FixtureSwitches): Validated {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (err) {
    if (err instanceof XmlSyntaxError) return { fields: {}, problems: [{ problem: `Error parsing file: ${err.message}`, line: err.line, column: err.column }] };
    throw err;
  }
  if (root.name !== type.rootElement) {
    const at = locateElement(text, root.name);
    return { fields: {}, problems: [{ problem: invalidElement(root.name, type.rootElement), ...at }] };
  }
  const problems: Problem[] = [];
  const fields = readFields(type.xmlName, type.fields, root, text, apiVersion, problems, (f) => fieldSince(type, f, switches));
  const rootAt = locateElement(text, root.name);
  for (const f of type.fields) {
    const required = f.required === true || switches.extraRequired.includes(`${type.xmlName}.${f.name}`);
    if (required && fields[f.name] === undefined && fieldSince(type, f, switches) <= apiVersion) {
      problems.push({ problem: `Required field is missing: ${f.name}`, ...rootAt });
    }
  }
  return { fields, problems };
}

function readFields(
  typeName: string,
  defs: FieldDef[],
  parent: XmlElement,
  text: string,
  apiVersion: number,
  problems: Problem[],
  since: (f: FieldDef) => number
): FieldMap {
  const fields: FieldMap = {};
  for (const el of parent.children) {
    const def = defs.find((d) => d.name === el.name);
    const at = locateElement(text, el.name);
    if (!def || since(def) > apiVersion || (!def.array && fields[el.name] !== undefined)) {
      problems.push({ problem: invalidElement(el.name, typeName), ...at });
      continue;
    }
    if (def.kind === 'complex') {
      const nestedType = COMPLEX_TYPE_NAMES[`${typeName}.${def.name}`] ?? def.name;
      const nested = readFields(nestedType, def.children ?? [], el, text, apiVersion, problems, (f) => f.since);
      const record: FieldRecord = {};
      for (const [k, v] of Object.entries(nested)) if (typeof v === 'string') record[k] = v;
      for (const c of def.children ?? []) {
        if (c.required && record[c.name] === undefined) problems.push({ problem: `Required field is missing: ${c.name}`, ...at });
      }
      if (def.array) {
        const list = (fields[def.name] as FieldRecord[] | undefined) ?? [];
        list.push(record);
        if (def.max !== undefined && list.length > def.max) {
          problems.push({ problem: `${def.name}: too many values (maximum ${def.max})`, ...at });
        }
        fields[def.name] = list;
      } else {
        fields[def.name] = record;
      }
      continue;
    }
    if (el.children.length > 0) {
      problems.push({ problem: invalidElement(el.children[0].name, typeName), ...locateElement(text, el.children[0].name) });
      continue;
    }
    const checked = checkScalar(def, el.text.trim(), apiVersion);
    if (typeof checked === 'object') problems.push({ problem: checked.error, ...at });
    else fields[def.name] = checked;
  }
  return fields;
}

function checkScalar(def: FieldDef, value: string, apiVersion: number): string | { error: string } {
  switch (def.kind) {
    case 'boolean':
      if (value === 'true' || value === '1') return 'true';
      if (value === 'false' || value === '0') return 'false';
      return { error: `'${value}' is not a valid value for the type xsd:boolean` };
    case 'int': {
      if (!/^-?\d+$/.test(value)) return { error: `'${value}' is not a valid value for the type xsd:int` };
      const n = Number(value);
      if (def.intValues) {
        const from = def.intValues[String(n)];
        if (from === undefined || from > apiVersion) return { error: `'${value}' is not a valid value for ${def.name}` };
      }
      if ((def.min !== undefined && n < def.min) || (def.max !== undefined && n > def.max)) {
        return { error: `'${value}' is out of range for ${def.name} (${def.min ?? ''}..${def.max ?? ''})` };
      }
      return String(n);
    }
    case 'enum': {
      const known = Object.keys(def.values ?? {}).find((v) => v.toLowerCase() === value.toLowerCase());
      const from = known === undefined ? undefined : def.values?.[known];
      if (known === undefined || from === undefined || from > apiVersion) {
        return { error: `'${value}' is not a valid value for the enum '${def.enumName ?? def.name}'` };
      }
      return def.orgSpelling?.[known] ?? known;
    }
    default:
      return value;
  }
}

/** Fill every omitted defaulted field: deploys are declarative, omitted elements reset to their default. */
export function applyDefaults(type: TypeDef, fields: FieldMap, switches: FixtureSwitches): FieldMap {
  const out: FieldMap = { ...fields };
  for (const f of type.fields) {
    if (out[f.name] !== undefined || f.default === undefined) continue;
    if (typeof f.default === 'boolean') out[f.name] = String(f.default);
    else if (f.default.startsWith('switch:')) {
      const key = f.default.slice('switch:'.length) as keyof FixtureSwitches['defaults'];
      out[f.name] = String(switches.defaults[key]);
    } else out[f.name] = f.default;
  }
  // A lifetime policy without a period gets the one never-edited real policies show.
  if (out.refreshTokenPolicyType === 'SpecificLifetime' && out.refreshTokenValidityPeriod === undefined) {
    out.refreshTokenValidityPeriod = '365';
    out.refreshTokenValidityUnit ??= 'Days';
  }
  return out;
}
