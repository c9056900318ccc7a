import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigAggregator, StateAggregator } from '@salesforce/core';
import { Emulator, EmulatorOptions, FixtureOverrides, startEmulator } from '../../emulator/index.js';
import { MATRIX_VARIANTS } from '../../emulator/fixture.js';
import { saveEmulatorAuth } from '../../emulator/login.js';

export type EmulatorOrg = { emulator: Emulator; alias: string; home: string; restore: () => Promise<void> };

export const OFFLINE_ENV: Record<string, string> = {
  SF_DISABLE_TELEMETRY: 'true',
  SFDX_DISABLE_TELEMETRY: 'true',
  SF_DISABLE_AUTOUPDATE: 'true',
  SFDX_DISABLE_AUTOUPDATE: 'true',
  SF_SKIP_NEW_VERSION_CHECK: 'true',
  SF_HIDE_RELEASE_NOTES: 'true',
  SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
  SFDX_USE_GENERIC_UNIX_KEYCHAIN: 'true',
  SF_DISABLE_DNS_CHECK: 'true',
  npm_config_update_notifier: 'false',
};

/**
 * Start an emulator and log an sf alias into it under a throwaway HOME, for in-process command runs
 * (`await Cmd.run(['--target-org', alias])`). `restore()` stops the emulator and puts HOME/env back.
 */
export async function useEmulatorOrg(opts: EmulatorOptions & { alias?: string } = {}): Promise<EmulatorOrg> {
  const alias = opts.alias ?? 'emu';
  const home = mkdtempSync(join(tmpdir(), 'emu-home-'));
  const saved: Record<string, string | undefined> = { HOME: process.env.HOME };
  for (const k of Object.keys(OFFLINE_ENV)) saved[k] = process.env[k];
  process.env.HOME = home;
  Object.assign(process.env, OFFLINE_ENV);
  StateAggregator.clearInstance();
  await ConfigAggregator.clearInstance();
  const emulator = await startEmulator({ deployProcessingMs: 20, ...opts, fixture: withMatrixVariant(opts.fixture) });
  try {
    await saveEmulatorAuth({ emulator, alias });
  } catch (err) {
    await emulator.stop();
    throw err;
  }
  const restore = async (): Promise<void> => {
    await emulator.stop();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    StateAggregator.clearInstance();
    await ConfigAggregator.clearInstance();
    rmSync(home, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  };
  return { emulator, alias, home, restore };
}

/**
 * The fidelity matrix (npm run test:matrix) runs the org suites once per switch: EMULATOR_SWITCH names a
 * MATRIX_VARIANTS entry, laid under what the test itself sets (a test that pins a switch keeps its value).
 */
export function withMatrixVariant(fixture: EmulatorOptions['fixture']): EmulatorOptions['fixture'] {
  const name = process.env.EMULATOR_SWITCH;
  if (!name) return fixture;
  const variant = MATRIX_VARIANTS[name];
  if (!variant) throw new Error(`EMULATOR_SWITCH=${name} is not one of: ${Object.keys(MATRIX_VARIANTS).join(', ')}`);
  const own: FixtureOverrides = fixture ?? {};
  return {
    ...own,
    settings: { ...variant.settings, ...own.settings },
    switches: {
      ...variant.switches,
      ...own.switches,
      fieldSince: { ...variant.switches?.fieldSince, ...own.switches?.fieldSince },
      defaults: { ...variant.switches?.defaults, ...own.switches?.defaults },
    },
  };
}

/** Deploys the default Dropzone app into the emulator org with `create`, its output silenced. */
export async function createDefaultApp(alias: string, extraArgs: readonly string[] = []): Promise<void> {
  const [{ default: sinon }, { stubSfCommandUx }, { default: AppCreate }] = await Promise.all([
    import('sinon'),
    import('@salesforce/sf-plugins-core'),
    import('../../src/commands/dropzone/app/create.js'),
  ]);
  const stubs = sinon.createSandbox();
  stubSfCommandUx(stubs);
  try {
    await AppCreate.run(['--target-org', alias, '--contact-email', 'admin@example.com', ...extraArgs]);
  } finally {
    stubs.restore();
    process.exitCode = undefined;
  }
}

/**
 * For the enclosing `describe`: an emulator org holding the default app, started before its tests and restored after
 * them (`onAfter` runs first, e.g. to stop terminals). The returned object is filled in by the `before` hook.
 */
export function useEmulatorOrgWithDefaultApp(onAfter?: () => void): EmulatorOrg {
  const env = {} as EmulatorOrg;
  before(async () => {
    Object.assign(env, await useEmulatorOrg());
    await createDefaultApp(env.alias);
  });
  after(async () => {
    onAfter?.();
    await env.restore?.();
  });
  return env;
}
