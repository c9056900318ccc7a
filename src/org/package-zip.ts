import JSZip from 'jszip';
import { XMLBuilder } from 'fast-xml-parser';
import { Component } from '../metadata/components.js';
import { METADATA_NAMESPACE, metadataFileName } from '../metadata/kinds.js';
import { serializeComponent } from '../metadata/xml.js';

const builder = new XMLBuilder({ format: true, indentBy: '    ', ignoreAttributes: false, attributeNamePrefix: '@_' });

export type PackageMember = { readonly type: string; readonly members: readonly string[] };

/** package.xml for the given members, types and members sorted as Salesforce writes them. */
export function packageXml(members: readonly PackageMember[], apiVersion: string): string {
  const types = [...members]
    .sort((left, right) => left.type.localeCompare(right.type))
    .map((entry) => ({ members: [...entry.members].sort(), name: entry.type }));
  const document = { '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, Package: { '@_xmlns': METADATA_NAMESPACE, types, version: apiVersion } };
  return `${String(builder.build(document)).trim()}\n`;
}

/** A metadata-format deploy zip (single package: package.xml at the root) holding the given components. */
export async function deployZip(components: readonly Component[], apiVersion: string): Promise<Buffer> {
  const zip = new JSZip();
  for (const component of components) zip.file(metadataFileName(component.kind, component.fullName), serializeComponent(component));
  zip.file(
    'package.xml',
    packageXml(
      components.map((component) => ({ type: component.kind, members: [component.fullName] })),
      apiVersion
    )
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Every text file of a retrieve zip, paths as stored (with or without the `unpackaged/` folder). */
export async function readZipFiles(zipBase64: string): Promise<Array<{ path: string; content: string }>> {
  const zip = await JSZip.loadAsync(Buffer.from(zipBase64, 'base64'));
  const files = Object.values(zip.files).filter((entry) => !entry.dir);
  return Promise.all(files.map(async (entry) => ({ path: entry.name, content: await entry.async('string') })));
}
