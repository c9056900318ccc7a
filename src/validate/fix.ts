import type { Connection } from '@salesforce/core';
import { deployPlanAndWait } from '../create/deploy-plan.js';
import { planApp } from '../create/plan.js';
import { AppComponents, fieldOf, splitList } from '../metadata/components.js';
import { ComponentKind } from '../metadata/kinds.js';
import { DeployOutcomeUnknownError, DeployTimeoutError, errorMessageOf } from '../org/deploy.js';
import { DeployOutcome } from '../org/types.js';
import { driftedKinds } from '../requirements/engine.js';
import { Finding } from '../requirements/findings.js';
import { AppSpec, DEFAULT_PROFILE } from '../spec/app-spec.js';
import { InputError, buildAppSpec } from '../spec/validate-input.js';
import { validateError } from './errors.js';
import { createCommand, runningUserEmail } from '../org/admin-email.js';
import { Expectation } from './expectation.js';

export type FixRequest = {
  readonly name: string;
  readonly app: AppComponents;
  readonly findings: readonly Finding[];
  readonly expectation: Expectation;
  /** Profile of the user who will authorize the connector: pre-authorized when the app names none at all. */
  readonly authorizingProfile?: string;
  readonly apiVersion: string;
  readonly waitMinutes: number;
  readonly onStatus?: (outcome: DeployOutcome) => void;
  readonly onAccepted?: (deployId: string) => void;
  /** Aborted by SIGINT/SIGTERM: waiting stops with DeployInterruptedError; the deploy goes on in the org. */
  readonly signal?: AbortSignal;
};

/** `deployId` is absent when the deploy request failed in transit but the org shows that it went through. */
export type FixResult = { readonly deployId?: string; readonly redeployed: readonly ComponentKind[] };

/**
 * The intent `create` would deploy, taken from what validate expected and, where validate expects nothing, from the
 * app as it is: its contact email and label, its pre-authorized profiles and permission sets (create's plan adds to
 * them, never removes).
 */
export function fixSpec(request: Omit<FixRequest, 'onStatus' | 'onAccepted' | 'signal' | 'waitMinutes' | 'findings'>): AppSpec {
  const { context, orgType } = request.expectation;
  const policy = request.app.oauthPolicy;
  const profiles = context.profiles.length > 0 ? context.profiles : splitList(fieldOf(policy, 'commaSeparatedProfile'));
  const permissionSets = context.permissionSets.length > 0 ? context.permissionSets : splitList(fieldOf(policy, 'commaSeparatedPermissionSet'));
  const noAccess = profiles.length === 0 && permissionSets.length === 0;
  return buildAppSpec({
    name: request.name,
    label: String(fieldOf(request.app.header, 'label') ?? request.name),
    contactEmail: String(fieldOf(request.app.header, 'contactEmail') ?? ''),
    orgType,
    callbackUrl: context.callbackUrl,
    profiles: noAccess ? [request.authorizingProfile ?? DEFAULT_PROFILE] : profiles,
    permissionSets,
    sessionTimeoutMinutes: context.sessionTimeoutMinutes,
    apiVersion: request.apiVersion,
  });
}

/** The fix's intent; an app whose contact email is not an address gets the `create` command that gives it one. */
async function fixSpecOrExplain(conn: Connection, request: FixRequest): Promise<AppSpec> {
  try {
    return fixSpec(request);
  } catch (error) {
    // Only the contact email can be wrong here: everything else was checked as a flag or comes from the org.
    if (!(error instanceof InputError)) throw error;
    const command = createCommand(conn, request.name, await runningUserEmail(conn));
    throw validateError('FixNeedsContactEmail', 'badInput', [request.name], [command]);
  }
}

/**
 * Redeploys the components that hold a failing or warning row, merged the way `create` merges them (the app's real
 * component names, unknown elements and extra access kept; consumer key and secret never sent), in one
 * rollbackOnError deploy. Returns undefined when no component row is off.
 */
export async function fixApp(conn: Connection, request: FixRequest): Promise<FixResult | undefined> {
  const kinds = driftedKinds(request.findings);
  if (kinds.length === 0) return undefined;
  const spec = await fixSpecOrExplain(conn, request);
  const planOptions = { replaceAccess: false, force: false, explicitHeaderFields: new Set<'label' | 'description'>() };
  const plan = planApp(spec, request.app, planOptions);
  let deployId: string | undefined;
  try {
    deployId = await deployPlanAndWait(conn, {
      spec,
      plan,
      planOptions,
      kinds,
      checkOnly: false,
      waitMinutes: request.waitMinutes,
      onStatus: request.onStatus,
      onAccepted: request.onAccepted,
      signal: request.signal,
    });
  } catch (error) {
    if (error instanceof DeployTimeoutError) {
      throw validateError('FixTimedOut', 'error', [error.deployId, String(request.waitMinutes), error.lastStatus]);
    }
    if (error instanceof DeployOutcomeUnknownError) {
      throw validateError('FixOutcomeUnknown', 'error', [error.deployId, errorMessageOf(error.lastError), String(request.waitMinutes)]);
    }
    throw error;
  }
  return { deployId, redeployed: kinds };
}
