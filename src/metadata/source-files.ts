import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppComponents, componentsOf } from './components.js';
import { sourceFileName } from './kinds.js';
import { serializeComponent } from './xml.js';

export type RenderedFile = { readonly relativePath: string; readonly content: string };
export type FileState = 'created' | 'updated' | 'unchanged';
export type WrittenFile = { readonly path: string; readonly state: FileState };

/** The app as source-format files, in a fixed order. */
export function renderSourceFiles(app: AppComponents): RenderedFile[] {
  return componentsOf(app).map((component) => ({
    relativePath: sourceFileName(component.kind, component.fullName),
    content: serializeComponent(component),
  }));
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Writes all files or none: every file is staged beside its target first, then renamed into place; when a rename
 * fails, the files already replaced are put back. Unchanged files are not touched (their mtime stays).
 */
export async function writeFilesAtomically(outputDir: string, files: readonly RenderedFile[]): Promise<WrittenFile[]> {
  const plans = await Promise.all(
    files.map(async (file) => {
      const target = path.resolve(outputDir, file.relativePath);
      const previous = await readIfExists(target);
      const state: FileState = previous === undefined ? 'created' : previous === file.content ? 'unchanged' : 'updated';
      return { target, previous, state, content: file.content, staged: `${target}.${process.pid}.tmp` };
    })
  );
  const changing = plans.filter((plan) => plan.state !== 'unchanged');
  const createdDirs: string[] = [];
  const removeCreatedDirs = (): Promise<unknown> =>
    Promise.all(createdDirs.reverse().map((dir) => fs.rm(dir, { recursive: true, force: true })));
  // Only what this run staged is removed on failure: a path that merely has a staging name is not ours.
  const staged: string[] = [];
  try {
    for (const plan of changing) {
      const dir = await fs.mkdir(path.dirname(plan.target), { recursive: true });
      if (dir) createdDirs.push(dir);
      await fs.writeFile(plan.staged, plan.content, 'utf8');
      staged.push(plan.staged);
    }
  } catch (error) {
    await Promise.all(staged.map((file) => fs.rm(file, { force: true })));
    await removeCreatedDirs();
    throw error;
  }
  const done: typeof changing = [];
  try {
    for (const plan of changing) {
      await fs.rename(plan.staged, plan.target);
      done.push(plan);
    }
  } catch (error) {
    await Promise.all(changing.filter((plan) => !done.includes(plan)).map((plan) => fs.rm(plan.staged, { force: true })));
    await Promise.all(
      done.map((plan) =>
        plan.previous === undefined ? fs.rm(plan.target, { force: true }) : fs.writeFile(plan.target, plan.previous, 'utf8')
      )
    );
    await removeCreatedDirs();
    throw error;
  }
  return plans.map((plan) => ({ path: plan.target, state: plan.state }));
}
