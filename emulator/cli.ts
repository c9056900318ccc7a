/** `npm run emulator -- --port <port> [--sandbox] [--state <file>] [--latency <ms>] [--deploy-ms <ms>] [--login-alias <alias>]` */
import { parseArgs } from 'node:util';
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
  },
  strict: true,
});

const emulator = await startEmulator({
  port: Number(values.port),
  sandbox: values.sandbox,
  stateFile: values.state,
  latencyMs: values.latency ? Number(values.latency) : undefined,
  deployProcessingMs: values['deploy-ms'] ? Number(values['deploy-ms']) : undefined,
});

console.log(`instance url: ${emulator.instanceUrl}`);
console.log(`access token: ${emulator.accessToken}`);
console.log(`username: ${emulator.username}`);
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
