import path from 'node:path';

/**
 * The two folders below `dir` that each hold one of two copies of a file: the paths up to where the files' paths part
 * (force-app/… and retrieved/… → force-app and retrieved). Undefined when the copies sit in one folder, so no folder
 * holds just one of them.
 */
export function copyFolders(dir: string, first: string, second: string): [string, string] | undefined {
  const a = path.relative(dir, first).split(path.sep);
  const b = path.relative(dir, second).split(path.sep);
  let shared = 0;
  while (shared < a.length - 1 && shared < b.length - 1 && a[shared] === b[shared]) shared++;
  if (shared >= a.length - 1 || shared >= b.length - 1) return undefined;
  return [path.join(dir, ...a.slice(0, shared + 1)), path.join(dir, ...b.slice(0, shared + 1))];
}
