import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';

/** Read and write for the owner only. */
export const SECRET_FILE_MODE = 0o600;

export type OutputFileProblem = 'exists' | 'link' | 'directory' | 'not-a-file' | 'no-folder';

/** A path the secret must not be written to; `problem` picks the message. */
export class OutputFileError extends Error {
  public constructor(public readonly problem: OutputFileProblem, public readonly target: string) {
    super(`${target}: ${problem}`);
    this.name = 'OutputFileError';
  }
}

async function lstatOrUndefined(target: string): Promise<import('node:fs').Stats | undefined> {
  try {
    return await fs.lstat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Refuses a path before the secret is read: a symbolic link (never written through, even with --force: it may point
 * at any file the user can write), a directory, an existing file without --force, or a folder that does not exist
 * (a secret's folder is the user's choice, so it is never created). The folder itself may be reached through links
 * (e.g. /tmp on macOS): only the last component decides where the bytes go.
 */
export async function checkOutputFile(target: string, force: boolean): Promise<void> {
  const folder = await fs.stat(path.dirname(target)).catch(() => undefined);
  if (!folder?.isDirectory()) throw new OutputFileError('no-folder', target);
  const existing = await lstatOrUndefined(target);
  if (!existing) return;
  if (existing.isSymbolicLink()) throw new OutputFileError('link', target);
  if (existing.isDirectory()) throw new OutputFileError('directory', target);
  if (!existing.isFile()) throw new OutputFileError('not-a-file', target);
  if (!force) throw new OutputFileError('exists', target);
}

async function writeExclusive(target: string, content: string): Promise<void> {
  // O_CREAT | O_EXCL: fails if anything (a link included) appeared at the path since the check; never follows a link.
  const handle = await fs.open(target, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, SECRET_FILE_MODE);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes the secret (and a newline) to a new file with mode 0600. Without `force` the file is created exclusively.
 * With `force` the secret goes to a new exclusive file beside the target, which then replaces the target by rename:
 * a rename replaces the directory entry, so even a link planted at the last moment is replaced, not followed, and a
 * failed write never leaves the old file half overwritten.
 */
export async function writeSecretFile(target: string, secret: string, force: boolean): Promise<void> {
  await checkOutputFile(target, force);
  const content = `${secret}\n`;
  if (!force) {
    try {
      await writeExclusive(target, content);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new OutputFileError('exists', target);
      throw error;
    }
    return;
  }
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeExclusive(temporary, content);
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}
