import { FixtureSwitches } from './fixture.js';
import { METADATA_NS, SETTINGS_TYPE, TypeDef, splitList } from './schema.js';
import { ConsumerRec, FieldValue, OrgState, StoredComponent } from './state.js';
import { XmlObject, XmlValue, toXml } from './xml.js';
import { fieldSince } from './validate.js';

/** What Salesforce shows for a secret it will not reveal through the Metadata API. [UNVERIFIED] mask format. */
export const MASKED_SECRET = '****************';

export type RenderOptions = { apiVersion: number; secret: 'masked' | 'omitted'; switches: FixtureSwitches };

/** Fields of a stored component in documented (alphabetical) order, as readMetadata and retrieve return them. */
export function renderFields(state: OrgState, type: TypeDef, comp: StoredComponent, opts: RenderOptions): XmlObject {
  const out: XmlObject = {};
  const consumer: ConsumerRec | undefined =
    type.xmlName === 'ExtlClntAppGlobalOauthSettings' && typeof comp.fields.externalClientApplication === 'string'
      ? state.consumerForApp(comp.fields.externalClientApplication)
      : undefined;
  for (const def of [...type.fields].sort((a, b) => a.name.localeCompare(b.name))) {
    if (fieldSince(type, def, opts.switches) > opts.apiVersion) continue;
    let value: FieldValue | undefined = comp.fields[def.name];
    if (def.name === 'consumerSecret') {
      if (consumer && opts.secret === 'masked') out.consumerSecret = MASKED_SECRET;
      continue;
    }
    if (def.name === 'consumerKey' && consumer) value = consumer.key;
    if (def.name === 'commaSeparatedOauthScopes' && typeof value === 'string') value = splitList(value).join(', ');
    if (value === undefined) continue;
    out[def.name] = toXmlValue(value, def.children?.map((c) => c.name));
  }
  return out;
}

function toXmlValue(value: FieldValue, order?: string[]): XmlValue {
  if (typeof value === 'string') return value;
  const sortRecord = (r: Record<string, string>): XmlObject => {
    const keys = order ?? Object.keys(r).sort();
    return Object.fromEntries(keys.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));
  };
  return Array.isArray(value) ? value.map(sortRecord) : sortRecord(value);
}

export function renderSettings(state: OrgState, apiVersion: number, switches: FixtureSwitches): XmlObject {
  const out: XmlObject = {};
  for (const def of SETTINGS_TYPE.fields) {
    if (fieldSince(SETTINGS_TYPE, def, switches) > apiVersion) continue;
    out[def.name] = String(state.settings[def.name as keyof typeof state.settings]);
  }
  return out;
}

/** A metadata-format file (`<Root xmlns=…>…</Root>`). */
export function metadataFile(rootElement: string, fields: XmlObject): string {
  const body = Object.entries(fields)
    .map(([k, v]) => toXml(k, v, '    '))
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${rootElement} xmlns="${METADATA_NS}">\n${body}</${rootElement}>\n`;
}
