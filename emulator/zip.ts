import JSZip from 'jszip';

export type ZipEntries = Map<string, string>;

/**
 * Read a deploy zip into path → text, with package.xml at the root: Salesforce accepts the files at the root or under
 * one top folder (e.g. `unpackaged/`), so a single common top folder is stripped.
 */
export async function readDeployZip(data: Buffer): Promise<ZipEntries> {
  const zip = await JSZip.loadAsync(data);
  const raw = new Map<string, string>();
  const files = Object.values(zip.files).filter((f) => !f.dir);
  for (const f of files) raw.set(f.name.replace(/^\.\//, ''), await f.async('string'));
  if (raw.has('package.xml')) return raw;
  const tops = new Set([...raw.keys()].map((p) => p.split('/')[0]));
  if (tops.size !== 1) return raw;
  const [top] = [...tops];
  return new Map([...raw.entries()].map(([p, t]) => [p.slice(top.length + 1), t]));
}

export async function writeZip(entries: ZipEntries): Promise<Buffer> {
  const zip = new JSZip();
  for (const [path, text] of entries) zip.file(path, text);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
