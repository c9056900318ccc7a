import { promises as fs } from 'node:fs';
import path from 'node:path';

export const FALLBACK_OUTPUT_DIR = path.join('force-app', 'main', 'default');

export async function findProjectRoot(from: string): Promise<string | undefined> {
  let dir = path.resolve(from);
  for (;;) {
    try {
      await fs.access(path.join(dir, 'sfdx-project.json'));
      return dir;
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }
}

async function isDirectory(dir: string): Promise<boolean> {
  return fs.stat(dir).then((stat) => stat.isDirectory(), () => false);
}

/**
 * Where generated files go by default: inside an SFDX project, the default package directory (its `main/default`
 * when that layout exists); elsewhere `force-app/main/default` under the current folder.
 */
export async function defaultOutputDir(cwd: string = process.cwd()): Promise<string> {
  const root = await findProjectRoot(cwd);
  if (!root) return path.resolve(cwd, FALLBACK_OUTPUT_DIR);
  try {
    const project = JSON.parse(await fs.readFile(path.join(root, 'sfdx-project.json'), 'utf8')) as {
      packageDirectories?: Array<{ path?: string; default?: boolean }>;
    };
    const directories = project.packageDirectories ?? [];
    const chosen = directories.find((directory) => directory.default) ?? directories[0];
    if (!chosen?.path) return path.resolve(root, FALLBACK_OUTPUT_DIR);
    const packageDir = path.resolve(root, chosen.path);
    const conventional = path.join(packageDir, 'main', 'default');
    return (await isDirectory(conventional)) || !(await isDirectory(packageDir)) ? conventional : packageDir;
  } catch {
    return path.resolve(root, FALLBACK_OUTPUT_DIR);
  }
}
