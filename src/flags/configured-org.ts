import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findProjectRoot } from '../spec/output-dir.js';

/**
 * The default org (`target-org`) where `sf config get target-org` finds it — SF_TARGET_ORG, the project's
 * .sf/config.json, then the global one — read without @salesforce/core, for commands that never connect.
 */
export async function configuredTargetOrg(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (env.SF_TARGET_ORG) return env.SF_TARGET_ORG;
  const project = await findProjectRoot(cwd);
  const files = [...(project ? [path.join(project, '.sf', 'config.json')] : []), path.join(os.homedir(), '.sf', 'config.json')];
  for (const file of files) {
    try {
      const value = (JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>)['target-org'];
      if (typeof value === 'string' && value !== '') return value;
    } catch {
      // no such file, or not JSON: sf ignores it too
    }
  }
  return undefined;
}
