import type { Connection } from '@salesforce/core';
import { SfError } from '@salesforce/core/sfError';
import { ComponentKind } from '../metadata/kinds.js';
import { DeployInterruptedError, pollDeploy, startDeploy } from '../org/deploy.js';
import { readDeployedApp } from '../org/read-app.js';
import { withPermissionSetIds } from '../org/permission-set-ids.js';
import { isTransientError, sleep } from '../org/retry.js';
import { DeployOutcome } from '../org/types.js';
import { AppSpec } from '../spec/app-spec.js';
import { Messages } from '@salesforce/core/messages';
import { Finding } from '../requirements/findings.js';
import { createError } from '../spec/errors.js';
import { sfCommand } from '../util/command-line.js';
import { explainFailures } from './failures.js';
import { AppPlan, PlanOptions, planApp } from './plan.js';
import { accessToRemove, alreadyGranted, refusedPermissionSetReference, regrantedFields, withoutGrantedAccess } from './regrant.js';
import { fieldOf, splitList } from '../metadata/components.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-dropzone', 'deploy-failures');

/** The printed command that checks the app in this org, runnable as printed. */
export function validateCommand(conn: Connection, name: string): string {
  return sfCommand(['dropzone', 'app', 'validate'], ['--name', name, '--target-org', conn.getUsername() ?? '']);
}

/** One failing requirement in an error message. */
export function findingLine(finding: Finding): string {
  return messages.getMessage('finding', [finding.id, finding.expected, finding.found]);
}

/** How long to look for the effect of a deploy request that failed in transit, before giving up. */
const LOST_DEPLOY_RECHECK_MS = [1000, 2000, 4000];

export type DeployPlanRequest = {
  readonly spec: AppSpec;
  readonly plan: AppPlan;
  readonly planOptions: PlanOptions;
  readonly kinds: readonly ComponentKind[];
  readonly checkOnly: boolean;
  /** The org takes permission set ids in the OAuth policy (it holds ids, or refused names): names are sent as ids. */
  readonly permissionSetsById?: boolean;
  /** The access the org already grants was left out of the plan (an org whose access lists add). */
  readonly regrantTrimmed?: boolean;
};

/**
 * A deploy request that failed in transit may still have reached the org. It is never re-sent: the org is read until
 * it shows the new app (the deploy went through) or the checks run out (it holds the old one, or the deploy is late).
 */
async function recoverLostDeploy(conn: Connection, request: DeployPlanRequest, cause: unknown): Promise<void> {
  for (const delay of LOST_DEPLOY_RECHECK_MS) {
    await sleep(delay);
    const current = await readDeployedApp(conn, request.spec.name).catch(() => undefined);
    if (current && planApp(request.spec, current.components, { ...request.planOptions, force: false }).kindsToDeploy.length === 0) return;
  }
  throw createError('DeployRequestLost', [(cause as Error).message ?? String(cause)], [validateCommand(conn, request.spec.name)], 1);
}

/**
 * Sends the plan's components in one deploy. Returns the deploy id, or undefined when the request failed in transit
 * but the org shows that it went through.
 */
export async function sendPlan(conn: Connection, request: DeployPlanRequest): Promise<string | undefined> {
  try {
    return await startDeploy(conn, {
      app: request.permissionSetsById ? await withPermissionSetIds(conn, request.plan.desired) : request.plan.desired,
      kinds: request.kinds,
      apiVersion: request.spec.apiVersion,
      checkOnly: request.checkOnly,
    });
  } catch (error) {
    if (request.checkOnly || !isTransientError(error)) throw error;
    await recoverLostDeploy(conn, request, error);
    return undefined;
  }
}

/** Turns a finished deploy that failed into the error users see: each component, the org's message, the fix. */
export function assertDeploySucceeded(outcome: DeployOutcome, checkOnly: boolean): void {
  if (outcome.success) return;
  const failures = explainFailures(outcome.componentFailures);
  const lines = failures.length
    ? failures.map((failure) =>
        messages.getMessage(failure.action ? 'failure-with-action' : 'failure', [failure.type, failure.fullName, failure.problem, failure.action ?? ''])
      )
    : [outcome.errorMessage ?? `status ${outcome.status}`];
  const error = createError(checkOnly ? 'CheckOnlyDeployFailed' : 'DeployFailed', [outcome.id, lines.join('\n  ')], [], 1);
  error.setData({ deployId: outcome.id, status: outcome.status, componentFailures: failures });
  throw error;
}

export type WaitOptions = {
  readonly waitMinutes: number;
  readonly onStatus?: (outcome: DeployOutcome) => void;
  /** Called as soon as the org accepted the deploy (or at once with a resumed one), so its id is shown before polling. */
  readonly onAccepted?: (deployId: string) => void;
  /** Aborted by SIGINT/SIGTERM: polling stops with DeployInterruptedError (a send in flight is awaited for its id). */
  readonly signal?: AbortSignal;
  readonly deployId?: string;
  /** Called before the plan is deployed again with only the access the org lacks (an org whose access lists add). */
  readonly onRegrantRefused?: (names: readonly string[]) => void;
  /** Called before the plan is deployed again with permission set ids, the org having refused their names. */
  readonly onPermissionSetNamesRefused?: (names: readonly string[]) => void;
};

/**
 * Sends the plan and waits for it (DeployTimeoutError when `waitMinutes` run out, DeployInterruptedError when `signal`
 * aborts); returns the deploy id, if any. An org whose access lists add to the app's grants refuses a policy that names
 * a profile the app already has: the deploy is rolled back, and the plan goes again naming only what the org lacks.
 */
export async function deployPlanAndWait(conn: Connection, request: DeployPlanRequest & WaitOptions): Promise<string | undefined> {
  try {
    return await deployOnceAndWait(conn, request);
  } catch (error) {
    const regranted = regrantedFields(error);
    if (regranted.length > 0 && !request.regrantTrimmed) {
      const org = (await readDeployedApp(conn, request.spec.name))?.components;
      const toRemove = accessToRemove(request.plan, org, regranted);
      if (request.planOptions.replaceAccess && toRemove.length > 0) {
        const names = toRemove.flatMap((entry) => entry.names).join(', ');
        const refused = createError('AccessListsOnlyAdd', [request.spec.name, names], [names, request.spec.name], 1);
        refused.setData((error as SfError).data as Parameters<typeof refused.setData>[0]);
        throw refused;
      }
      request.onRegrantRefused?.(alreadyGranted(request.plan, org, regranted));
      const plan = withoutGrantedAccess(request.plan, org, regranted);
      return deployPlanAndWait(conn, { ...request, plan, regrantTrimmed: true, deployId: undefined });
    }
    const names = splitList(fieldOf(request.plan.desired.oauthPolicy, 'commaSeparatedPermissionSet'));
    // The names were checked against the org's permission sets before: refused, they must be wanted as ids.
    if (!request.permissionSetsById && names.length > 0 && refusedPermissionSetReference(error)) {
      request.onPermissionSetNamesRefused?.(names);
      return deployPlanAndWait(conn, { ...request, permissionSetsById: true, deployId: undefined });
    }
    throw error;
  }
}

async function deployOnceAndWait(conn: Connection, request: DeployPlanRequest & WaitOptions): Promise<string | undefined> {
  const deployId = request.deployId ?? (await sendPlan(conn, request));
  if (!deployId) return undefined;
  request.onAccepted?.(deployId);
  if (request.signal?.aborted) throw new DeployInterruptedError(deployId);
  const outcome = await pollDeploy(conn, deployId, {
    timeoutMs: request.waitMinutes * 60_000,
    onStatus: request.onStatus,
    signal: request.signal,
  });
  assertDeploySucceeded(outcome, request.checkOnly);
  return deployId;
}

/** The org's answer when a satellite arrives in the same deploy as its new app and the org wants the app first. */
const MISSING_PARENT = /no ExternalClientApplication (named|with the name) (\S+) (found|exists)|ExternalClientApplication (\S+) (was not found|does not exist)/i;

/**
 * True when a failed deploy refused only satellites, because their (new) app was not there yet; a refusal of the
 * policy's permission set names may come with it, which the satellites' own deploy then recovers from.
 */
export function refusedForNewParent(error: unknown, appName: string): boolean {
  const failures = (error as { data?: { componentFailures?: ReadonlyArray<{ type: string; problem: string }> } }).data?.componentFailures;
  if (!failures || failures.length === 0) return false;
  const missingParent = (failure: { type: string; problem: string }): boolean => {
    const match = MISSING_PARENT.exec(failure.problem);
    return failure.type !== 'ExternalClientApplication' && match !== null && (match[2] ?? match[4]) === appName;
  };
  const permissionSetReference = (failure: { type: string; problem: string }): boolean =>
    refusedPermissionSetReference({ data: { componentFailures: [failure] } });
  return failures.some(missingParent) && failures.every((failure) => missingParent(failure) || permissionSetReference(failure));
}

/**
 * The app header alone, then its satellites (check-only: the header alone). Each deploy is atomic; when the second one fails the org holds the bare
 * header, which a re-run of create completes (the app is found, its satellites deployed).
 */
export async function deployParentFirst(
  conn: Connection,
  request: DeployPlanRequest,
  wait: WaitOptions
): Promise<string | undefined> {
  const header = await deployPlanAndWait(conn, { ...request, ...wait, kinds: request.kinds.filter((kind) => kind === 'ExternalClientApplication') });
  // A check-only run cannot check satellites against an app that will not exist: the header's check is all there is.
  if (request.checkOnly) return header;
  const satellites = request.kinds.filter((kind) => kind !== 'ExternalClientApplication');
  try {
    return await deployPlanAndWait(conn, { ...request, ...wait, kinds: satellites });
  } catch (error) {
    const partial = createError('SatellitesFailedAfterParent', [request.spec.name, (error as Error).message], [request.spec.name], 1);
    if (error instanceof SfError && error.data !== undefined) partial.setData(error.data as Parameters<typeof partial.setData>[0]);
    throw partial;
  }
}
