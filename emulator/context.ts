import { FaultController } from './faults.js';
import { Jobs } from './jobs.js';
import { AccessTokenRec, OrgState } from './state.js';

export type DeviceCodeRec = {
  deviceCode: string;
  userCode: string;
  clientId: string;
  appName: string;
  scopes: string[];
  createdAt: number;
  lastPollAt?: number;
  status: 'pending' | 'approved' | 'denied' | 'consumed';
  userId?: string;
};

/** What every route handler can reach. */
export type Ctx = {
  state: OrgState;
  jobs: Jobs;
  faults: FaultController;
  instanceUrl: () => string;
  cliClientId: string;
  deviceCodes: Map<string, DeviceCodeRec>;
  /** When on, sessions issued from now on (and the current one) are JWT-based tokens. */
  jwtSessions: { on: boolean };
};

/** The valid session a token names, or undefined (expired, revoked or unknown). */
export function session(ctx: Ctx, token: string | undefined): AccessTokenRec | undefined {
  if (!token) return undefined;
  const rec = ctx.state.accessToken(token);
  return rec?.valid ? rec : undefined;
}

export function isJwtSession(ctx: Ctx, rec: AccessTokenRec): boolean {
  return rec.jwt || ctx.jwtSessions.on;
}
