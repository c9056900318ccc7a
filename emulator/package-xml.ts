import { child, childText, childTexts, parseXml, toXml } from './xml.js';
import { METADATA_NS } from './schema.js';

export type PackageManifest = { types: Array<{ name: string; members: string[] }>; version?: string };

export function parsePackageXml(text: string): PackageManifest {
  const root = parseXml(text);
  const types = root.children
    .filter((c) => c.name === 'types')
    .map((t) => ({ name: childText(t, 'name') ?? '', members: childTexts(t, 'members') }));
  return { types, version: child(root, 'version')?.text };
}

export function buildPackageXml(manifest: PackageManifest): string {
  const body = manifest.types
    .map((t) => toXml('types', { members: [...t.members].sort(), name: t.name }, '    '))
    .join('');
  const version = manifest.version ? `    <version>${manifest.version}</version>\n` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="${METADATA_NS}">\n${body}${version}</Package>\n`;
}
