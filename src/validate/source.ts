import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppComponents } from '../metadata/components.js';
import { AppFiles, DuplicateComponentError, appFrom, issuesOf, readSourceFiles } from '../metadata/read-source.js';
import { MetadataXmlError } from '../metadata/xml.js';
import { DEFAULT_APP_NAME } from '../spec/app-spec.js';
import { displayPath } from '../util/display-path.js';
import { copyFolders } from './copy-folders.js';
import { validateError } from './errors.js';

/** A path as one shell word, so that the printed command runs as printed. */
const shellWord = (text: string): string => (/^[\w./@:+-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`);

export type SelectedApp = { readonly name: string; readonly app: AppComponents };

/**
 * Picks the app to check among those found in a folder: the one named by --name; without it the only one, or the one
 * with the default name when there are several. Names match exactly first, then case-insensitively.
 */
export function selectApp(files: AppFiles, dir: string, name?: string): SelectedApp {
  const { apps } = files;
  const names = [...apps.keys()].sort();
  const where = displayPath(dir);
  const picked = (found: string): SelectedApp => ({ name: found, app: sourceError(dir, () => appFrom(files, found))! });
  if (names.length === 0) {
    if (files.issues.length > 0) sourceError(dir, () => { throw files.issues[0].error; });
    throw validateError('NoAppInSource', 'error', [where], [name ?? DEFAULT_APP_NAME]);
  }
  const find = (wanted: string): string | undefined =>
    names.find((candidate) => candidate === wanted) ?? names.find((candidate) => candidate.toLowerCase() === wanted.toLowerCase());
  if (name !== undefined) {
    const found = find(name);
    if (!found) {
      const own = issuesOf(files, name).filter((issue) => issue.appName !== undefined);
      if (own.length > 0) sourceError(dir, () => { throw own[0].error; });
      throw validateError('AppNotInSource', 'error', [where, name, names.join(', ')], [name]);
    }
    return picked(found);
  }
  if (names.length === 1) return picked(names[0]);
  const fallback = find(DEFAULT_APP_NAME);
  if (fallback) return picked(fallback);
  throw validateError('SeveralAppsInSource', 'badInput', [where, names.join(', ')], [names[0]]);
}

/** Runs a read, turning a file problem into validate's error: a duplicate is bad input naming both files (exit 2). */
function sourceError<T>(dir: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof DuplicateComponentError) {
      const folders = copyFolders(dir, error.files[0], error.files[1]);
      throw validateError(
        folders ? 'DuplicateComponentInSource' : 'DuplicateComponentInFolder',
        'badInput',
        [displayPath(dir), error.type, error.appName, displayPath(error.files[0]), displayPath(error.files[1])],
        folders ? folders.map((folder) => shellWord(displayPath(folder))) : []
      );
    }
    if (error instanceof MetadataXmlError) {
      const detail = error.file ? `${displayPath(error.file)}: ${error.message}` : error.message;
      throw validateError('UnreadableSource', 'error', [displayPath(dir), detail]);
    }
    throw error;
  }
}

/**
 * Reads every app below a folder. A --source-dir that is not a folder is bad input (exit code 2); a file that cannot
 * be read or parsed is an error naming the file (exit code 1).
 */
export async function readApps(dir: string): Promise<AppFiles> {
  const isFolder = await stat(dir).then((entry) => entry.isDirectory(), () => false);
  if (!isFolder) throw validateError('SourceDirNotFolder', 'badInput', [displayPath(dir)]);
  try {
    return await readSourceFiles(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES') {
      throw validateError('UnreadableSource', 'error', [displayPath(dir), (error as Error).message]);
    }
    throw error;
  }
}

/** The sourceApiVersion of the SFDX project the folder is in (sfdx-project.json in it or a folder above), if any. */
export async function sourceApiVersionOf(dir: string): Promise<string | undefined> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const text = await readFile(path.join(current, 'sfdx-project.json'), 'utf8').catch(() => undefined);
    if (text !== undefined) {
      try {
        const version = (JSON.parse(text) as { sourceApiVersion?: unknown }).sourceApiVersion;
        return typeof version === 'string' && /^\d+\.0$/.test(version) ? version : undefined;
      } catch {
        return undefined;
      }
    }
    if (path.dirname(current) === current) return undefined;
  }
}
