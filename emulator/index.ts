import { AddressInfo } from 'node:net';
import { Ctx, DeviceCodeRec } from './context.js';
import { FaultController } from './faults.js';
import { FixtureOverrides, OrgFixture, forInstance, resolveFixture } from './fixture.js';
import { Jobs } from './jobs.js';
import { decideDeviceCode } from './oauth.js';
import { RequestLogEntry, createEmulatorServer } from './server.js';
import { OrgState } from './state.js';

export type { OrgFixture, FixtureOverrides, FixtureSwitches, EcaSettings, UserPermission } from './fixture.js';
export type { FaultSpec, FaultKind, FaultMatch } from './faults.js';
export type { RequestLogEntry } from './server.js';
export { OrgState } from './state.js';
export { FaultController } from './faults.js';
export { defaultFixture } from './fixture.js';
export { MASKED_SECRET } from './render.js';

export type EmulatorOptions = {
  port?: number;
  sandbox?: boolean;
  stateFile?: string;
  fixture?: FixtureOverrides | Partial<OrgFixture>;
  latencyMs?: number;
  /** Time a deploy takes to finish (default 300 ms). */
  deployProcessingMs?: number;
  /** Time a retrieve takes to finish (default 0). */
  retrieveProcessingMs?: number;
  /** Another identity for this org (own org id and usernames), for several emulators in one sf HOME. */
  instance?: string;
};

export type Emulator = {
  instanceUrl: string;
  accessToken: string;
  refreshToken: string;
  username: string;
  userId: string;
  orgId: string;
  cliClientId: string;
  org: OrgState;
  faults: FaultController;
  requests: RequestLogEntry[];
  clearRequests(): void;
  approveDeviceCode(userCode: string, username?: string): void;
  denyDeviceCode(userCode: string): void;
  stop(): Promise<void>;
};

export const CLI_CLIENT_ID = 'PlatformCLI';

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const resolved = resolveFixture(options.fixture, options.sandbox);
  const fixture = options.instance ? forInstance(resolved, options.instance) : resolved;
  const state = new OrgState(fixture, options.stateFile);
  const jobs = new Jobs(state, options.deployProcessingMs ?? 300, options.retrieveProcessingMs ?? 0);
  const jwtSessions = { on: false };
  let instanceUrl = '';
  const faults = new FaultController({
    setLatency: () => undefined,
    setDeployProcessingMs: (ms) => {
      jobs.deployProcessingMs = ms;
    },
    expireSession: () => {
      for (const t of state.data.accessTokens) t.valid = false;
      state.save();
    },
    revokeRefreshToken: () => {
      for (const t of state.data.refreshTokens) t.valid = false;
      state.save();
    },
    deployNeverFinishes: (on) => {
      jobs.deployNeverFinishes = on;
    },
    jwtSession: (on) => {
      jwtSessions.on = on;
    },
  });
  if (options.latencyMs) faults.setLatency(options.latencyMs);
  const ctx: Ctx = {
    state,
    jobs,
    faults,
    instanceUrl: () => instanceUrl,
    cliClientId: CLI_CLIENT_ID,
    deviceCodes: new Map<string, DeviceCodeRec>(),
    jwtSessions,
  };
  const requests: RequestLogEntry[] = [];
  const handle = createEmulatorServer(ctx, faults, requests);
  await new Promise<void>((resolve, reject) => {
    handle.server.once('error', reject);
    handle.server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = handle.server.address() as AddressInfo;
  instanceUrl = `http://127.0.0.1:${port}`;

  const user = state.userByUsername(fixture.runningUser);
  if (!user) throw new Error(`fixture runningUser ${fixture.runningUser} is not a fixture user`);
  // Reuse a persisted session when the state file has one, so sf aliases survive restarts.
  const access =
    [...state.data.accessTokens].reverse().find((t) => t.valid && t.userId === user.id && t.clientId === CLI_CLIENT_ID) ??
    state.issueAccessToken(user.id, CLI_CLIENT_ID);
  const refresh =
    [...state.data.refreshTokens].reverse().find((t) => t.valid && t.userId === user.id && t.clientId === CLI_CLIENT_ID) ??
    state.issueRefreshToken({ userId: user.id, clientId: CLI_CLIENT_ID, scopes: ['web', 'api', 'refresh_token'], viaDeviceFlow: false });
  state.save();

  const requestsList = requests;
  return {
    instanceUrl,
    accessToken: access.token,
    refreshToken: refresh.token,
    username: user.username,
    userId: user.id,
    orgId: state.orgId,
    cliClientId: CLI_CLIENT_ID,
    org: state,
    faults,
    requests: requestsList,
    clearRequests: () => {
      requestsList.length = 0;
    },
    approveDeviceCode: (userCode, username) => decideDeviceCode(ctx, userCode, true, username),
    denyDeviceCode: (userCode) => decideDeviceCode(ctx, userCode, false),
    stop: async () => {
      jobs.stop();
      await handle.stop();
      state.save();
    },
  };
}
