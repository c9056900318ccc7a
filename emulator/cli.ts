/**
 * `npm run emulator -- --port <port> [--sandbox] [--state <file>] [--latency <ms>] [--deploy-ms <ms>]
 *   [--login-alias <alias>] [--instance <name>]`
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultFixture } from './fixture.js';
import { startEmulator } from './index.js';
import { saveEmulatorAuth } from './login.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    sandbox: { type: 'boolean', default: false },
    state: { type: 'string' },
    latency: { type: 'string' },
    'deploy-ms': { type: 'string' },
    'login-alias': { type: 'string' },
    instance: { type: 'string' },
  },
  strict: true,
});

/**
 * Another emulator already logged in under the default username in this sf HOME, with another alias: this one takes
 * its own identity (named after its alias), so neither alias is taken over. A restart under the same alias, or with a
 * state file that already exists, keeps the identity it has.
 */
function derivedInstance(alias: string | undefined): string | undefined {
  if (!alias || (values.state && existsSync(values.state))) return undefined;
  const username = defaultFixture(values.sandbox).runningUser;
  if (!existsSync(join(homedir(), '.sfdx', `${username}.json`))) return undefined;
  let aliases: Record<string, string> = {};
  try {
    aliases = (JSON.parse(readFileSync(join(homedir(), '.sfdx', 'alias.json'), 'utf8')) as { orgs?: Record<string, string> }).orgs ?? {};
  } catch {
    aliases = {};
  }
  const owners = Object.entries(aliases).filter(([, user]) => user === username).map(([name]) => name);
  return owners.includes(alias) ? undefined : alias;
}

const instance = values.instance ?? derivedInstance(values['login-alias']);
const emulator = await startEmulator({
  port: Number(values.port),
  sandbox: values.sandbox,
  stateFile: values.state,
  latencyMs: values.latency ? Number(values.latency) : undefined,
  deployProcessingMs: values['deploy-ms'] ? Number(values['deploy-ms']) : undefined,
  instance,
});

console.log(`instance url: ${emulator.instanceUrl}`);
console.log(`access token: ${emulator.accessToken}`);
console.log(`username: ${emulator.username}`);
console.log(`org id: ${emulator.orgId}`);
if (values['login-alias']) {
  await saveEmulatorAuth({ emulator, alias: values['login-alias'] });
  console.log(`sf alias: ${values['login-alias']}`);
}

let stopping = false;
const shutdown = (): void => {
  if (stopping) return;
  stopping = true;
  void emulator.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
