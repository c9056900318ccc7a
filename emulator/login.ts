import { AuthInfo, ConfigAggregator, StateAggregator } from '@salesforce/core';
import type { Emulator } from './index.js';

export type SaveEmulatorAuthOptions = { emulator: Emulator; alias: string; homeDir?: string };

/**
 * Store an sf org alias for the emulator, with a refresh token and PlatformCLI client id so that @salesforce/core can
 * refresh an expired session against `<instanceUrl>/services/oauth2/token` by itself.
 */
export async function saveEmulatorAuth(opts: SaveEmulatorAuthOptions): Promise<AuthInfo> {
  const { emulator, alias, homeDir } = opts;
  const previousHome = process.env.HOME;
  if (homeDir) {
    process.env.HOME = homeDir;
    StateAggregator.clearInstance();
    await ConfigAggregator.clearInstance();
  }
  try {
    const auth = await AuthInfo.create({
      accessTokenOptions: { accessToken: emulator.accessToken, instanceUrl: emulator.instanceUrl, loginUrl: emulator.instanceUrl },
    });
    auth.update({ refreshToken: emulator.refreshToken, clientId: emulator.cliClientId });
    await auth.save();
    await auth.setAlias(alias);
    return auth;
  } finally {
    if (homeDir) {
      process.env.HOME = previousHome;
      StateAggregator.clearInstance();
      await ConfigAggregator.clearInstance();
    }
  }
}
