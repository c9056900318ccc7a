import type { Connection } from '@salesforce/core';
import { Component, componentsOf } from '../metadata/components.js';
import { deployZip } from './package-zip.js';
import { InterruptedError, unlessInterrupted } from '../util/interrupt.js';
import { isTransientError, sleep } from './retry.js';
import { RequestTimeoutError, bounded, requestTimeoutMs } from './timeout.js';
import { DeployComponentFailure, DeployOutcome, DeployRequest } from './types.js';

/**
 * Waits between deploy status polls. Five small components usually deploy in about a second, counted from when the
 * org accepted the deploy (before its answer reached us), so one poll a second after the answer usually finds it done;
 * an earlier poll would only add a request and, landing just before the end, leave a longer wait for the next one.
 * Then the waits back off to a cap of 3 s.
 */
export const DEPLOY_POLL_DELAYS_MS = [1000, 500, 1000, 2000, 3000];

/** Waits between polls while the org does not answer them: backing off to the same 3 s cap, for as long as the deadline allows. */
export const OUTAGE_POLL_DELAYS_MS = [250, 500, 1000, 2000, 3000];

export class DeployTimeoutError extends Error {
  public constructor(public readonly deployId: string, public readonly lastStatus: string) {
    super(`Deploy ${deployId} is still ${lastStatus}.`);
    this.name = 'DeployTimeoutError';
  }
}

/** Polling stopped by SIGINT or SIGTERM; the deploy goes on in the org. */
export class DeployInterruptedError extends InterruptedError {
  public constructor(public readonly deployId: string) {
    super();
    this.name = 'DeployInterruptedError';
  }
}

/** Interrupted once the deploy had finished, before the app was read back and checked. */
export class InterruptedAfterDeployError extends InterruptedError {
  public constructor(public readonly deployId?: string) {
    super();
    this.name = 'InterruptedAfterDeployError';
  }
}

/** The deadline ran out while the org did not answer the status polls: the deploy was accepted, its outcome unknown. */
export class DeployOutcomeUnknownError extends Error {
  public constructor(public readonly deployId: string, public readonly lastStatus: string, public readonly lastError: unknown) {
    super(`Deploy ${deployId} was accepted; its status could not be read (${errorMessageOf(lastError)}).`);
    this.name = 'DeployOutcomeUnknownError';
  }
}

export function errorMessageOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0].trim() : String(error);
}

type RawDeployMessage = {
  componentType?: string;
  fullName?: string;
  fileName?: string;
  problem?: string;
  problemType?: string;
  created?: boolean | string;
  changed?: boolean | string;
  success?: boolean | string;
};

type RawDeployResult = {
  id: string;
  status: string;
  success: boolean | string;
  done: boolean | string;
  checkOnly?: boolean | string;
  errorMessage?: string;
  details?: { componentSuccesses?: RawDeployMessage | RawDeployMessage[]; componentFailures?: RawDeployMessage | RawDeployMessage[] };
};

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const isTrue = (value: unknown): boolean => value === true || value === 'true';

export function toDeployOutcome(raw: RawDeployResult): DeployOutcome {
  const failures: DeployComponentFailure[] = asArray(raw.details?.componentFailures).map((failure) => ({
    type: failure.componentType ?? '',
    fullName: failure.fullName ?? '',
    fileName: failure.fileName,
    problem: failure.problem ?? 'no problem text',
    problemType: failure.problemType,
  }));
  return {
    id: raw.id,
    status: raw.status as DeployOutcome['status'],
    success: isTrue(raw.success),
    done: isTrue(raw.done),
    checkOnly: isTrue(raw.checkOnly),
    componentSuccesses: asArray(raw.details?.componentSuccesses)
      .filter((success) => success.componentType && success.fullName !== 'package.xml')
      .map((success) => ({
        type: success.componentType ?? '',
        fullName: success.fullName ?? '',
        created: isTrue(success.created),
        changed: isTrue(success.changed),
      })),
    componentFailures: failures,
    errorMessage: raw.errorMessage,
  };
}

export function componentsToDeploy(request: DeployRequest): Component[] {
  return componentsOf(request.app).filter((component) => request.kinds.includes(component.kind));
}

/**
 * Sends the deploy: one Metadata API deploy of all the changed components with rollbackOnError, so the org never
 * holds a half-configured app. Never retried: a request that fails in transit may still have been accepted.
 */
export async function startDeploy(conn: Connection, request: DeployRequest): Promise<string> {
  const zip = await deployZip(componentsToDeploy(request), request.apiVersion);
  return bounded(async () => {
    const result = await conn.metadata.deploy(zip, {
      rollbackOnError: true,
      singlePackage: true,
      checkOnly: request.checkOnly,
      ignoreWarnings: false,
      purgeOnDelete: false,
    });
    return result.id;
  });
}

/** One status poll, bounded in time (never longer than the request timeout). */
export async function checkDeploy(conn: Connection, deployId: string, timeoutMs = requestTimeoutMs()): Promise<DeployOutcome> {
  const raw = await bounded(() => conn.metadata.checkDeployStatus(deployId, true), Math.min(timeoutMs, requestTimeoutMs()));
  return toDeployOutcome(raw as unknown as RawDeployResult);
}

/**
 * Polls until the deploy is done or `timeoutMs` passes, a wall-clock deadline that also cuts a poll in flight, or
 * `signal` aborts (then DeployInterruptedError at once, without waiting for the poll in flight). Polls the org does
 * not answer (timeouts, resets, 5xx) are retried with back-off until the deadline: the deploy was accepted and goes
 * on. At the deadline: DeployTimeoutError when the last poll said the deploy is still running,
 * DeployOutcomeUnknownError when the org stopped answering.
 */
export async function pollDeploy(
  conn: Connection,
  deployId: string,
  options: { timeoutMs: number; onStatus?: (outcome: DeployOutcome) => void; delaysMs?: readonly number[]; signal?: AbortSignal }
): Promise<DeployOutcome> {
  try {
    return await unlessInterrupted(pollUntilDone(conn, deployId, options), options.signal);
  } catch (error) {
    if (error instanceof InterruptedError) throw new DeployInterruptedError(deployId);
    throw error;
  }
}

async function pollUntilDone(
  conn: Connection,
  deployId: string,
  options: { timeoutMs: number; onStatus?: (outcome: DeployOutcome) => void; delaysMs?: readonly number[]; signal?: AbortSignal }
): Promise<DeployOutcome> {
  const delays = options.delaysMs ?? DEPLOY_POLL_DELAYS_MS;
  const deadline = Date.now() + options.timeoutMs;
  let last = 'Queued';
  let unanswered: unknown;
  let failures = 0;
  for (let attempt = 0; ; attempt++) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw unanswered === undefined ? new DeployTimeoutError(deployId, last) : new DeployOutcomeUnknownError(deployId, last, unanswered);
    }
    const delay = failures > 0 ? OUTAGE_POLL_DELAYS_MS[Math.min(failures - 1, OUTAGE_POLL_DELAYS_MS.length - 1)] : delays[Math.min(attempt, delays.length - 1)];
    await sleep(Math.min(delay, remaining));
    if (options.signal?.aborted) throw new InterruptedError();
    const left = deadline - Date.now();
    if (left <= 0) continue;
    let outcome: DeployOutcome;
    try {
      outcome = await checkDeploy(conn, deployId, left);
    } catch (error) {
      if (!isTransientError(error)) throw error;
      // A poll cut short by the deadline says nothing about the org: the last answer stands.
      if (error instanceof RequestTimeoutError && left < requestTimeoutMs()) continue;
      unanswered = error;
      failures += 1;
      continue;
    }
    if (options.signal?.aborted) throw new InterruptedError();
    unanswered = undefined;
    failures = 0;
    options.onStatus?.(outcome);
    if (outcome.done) return outcome;
    last = outcome.status;
  }
}
