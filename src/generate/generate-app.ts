import { promises as fs } from 'node:fs';
import { AppComponents, componentsOf } from '../metadata/components.js';
import { ComponentKind } from '../metadata/kinds.js';
import { FileState, renderSourceFiles, writeFilesAtomically } from '../metadata/source-files.js';
import { AppSpec } from '../spec/app-spec.js';
import { createError } from '../spec/errors.js';
import { buildComponents, versionGaps } from './build.js';

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

/** Writes the app's five source files (all or none) and says for each whether it was created, updated or unchanged. */
export async function writeApp(app: AppComponents, outputDir: string): Promise<GeneratedFile[]> {
  await assertFolderOrAbsent(outputDir);
  const components = componentsOf(app);
  let written;
  try {
    written = await writeFilesAtomically(outputDir, renderSourceFiles(app));
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

export async function generateApp(spec: AppSpec, outputDir: string): Promise<GeneratedFile[]> {
  assertApiVersionSupports(spec);
  return writeApp(buildComponents(spec), outputDir);
}
