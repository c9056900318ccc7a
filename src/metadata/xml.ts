import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { Component, FieldValue, PreservedElement } from './components.js';
import { COMPONENT_KINDS, ComponentKind, METADATA_NAMESPACE } from './kinds.js';
import { FIELD_SPECS, fieldSpec } from './schema.js';

/** fast-xml-parser's preserveOrder shape: `{ tag: children[], ':@'?: attributes }` or `{ '#text': value }`. */
type OrderedNode = Record<string, unknown>;

const TEXT = '#text';
const ATTRIBUTES = ':@';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: '#comment',
});

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '    ',
  processEntities: true,
  suppressEmptyNode: false,
  commentPropName: '#comment',
});

export class MetadataXmlError extends Error {
  public constructor(message: string, public readonly file?: string) {
    super(message);
    this.name = 'MetadataXmlError';
  }
}

function tagOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ATTRIBUTES && key !== TEXT);
}

function isBlankText(node: OrderedNode): boolean {
  return TEXT in node && String(node[TEXT]).trim() === '';
}

/** Drops the indentation text nodes between elements so a re-indented write is byte-stable. */
function stripLayout(nodes: OrderedNode[]): OrderedNode[] {
  const hasElements = nodes.some((node) => tagOf(node) !== undefined);
  return nodes
    .filter((node) => !(hasElements && isBlankText(node)))
    .map((node) => {
      const tag = tagOf(node);
      if (!tag || tag === '#comment') return node;
      return { ...node, [tag]: stripLayout(node[tag] as OrderedNode[]) };
    });
}

function textOf(children: OrderedNode[]): string {
  return children.map((child) => (TEXT in child ? String(child[TEXT]) : '')).join('');
}

function convertScalar(kind: ComponentKind, name: string, raw: string, file?: string): FieldValue {
  const spec = fieldSpec(kind, name);
  if (spec?.type === 'boolean') {
    const value = raw.trim();
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw new MetadataXmlError(`${kind}.${name} must be true or false, found "${raw}".`, file);
  }
  if (spec?.type === 'int') {
    const value = raw.trim();
    if (!/^-?\d+$/.test(value)) throw new MetadataXmlError(`${kind}.${name} must be a whole number, found "${raw}".`, file);
    return Number(value);
  }
  return raw;
}

/** Parses one component file (source or metadata format). Unknown and structured elements are preserved. */
export function parseComponent(xml: string, fullName: string, file?: string): Component {
  // The parser alone is lenient: it accepts mismatched and unclosed tags and bare `&`. Validate first.
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { msg, line } = validation.err;
    throw new MetadataXmlError(`Not well-formed XML (line ${line}): ${msg}`, file);
  }
  let document: OrderedNode[];
  try {
    document = parser.parse(xml) as OrderedNode[];
  } catch (error) {
    throw new MetadataXmlError(`Not well-formed XML: ${(error as Error).message}`, file);
  }
  const roots = document.filter((node) => {
    const tag = tagOf(node);
    return tag !== undefined && tag !== '#comment';
  });
  if (roots.length > 1) throw new MetadataXmlError('Not well-formed XML: more than one root element.', file);
  const root = roots[0];
  const rootTag = root ? tagOf(root) : undefined;
  const kind = COMPONENT_KINDS.find((candidate) => candidate === rootTag);
  if (!root || !rootTag || !kind) {
    throw new MetadataXmlError(`Root element <${rootTag ?? ''}> is not one of the External Client App types.`, file);
  }
  const fields: Record<string, FieldValue> = {};
  const preserved: PreservedElement[] = [];
  for (const child of stripLayout(root[rootTag] as OrderedNode[])) {
    const tag = tagOf(child);
    if (!tag || tag === '#comment') continue;
    const children = child[tag] as OrderedNode[];
    const spec = fieldSpec(kind, tag);
    const isSimple = children.every((grandChild) => TEXT in grandChild);
    if (spec && spec.type !== 'complex' && isSimple && !(tag in fields)) {
      fields[tag] = convertScalar(kind, tag, textOf(children), file);
    } else {
      preserved.push({ name: tag, node: child });
    }
  }
  return { kind, fullName, fields, preserved };
}

function scalarNode(name: string, value: FieldValue): OrderedNode {
  return { [name]: [{ [TEXT]: String(value) }] };
}

/**
 * Writes a component in Salesforce's retrieve order (alphabetical by element name). Preserved elements keep their
 * relative order among themselves, so repeated elements such as `trustedIpRanges` round-trip untouched.
 */
export function serializeComponent(component: Component): string {
  const entries: Array<{ name: string; node: OrderedNode }> = [];
  const fields = component.fields as Record<string, FieldValue | undefined>;
  for (const spec of FIELD_SPECS[component.kind]) {
    const value = fields[spec.name];
    if (value !== undefined) entries.push({ name: spec.name, node: scalarNode(spec.name, value) });
  }
  for (const element of component.preserved) entries.push({ name: element.name, node: element.node });
  // Array.prototype.sort is stable, so equal names keep insertion order.
  entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  const document: OrderedNode[] = [
    { '?xml': [{ [TEXT]: '' }], [ATTRIBUTES]: { '@_version': '1.0', '@_encoding': 'UTF-8' } },
    { [component.kind]: entries.map((entry) => entry.node), [ATTRIBUTES]: { '@_xmlns': METADATA_NAMESPACE } },
  ];
  return `${builder.build(document).trim()}\n`;
}
