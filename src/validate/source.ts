import { stat } from 'node:fs/promises';
import { AppComponents } from '../metadata/components.js';
import { FoundApps, readSourceDir } from '../metadata/read-source.js';
import { MetadataXmlError } from '../metadata/xml.js';
import { DEFAULT_APP_NAME } from '../spec/app-spec.js';
import { displayPath } from '../util/display-path.js';
import { validateError } from './errors.js';

export type SelectedApp = { readonly name: string; readonly app: AppComponents };

/**
 * Picks the app to check among those found in a folder: the one named by --name; without it the only one, or the one
 * with the default name when there are several. Names match exactly first, then case-insensitively.
 */
export function selectApp(apps: FoundApps, dir: string, name?: string): SelectedApp {
  const names = [...apps.keys()].sort();
  const where = displayPath(dir);
  if (names.length === 0) throw validateError('NoAppInSource', 'error', [where]);
  const find = (wanted: string): string | undefined =>
    names.find((candidate) => candidate === wanted) ?? names.find((candidate) => candidate.toLowerCase() === wanted.toLowerCase());
  if (name !== undefined) {
    const found = find(name);
    if (!found) throw validateError('AppNotInSource', 'error', [where, name, names.join(', ')], [name]);
    return { name: found, app: apps.get(found)! };
  }
  if (names.length === 1) return { name: names[0], app: apps.get(names[0])! };
  const fallback = find(DEFAULT_APP_NAME);
  if (fallback) return { name: fallback, app: apps.get(fallback)! };
  throw validateError('SeveralAppsInSource', 'badInput', [where, names.join(', ')], [names[0]]);
}

/**
 * Reads every app below a folder. A --source-dir that is not a folder is bad input (exit code 2); a file that cannot
 * be read or parsed is an error naming the file (exit code 1).
 */
export async function readApps(dir: string): Promise<FoundApps> {
  const isFolder = await stat(dir).then((entry) => entry.isDirectory(), () => false);
  if (!isFolder) throw validateError('SourceDirNotFolder', 'badInput', [displayPath(dir)]);
  try {
    return await readSourceDir(dir);
  } catch (error) {
    if (error instanceof MetadataXmlError) {
      const detail = error.file ? `${displayPath(error.file)}: ${error.message}` : error.message;
      throw validateError('UnreadableSource', 'error', [displayPath(dir), detail]);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES') {
      throw validateError('UnreadableSource', 'error', [displayPath(dir), (error as Error).message]);
    }
    throw error;
  }
}
