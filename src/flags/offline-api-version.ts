import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Flags } from '@oclif/core';
import { loadMessages } from '../cli/messages.js';
import { DEFAULT_API_VERSION } from '../spec/app-spec.js';
import { findProjectRoot } from '../spec/output-dir.js';

const messages = loadMessages('app-flags');

/**
 * --api-version for a command that never connects to an org. sf-plugins-core's `orgApiVersion` would load all of
 * @salesforce/core (and start its log-file worker through ConfigAggregator) to read one setting; the format check is
 * the spec's (`checkApiVersion`), which names the flag and exits 2.
 */
export const offlineApiVersionFlag = Flags.string({
  summary: messages.getMessage('flags.api-version.summary'),
  description: messages.getMessage('flags.api-version.description', [DEFAULT_API_VERSION]),
});

export type ConfiguredApiVersion = { value: string; source: string };

async function readConfigValue(file: string): Promise<string | undefined> {
  try {
    const value = (JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>)['org-api-version'];
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The `org-api-version` setting, where `sf config get org-api-version` finds it, in ConfigAggregator's order: the
 * SF_ORG_API_VERSION (or legacy SFDX_API_VERSION) variable, the project's .sf/config.json, then the global one.
 */
export async function configuredApiVersion(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<ConfiguredApiVersion | undefined> {
  for (const name of ['SF_ORG_API_VERSION', 'SFDX_API_VERSION']) {
    const value = env[name];
    if (value) return { value, source: name };
  }
  const project = await findProjectRoot(cwd);
  const files = [...(project ? [path.join(project, '.sf', 'config.json')] : []), path.join(os.homedir(), '.sf', 'config.json')];
  for (const file of files) {
    const value = await readConfigValue(file);
    if (value) return { value, source: file };
  }
  return undefined;
}
