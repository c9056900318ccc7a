import JSZip from 'jszip';
import { AppFile, packageXml } from './app-files.js';

export async function deployZip(files: AppFile[], opts: { version?: string; topFolder?: string; extra?: Record<string, string> } = {}): Promise<Buffer> {
  const zip = new JSZip();
  const prefix = opts.topFolder ? `${opts.topFolder}/` : '';
  zip.file(`${prefix}package.xml`, packageXml(files, opts.version));
  for (const f of files) zip.file(prefix + f.path, f.xml);
  for (const [p, t] of Object.entries(opts.extra ?? {})) zip.file(prefix + p, t);
  return zip.generateAsync({ type: 'nodebuffer' });
}
