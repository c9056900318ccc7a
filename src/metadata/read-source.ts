import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppComponents, Component, SLOT_OF_KIND, fieldOf } from './components.js';
import { kindOfFile } from './kinds.js';
import { MetadataXmlError, parseComponent } from './xml.js';

/** The apps found among a set of component files, keyed by app API name. */
export type FoundApps = ReadonlyMap<string, AppComponents>;

export type ComponentFile = { readonly path: string; readonly content: string };

/** Groups parsed components by the app they belong to: the header by its name, satellites by `externalClientApplication`. */
export function groupByApp(files: readonly ComponentFile[]): FoundApps {
  const apps = new Map<string, Record<string, Component>>();
  for (const file of files) {
    const identity = kindOfFile(file.path);
    if (!identity) continue;
    const component = parseComponent(file.content, identity.fullName, file.path);
    if (component.kind !== identity.kind) {
      throw new MetadataXmlError(`holds <${component.kind}> but its name says ${identity.kind}.`, file.path);
    }
    const appName =
      component.kind === 'ExternalClientApplication'
        ? component.fullName
        : String(fieldOf(component, 'externalClientApplication') ?? '');
    if (!appName) throw new MetadataXmlError('has no <externalClientApplication> element.', file.path);
    const slots = apps.get(appName) ?? {};
    const slot = SLOT_OF_KIND[component.kind];
    if (slots[slot]) {
      throw new MetadataXmlError(`is a second ${component.kind} for app ${appName} (the first: ${slots[slot].fullName}).`, file.path);
    }
    slots[slot] = component;
    apps.set(appName, slots);
  }
  return new Map([...apps.entries()].map(([name, slots]) => [name, slots as AppComponents]));
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : listFiles(full);
      return entry.isFile() && kindOfFile(full) ? [full] : [];
    })
  );
  return nested.flat().sort();
}

/** Reads every External Client App component file below a folder (source or metadata format). */
export async function readSourceDir(dir: string): Promise<FoundApps> {
  const files = await listFiles(dir);
  const contents = await Promise.all(files.map(async (file) => ({ path: file, content: await fs.readFile(file, 'utf8') })));
  return groupByApp(contents);
}
