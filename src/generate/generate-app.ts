import { promises as fs } from 'node:fs';
import { AppComponents, componentsOf } from '../metadata/components.js';
import { ComponentKind } from '../metadata/kinds.js';
import { FileState, renderSourceFiles, writeFilesAtomically } from '../metadata/source-files.js';
import { AppSpec } from '../spec/app-spec.js';
import { createError } from '../spec/errors.js';
import { buildComponents, versionGaps } from './build.js';
import { planApp } from '../create/plan.js';
import { DuplicateComponentError, appFrom, componentKey, readSourceFiles } from '../metadata/read-source.js';
import { MetadataXmlError } from '../metadata/xml.js';
import { displayPath } from '../util/display-path.js';

export type GeneratedFile = {
  readonly type: ComponentKind;
  readonly fullName: string;
  readonly path: string;
  readonly state: FileState;
};

/** Refuses an API version that lacks a type or a field the app needs, naming each. */
export function assertApiVersionSupports(spec: AppSpec): void {
  const gaps = versionGaps(spec);
  if (gaps.length === 0) return;
  const missingKinds = new Set(gaps.filter((gap) => gap.field === undefined).map((gap) => gap.kind));
  const described = gaps
    .filter((gap) => gap.field === undefined || !missingKinds.has(gap.kind))
    .map((gap) => `${gap.field ? `${gap.kind}.${gap.field}` : gap.kind} (since ${gap.since}.0)`);
  const needed = Math.max(...gaps.map((gap) => gap.since));
  throw createError('ApiVersionTooOld', [spec.apiVersion, described.join(', ')], [`${needed}.0`], 2);
}

/** Refuses (as bad input) an output path that exists and is not a folder. */
export async function assertFolderOrAbsent(dir: string): Promise<void> {
  const stat = await fs.stat(dir).catch(() => undefined);
  if (stat && !stat.isDirectory()) throw createError('OutputDirNotFolder', [dir], [], 2);
}

/**
 * Writes the app's five source files (all or none) and says for each whether it was created, updated or unchanged.
 * A component read from a file (`paths`, keyed by `<type>:<fullName>`) is written back to that file.
 */
export async function writeApp(app: AppComponents, outputDir: string, paths: ReadonlyMap<string, string> = new Map()): Promise<GeneratedFile[]> {
  await assertFolderOrAbsent(outputDir);
  const components = componentsOf(app);
  const files = renderSourceFiles(app).map((file, index) => ({
    ...file,
    relativePath: paths.get(componentKey(components[index])) ?? file.relativePath,
  }));
  let written;
  try {
    written = await writeFilesAtomically(outputDir, files);
  } catch (error) {
    throw createError('WriteFailed', [outputDir, (error as Error).message]);
  }
  return written.map((file, index) => ({
    type: components[index].kind,
    fullName: components[index].fullName,
    path: file.path,
    state: file.state,
  }));
}

export type GenerateOptions = {
  /** Header fields given by flag; on an app the folder already holds, the others keep the file's values. */
  readonly explicitHeaderFields?: ReadonlySet<'label' | 'description'>;
};

/** The app as the folder holds it (its satellites found by their reference to it, whatever their names), if it does. */
async function readExisting(outputDir: string, appName: string): Promise<{ app?: AppComponents; paths: ReadonlyMap<string, string> }> {
  const isFolder = await fs.stat(outputDir).then((entry) => entry.isDirectory(), () => false);
  if (!isFolder) return { paths: new Map() };
  const files = await readSourceFiles(outputDir);
  try {
    return { app: appFrom(files, appName), paths: files.paths };
  } catch (error) {
    if (error instanceof DuplicateComponentError) {
      throw createError('DuplicateComponentInFolder', [error.type, appName, displayPath(error.files[0]), displayPath(error.files[1])], [], 2);
    }
    if (error instanceof MetadataXmlError) {
      throw createError('UnreadableComponentFile', [displayPath(error.file ?? outputDir), error.message], [], 1);
    }
    throw error;
  }
}

/**
 * Writes the app into a folder. When the folder already holds the app, its files are updated in place the way
 * `create` updates an org's app (only what the guide requires changes; the ids of another org are dropped), never
 * written a second time under other names.
 */
export async function generateApp(spec: AppSpec, outputDir: string, options: GenerateOptions = {}): Promise<GeneratedFile[]> {
  assertApiVersionSupports(spec);
  const existing = await readExisting(outputDir, spec.name);
  if (!existing.app) return writeApp(buildComponents(spec), outputDir);
  const plan = planApp(spec, existing.app, {
    replaceAccess: false,
    force: false,
    explicitHeaderFields: options.explicitHeaderFields ?? new Set(['label', 'description']),
    dropOrgIds: true,
  });
  return writeApp(plan.desired, outputDir, existing.paths);
}
