import type { Connection } from '@salesforce/core';
import { AppComponents, fieldOf, splitList } from '../metadata/components.js';
import { GeneratedFile, writeApp } from '../generate/generate-app.js';
import { contextOf } from '../generate/build.js';
import { evaluate } from '../requirements/engine.js';
import { Finding, summarize } from '../requirements/findings.js';
import { DeployTimeoutError, InterruptedAfterDeployError } from '../org/deploy.js';
import { readDeployedApp } from '../org/read-app.js';
import { DeployOutcome, OrgFactsSnapshot } from '../org/types.js';
import { AppSpec } from '../spec/app-spec.js';
import { createError } from '../spec/errors.js';
import { AppFlagValues } from '../spec/from-flags.js';
import { InterruptedError, throwIfInterrupted, unlessInterrupted } from '../util/interrupt.js';
import { deployPlanAndWait, findingLine, sendPlan } from './deploy-plan.js';
import { AppPlan, PlanOptions, PlannedComponent, planApp } from './plan.js';
import { runPreflight } from './preflight.js';

export type Stage = 'Preflight' | 'Deploy' | 'Verify' | 'Credentials';
export type StageState = 'start' | 'done' | 'skipped' | 'failed' | 'interrupted';

/** What a stage reports beside its state; the UX layer words it (messages/stages.md). */
export type StageDetail =
  | { readonly kind: 'app-new' | 'app-found'; readonly name: string }
  | { readonly kind: 'deploying'; readonly kinds: readonly string[] }
  | { readonly kind: 'deploy-started' | 'deploy-done'; readonly deployId: string }
  | { readonly kind: 'deploy-confirmed-by-read-back' | 'up-to-date' }
  | { readonly kind: 'verified'; readonly passed: number; readonly warnings: number };

/** How the run reports progress; the command turns it into spinner or plain lines. */
export type CreateProgress = {
  stage(stage: Stage, state: StageState, detail?: StageDetail): void;
  deployStatus(outcome: DeployOutcome): void;
  /** The org accepted the deploy: its id, shown before any polling so that an interrupted run can be resumed. */
  deployAccepted(deployId: string): void;
};


export type CreateOptions = {
  readonly flags: AppFlagValues & { name: string };
  readonly explicitHeaderFields: ReadonlySet<'label' | 'description'>;
  readonly waitMinutes: number;
  readonly async: boolean;
  readonly dryRun: boolean;
  readonly force: boolean;
  readonly replaceAccess: boolean;
  /** Resume a deploy started with --async instead of starting one. */
  readonly resumeDeployId?: string;
  readonly outputDir?: string;
  readonly progress: CreateProgress;
  /** Aborted by SIGINT/SIGTERM: the run stops with an InterruptedError saying how far it got. */
  readonly signal?: AbortSignal;
};

export type CreateStatus = 'created' | 'updated' | 'up-to-date' | 'validated' | 'deploying';

export type CreateOutcome = {
  readonly status: CreateStatus;
  readonly spec: AppSpec;
  readonly facts: OrgFactsSnapshot;
  readonly components: readonly PlannedComponent[];
  readonly deployId?: string;
  /** Profiles and permission sets pre-authorized once the run is done (as read back from the org). */
  readonly preAuthorizedProfiles: readonly string[];
  readonly preAuthorizedPermissionSets: readonly string[];
  readonly consumerKey?: string;
  readonly findings: readonly Finding[];
  readonly files: readonly GeneratedFile[];
};

function planOptions(options: CreateOptions): PlanOptions {
  return { replaceAccess: options.replaceAccess, force: options.force, explicitHeaderFields: options.explicitHeaderFields };
}

async function deployAndWait(conn: Connection, spec: AppSpec, plan: AppPlan, options: CreateOptions): Promise<string | undefined> {
  const { progress } = options;
  progress.stage('Deploy', 'start', { kind: 'deploying', kinds: plan.kindsToDeploy });
  const request = { spec, plan, planOptions: planOptions(options), kinds: plan.kindsToDeploy, checkOnly: options.dryRun };
  try {
    if (options.async) {
      const deployId = await sendPlan(conn, request);
      progress.stage('Deploy', 'done', deployId ? { kind: 'deploy-started', deployId } : { kind: 'deploy-confirmed-by-read-back' });
      return deployId;
    }
    const deployId = await deployPlanAndWait(conn, {
      ...request,
      deployId: options.resumeDeployId,
      waitMinutes: options.waitMinutes,
      onStatus: (status) => progress.deployStatus(status),
      onAccepted: (id) => progress.deployAccepted(id),
      signal: options.signal,
    });
    progress.stage('Deploy', 'done', deployId ? { kind: 'deploy-done', deployId } : { kind: 'deploy-confirmed-by-read-back' });
    return deployId;
  } catch (error) {
    progress.stage('Deploy', error instanceof InterruptedError ? 'interrupted' : 'failed');
    if (error instanceof DeployTimeoutError) {
      const timeout = createError('DeployTimedOut', [error.deployId, String(options.waitMinutes), error.lastStatus], [error.deployId], 69);
      timeout.setData({ deployId: error.deployId });
      throw timeout;
    }
    throw error;
  }
}

function accessOf(app: AppComponents | undefined): { profiles: string[]; permissionSets: string[] } {
  return {
    profiles: splitList(fieldOf(app?.oauthPolicy, 'commaSeparatedProfile')),
    permissionSets: splitList(fieldOf(app?.oauthPolicy, 'commaSeparatedPermissionSet')),
  };
}

/** Runs create: preflight, plan, one atomic deploy of what changed, read back and verify, then the consumer key. */
export async function runCreate(conn: Connection, options: CreateOptions): Promise<CreateOutcome> {
  const { progress } = options;
  progress.stage('Preflight', 'start');
  const { spec, facts, existing } = await unlessInterrupted(runPreflight(conn, options.flags), options.signal).catch((error: unknown) => {
    progress.stage('Preflight', error instanceof InterruptedError ? 'interrupted' : 'failed');
    throw error;
  });
  const plan = planApp(spec, existing?.components, planOptions(options));
  progress.stage('Preflight', 'done', { kind: existing ? 'app-found' : 'app-new', name: spec.name });

  const files = options.outputDir ? await writeApp(plan.desired, options.outputDir) : [];
  const base = { spec, facts, components: plan.components, files };
  const nothingToDo = plan.kindsToDeploy.length === 0 && !options.resumeDeployId;

  if (nothingToDo) {
    progress.stage('Deploy', 'skipped', { kind: 'up-to-date' });
  } else {
    throwIfInterrupted(options.signal);
    const deployId = await deployAndWait(conn, spec, plan, options);
    if (options.async || options.dryRun) {
      const access = accessOf(options.dryRun ? plan.desired : existing?.components);
      return {
        ...base,
        status: options.async ? 'deploying' : 'validated',
        deployId,
        preAuthorizedProfiles: access.profiles,
        preAuthorizedPermissionSets: access.permissionSets,
        findings: options.dryRun ? evaluate(plan.desired, contextOf(spec)) : [],
      };
    }
    const verified = await unlessInterrupted(verify(conn, spec, options, existing === undefined ? 'created' : 'updated'), options.signal).catch(
      (error: unknown) => {
        if (!(error instanceof InterruptedError)) throw error;
        progress.stage('Verify', 'interrupted');
        throw new InterruptedAfterDeployError(deployId);
      }
    );
    return { ...base, ...verified, deployId };
  }
  // Nothing changed: the app read in preflight is the org's current state, so it is verified as it stands.
  progress.stage('Verify', 'start');
  return { ...base, ...verifyApp(existing!.components, spec, options, 'up-to-date') };
}

type Verified = Pick<CreateOutcome, 'status' | 'preAuthorizedProfiles' | 'preAuthorizedPermissionSets' | 'consumerKey' | 'findings'>;

async function verify(conn: Connection, spec: AppSpec, options: CreateOptions, status: CreateStatus): Promise<Verified> {
  options.progress.stage('Verify', 'start');
  const deployed = await readDeployedApp(conn, spec.name);
  if (!deployed) {
    options.progress.stage('Verify', 'failed');
    throw createError('AppMissingAfterDeploy', [spec.name], [], 1);
  }
  return verifyApp(deployed.components, spec, options, status);
}

function verifyApp(app: AppComponents, spec: AppSpec, options: CreateOptions, status: CreateStatus): Verified {
  const { progress } = options;
  const findings = evaluate(app, contextOf(spec));
  const summary = summarize(findings);
  const access = accessOf(app);
  if (!summary.compliant) {
    progress.stage('Verify', 'failed');
    const failing = findings.filter((finding) => finding.status === 'fail');
    const error = createError(
      'VerifyFailed',
      [spec.name, failing.map((finding) => findingLine(finding)).join('; ')],
      [],
      1
    );
    error.setData({ findings });
    throw error;
  }
  progress.stage('Verify', 'done', { kind: 'verified', passed: summary.passed, warnings: summary.warnings });
  progress.stage('Credentials', 'start');
  const consumerKey = fieldOf(app.globalOauth, 'consumerKey');
  progress.stage('Credentials', consumerKey === undefined ? 'skipped' : 'done');
  return {
    status,
    preAuthorizedProfiles: access.profiles,
    preAuthorizedPermissionSets: access.permissionSets,
    consumerKey: consumerKey === undefined ? undefined : String(consumerKey),
    findings,
  };
}
