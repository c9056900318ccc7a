import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An element in document order: leaf elements carry text, others carry children. */
export type XmlElement = { name: string; text: string; children: XmlElement[]; attrs: Record<string, string> };

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const orderedParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

export class XmlSyntaxError extends Error {
  public constructor(message: string, public readonly line: number, public readonly column: number) {
    super(message);
  }
}

/** Parse a document into its root element (namespace prefixes removed). */
export function parseXml(text: string): XmlElement {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlSyntaxError(valid.err.msg, valid.err.line, valid.err.col);
  const nodes = orderedParser.parse(text) as OrderedNode[];
  const root = toElements(nodes)[0];
  if (!root) throw new XmlSyntaxError('Premature end of file.', 1, 1);
  return root;
}

function toElements(nodes: OrderedNode[]): XmlElement[] {
  const out: XmlElement[] = [];
  for (const node of nodes) {
    const name = Object.keys(node).find((k) => k !== ':@');
    if (!name || name === '#text' || name === '#comment') continue;
    const content = node[name] as OrderedNode[];
    const text = content
      .filter((c) => '#text' in c)
      .map((c) => String(c['#text']))
      .join('');
    out.push({ name, text, children: toElements(content), attrs: node[':@'] ?? {} });
  }
  return out;
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

export function childText(el: XmlElement, name: string): string | undefined {
  return child(el, name)?.text;
}

export function childTexts(el: XmlElement, name: string): string[] {
  return el.children.filter((c) => c.name === name).map((c) => c.text);
}

export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A value to serialize: scalars become text, objects become child elements in key order, arrays repeat the element. */
export type XmlValue = string | number | boolean | null | undefined | XmlObject | XmlValue[];
export type XmlObject = { [key: string]: XmlValue };

export function toXml(name: string, value: XmlValue, indent = ''): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => toXml(name, v, indent)).join('');
  if (value === null) return `${indent}<${name} xsi:nil="true"/>\n`;
  if (typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([k, v]) => toXml(k, v, indent + '    '))
      .join('');
    return `${indent}<${name}>\n${inner}${indent}</${name}>\n`;
  }
  return `${indent}<${name}>${escapeXml(String(value))}</${name}>\n`;
}

/** Line and column (1-based) of the first `<name` at or after `from` in a raw document. */
export function locateElement(text: string, name: string): { line: number; column: number } {
  const match = new RegExp(`<(?:[A-Za-z0-9_]+:)?${name}[\\s/>]`).exec(text);
  if (!match) return { line: 1, column: 1 };
  const before = text.slice(0, match.index);
  const line = before.split('\n').length;
  const column = match.index - before.lastIndexOf('\n');
  return { line, column };
}
