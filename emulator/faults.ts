/**
 * `reset` drops the connection before the request is handled; `resetAfter` handles it (a deploy is accepted and runs)
 * and then drops the connection instead of answering: the client cannot tell whether the org acted.
 */
export type FaultKind = 'http503' | 'http500' | 'reset' | 'resetAfter' | 'stall';
export type FaultMatch = { method?: string; path?: RegExp | string; soapOperation?: string };
export type FaultSpec = { match: FaultMatch; nth?: number; times?: number; kind: FaultKind; stallMs?: number };
export type RequestInfo = { method: string; path: string; soapOperation?: string };

type ArmedFault = FaultSpec & { seen: number; fired: number };

/** Hooks the server consults; the public methods are what tests call through `emulator.faults`. */
export type FaultHooks = {
  setLatency(ms: number): void;
  setDeployProcessingMs(ms: number): void;
  expireSession(): void;
  revokeRefreshToken(): void;
  deployNeverFinishes(on: boolean): void;
  jwtSession(on: boolean): void;
};

export class FaultController {
  public latencyMs = 0;
  private armed: ArmedFault[] = [];

  public constructor(private readonly hooks: FaultHooks) {}

  public setLatency(ms: number): void {
    this.latencyMs = ms;
    this.hooks.setLatency(ms);
  }

  public setDeployProcessingMs(ms: number): void {
    this.hooks.setDeployProcessingMs(ms);
  }

  /** Fail the nth matching request (1-based), `times` times in a row (default once). */
  public inject(spec: FaultSpec): void {
    this.armed.push({ ...spec, seen: 0, fired: 0 });
  }

  public clear(): void {
    this.armed = [];
  }

  /** The current access token stops working until a refresh grant issues a new one. */
  public expireSession(): void {
    this.hooks.expireSession();
  }

  /** Every refresh token stops working (`invalid_grant`). */
  public revokeRefreshToken(): void {
    this.hooks.revokeRefreshToken();
  }

  public deployNeverFinishes(on = true): void {
    this.hooks.deployNeverFinishes(on);
  }

  /** Sessions become JWT-based access tokens: SOAP refuses them. */
  public jwtSession(on = true): void {
    this.hooks.jwtSession(on);
  }

  /** The fault to apply to this request, if one is due. */
  public take(req: RequestInfo): ArmedFault | undefined {
    for (const f of this.armed) {
      if (!matches(f.match, req)) continue;
      f.seen += 1;
      const nth = f.nth ?? 1;
      const times = f.times ?? 1;
      if (f.seen >= nth && f.fired < times) {
        f.fired += 1;
        return f;
      }
    }
    return undefined;
  }
}

function matches(m: FaultMatch, req: RequestInfo): boolean {
  if (m.method && m.method.toUpperCase() !== req.method.toUpperCase()) return false;
  if (m.soapOperation && m.soapOperation !== req.soapOperation) return false;
  if (m.path !== undefined) {
    if (typeof m.path === 'string' ? !req.path.includes(m.path) : !m.path.test(req.path)) return false;
  }
  return true;
}
