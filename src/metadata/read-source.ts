import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppComponents, Component, SLOT_OF_KIND, fieldOf } from './components.js';
import { ComponentKind, kindOfFile } from './kinds.js';
import { MetadataXmlError, parseComponent } from './xml.js';

/** The apps found among a set of component files, keyed by app API name. */
export type FoundApps = ReadonlyMap<string, AppComponents>;

export type ComponentFile = { readonly path: string; readonly content: string };

/** A second component of one type for one app: which app, which type, and both files. */
export class DuplicateComponentError extends MetadataXmlError {
  public constructor(
    public readonly appName: string,
    public readonly type: ComponentKind,
    public readonly files: readonly [string, string]
  ) {
    super(`App ${appName} has two ${type} components: ${files[0]} and ${files[1]}.`, files[1]);
    this.name = 'DuplicateComponentError';
  }
}

/**
 * A problem with one file, kept with the app it belongs to (when that can be told) so that a broken or duplicate
 * component of another app never stops work on this one.
 */
export type ReadIssue = { readonly type: ComponentKind; readonly appName?: string; readonly error: MetadataXmlError };

export type AppFiles = {
  readonly apps: FoundApps;
  readonly issues: readonly ReadIssue[];
  /** Where each component was read from, keyed by `<type>:<fullName>`. */
  readonly paths: ReadonlyMap<string, string>;
};

export const componentKey = (component: Pick<Component, 'kind' | 'fullName'>): string => `${component.kind}:${component.fullName}`;

const APP_REFERENCE = /<externalClientApplication>\s*([^<\s]+)\s*<\/externalClientApplication>/;

/** The app a file that could not be read names, when its text still tells. */
function appNamedBy(file: ComponentFile, type: ComponentKind, fullName: string): string | undefined {
  return type === 'ExternalClientApplication' ? fullName : APP_REFERENCE.exec(file.content)?.[1];
}

/**
 * Groups parsed components by the app they belong to: the header by its name, satellites by `externalClientApplication`.
 * Problems are collected, never thrown: ask {@link appFrom} for one app and only that app's problems count.
 */
export function readAppFiles(files: readonly ComponentFile[]): AppFiles {
  const apps = new Map<string, Record<string, Component>>();
  const issues: ReadIssue[] = [];
  const paths = new Map<string, string>();
  for (const file of files) {
    const identity = kindOfFile(file.path);
    if (!identity) continue;
    let component: Component;
    try {
      component = parseComponent(file.content, identity.fullName, file.path);
      if (component.kind !== identity.kind) {
        throw new MetadataXmlError(`holds <${component.kind}> but its name says ${identity.kind}.`, file.path);
      }
    } catch (error) {
      if (!(error instanceof MetadataXmlError)) throw error;
      issues.push({ type: identity.kind, appName: appNamedBy(file, identity.kind, identity.fullName), error });
      continue;
    }
    const appName =
      component.kind === 'ExternalClientApplication' ? component.fullName : String(fieldOf(component, 'externalClientApplication') ?? '');
    if (!appName) {
      issues.push({ type: component.kind, error: new MetadataXmlError('has no <externalClientApplication> element.', file.path) });
      continue;
    }
    const slots = apps.get(appName) ?? {};
    const slot = SLOT_OF_KIND[component.kind];
    if (slots[slot]) {
      const first = paths.get(componentKey(slots[slot])) ?? slots[slot].fullName;
      issues.push({ type: component.kind, appName, error: new DuplicateComponentError(appName, component.kind, [first, file.path]) });
      continue;
    }
    slots[slot] = component;
    paths.set(componentKey(component), file.path);
    apps.set(appName, slots);
  }
  return { apps: new Map([...apps.entries()].map(([name, slots]) => [name, slots as AppComponents])), issues, paths };
}

/**
 * The problems that concern one app: its own duplicates and unreadable files, and unreadable files of unknown app
 * whose type the app lacks (such a file may be its missing component).
 */
export function issuesOf(files: AppFiles, appName: string): ReadIssue[] {
  const wanted = appName.toLowerCase();
  const app = files.apps.get(appName);
  return files.issues.filter((issue) =>
    issue.appName === undefined ? !app?.[SLOT_OF_KIND[issue.type]] : issue.appName.toLowerCase() === wanted
  );
}

/** One app's components; throws its first problem (a duplicate before an unreadable file). Others' problems are ignored. */
export function appFrom(files: AppFiles, appName: string): AppComponents | undefined {
  const issues = issuesOf(files, appName);
  const first = issues.find((issue) => issue.error instanceof DuplicateComponentError) ?? issues[0];
  if (first) throw first.error;
  return files.apps.get(appName);
}

/** Groups components by app, refusing any problem in any app (for a set of files that must all be sound). */
export function groupByApp(files: readonly ComponentFile[]): FoundApps {
  const read = readAppFiles(files);
  if (read.issues.length > 0) throw read.issues[0].error;
  return read.apps;
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

/** Reads every External Client App component file below a folder (source or metadata format), problems collected. */
export async function readSourceFiles(dir: string): Promise<AppFiles> {
  const files = await listFiles(dir);
  const contents = await Promise.all(files.map(async (file) => ({ path: file, content: await fs.readFile(file, 'utf8') })));
  return readAppFiles(contents);
}

/** Reads every External Client App component file below a folder, refusing any problem in any app. */
export async function readSourceDir(dir: string): Promise<FoundApps> {
  const read = await readSourceFiles(dir);
  if (read.issues.length > 0) throw read.issues[0].error;
  return read.apps;
}
