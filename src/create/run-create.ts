import type { Connection } from '@salesforce/core';
import { AppComponents, fieldOf, splitList } from '../metadata/components.js';
import { GeneratedFile, assertFolderOrAbsent, writeApp } from '../generate/generate-app.js';
import { contextOf } from '../generate/build.js';
import { OrgFacts, evaluate, evaluateUserAccess } from '../requirements/engine.js';
import { Finding, summarize } from '../requirements/findings.js';
import {
  DeployInterruptedError,
  DeployOutcomeUnknownError,
  DeployTimeoutError,
  InterruptedAfterDeployError,
  errorMessageOf,
} from '../org/deploy.js';
import { readDeployedApp } from '../org/read-app.js';
import { withPermissionSetIds } from '../org/permission-set-ids.js';
import { DeployedApp, DeployOutcome, OrgFactsSnapshot } from '../org/types.js';
import { readUserAccess, withOrgContext } from '../org/user-access.js';
import { AppSpec } from '../spec/app-spec.js';
import { createError } from '../spec/errors.js';
import { AppFlagValues } from '../spec/from-flags.js';
import { InterruptedError, throwIfInterrupted, unlessInterrupted } from '../util/interrupt.js';
import {
  DeployPlanRequest,
  WaitOptions,
  deployParentFirst,
  deployPlanAndWait,
  findingLine,
  refusedForNewParent,
  sendPlan,
  validateCommand,
} from './deploy-plan.js';
import { AppPlan, PlanOptions, PlannedComponent, planApp } from './plan.js';
import { Preflight, authorizingProfileOf, resolveFlags, runPreflight } from './preflight.js';
import { CREATE_EXIT } from '../report/exit-codes.js';
import { specFromFlags } from '../spec/from-flags.js';

export { CREATE_EXIT };

export type Stage = 'Preflight' | 'Deploy' | 'Verify' | 'Credentials';
export type StageState = 'start' | 'done' | 'skipped' | 'failed' | 'interrupted';

/** What a stage reports beside its state; the UX layer words it (messages/stages.md). */
export type StageDetail =
  | { readonly kind: 'app-new' | 'app-found'; readonly name: string }
  | { readonly kind: 'deploying'; readonly kinds: readonly string[] }
  | { readonly kind: 'deploy-started' | 'deploy-done'; readonly deployId: string }
  | { readonly kind: 'deploy-confirmed-by-read-back' | 'up-to-date' }
  | { readonly kind: 'parent-first' | 'parent-first-check' | 'async-parent-first'; readonly name: string }
  | { readonly kind: 'regrant-refused' | 'permission-set-ids'; readonly names: readonly string[] }
  | { readonly kind: 'verified'; readonly passed: number; readonly warnings: number };

/** How the run reports progress; the command turns it into spinner or plain lines. */
export type CreateProgress = {
  stage(stage: Stage, state: StageState, detail?: StageDetail): void;
  deployStatus(outcome: DeployOutcome): void;
  /** The org accepted the deploy: its id, shown before any polling so that an interrupted run can be resumed. */
  deployAccepted(deployId: string): void;
  /** A row that will not hold once the deploy is done (the authorizing user not pre-authorized), said before it. */
  foreseen?(finding: Finding): void;
};


export type CreateOptions = {
  readonly flags: AppFlagValues & { name: string };
  readonly explicitHeaderFields: ReadonlySet<'label' | 'description'>;
  readonly waitMinutes: number;
  readonly async: boolean;
  readonly dryRun: boolean;
  readonly force: boolean;
  readonly replaceAccess: boolean;
  /** Bring recommended rows to their value on an existing app too (otherwise they are reported as warnings). */
  readonly enforceRecommended?: boolean;
  /** Resume a deploy started with --async instead of starting one. */
  readonly resumeDeployId?: string;
  readonly outputDir?: string;
  /** The user who will authorize the connector (default: the target org's user); their rows join the Verify stage. */
  readonly authorizingUsername?: string;
  readonly progress: CreateProgress;
  /** Aborted by SIGINT/SIGTERM: the run stops with an InterruptedError saying how far it got. */
  readonly signal?: AbortSignal;
  /** The command line that waits for a deploy this run leaves running, as the user should type it. */
  readonly resumeCommand: (deployId: string) => string;
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
  /** Rows found failing before the deploy, from the plan (the same rows Verify reports afterwards). */
  readonly foreseen: readonly Finding[];
  readonly files: readonly GeneratedFile[];
};

function planOptions(options: CreateOptions): PlanOptions {
  return {
    replaceAccess: options.replaceAccess,
    force: options.force,
    explicitHeaderFields: options.explicitHeaderFields,
    enforceRecommended: options.enforceRecommended,
  };
}

/** The org as `validate` sees it: the same authorizing user (named, else the running user) and the same settings. */
function orgFactsOf(facts: Preflight['facts'], settings: DeployedApp['settings'] | undefined, authorizingUsername?: string): OrgFacts {
  const user = facts.authorizingUser ?? (authorizingUsername === undefined ? facts.runningUser : undefined);
  return {
    authorizingUser: user && { username: user.username, profileName: user.profileName, permissionSets: [...user.permissionSets] },
    settings: settings ?? {},
    userPermissions: facts.userPermissions,
  };
}

/** Org rows that will not hold on the app as planned: said before the deploy, with their action. */
function foresee(plan: AppPlan, spec: AppSpec, facts: OrgFacts): Finding[] {
  return evaluate(plan.desired, contextOf(spec), facts).filter(
    (finding) => finding.id === 'authorizing-user-pre-authorized' && finding.status !== 'pass'
  );
}

async function deployAndWait(
  conn: Connection,
  spec: AppSpec,
  plan: AppPlan,
  options: CreateOptions,
  org: { readonly isNew: boolean; readonly permissionSetsById?: boolean }
): Promise<string | undefined> {
  const { progress } = options;
  const isNew = org.isNew;
  progress.stage('Deploy', 'start', { kind: 'deploying', kinds: plan.kindsToDeploy });
  const request = { spec, plan, planOptions: planOptions(options), kinds: plan.kindsToDeploy, checkOnly: options.dryRun, permissionSetsById: org.permissionSetsById };
  const wait = {
    waitMinutes: options.waitMinutes,
    onStatus: (status: DeployOutcome): void => progress.deployStatus(status),
    onAccepted: (id: string): void => progress.deployAccepted(id),
    onRegrantRefused: (names: readonly string[]): void => progress.stage('Deploy', 'start', { kind: 'regrant-refused', names }),
    onPermissionSetNamesRefused: (names: readonly string[]): void => progress.stage('Deploy', 'start', { kind: 'permission-set-ids', names }),
    signal: options.signal,
  };
  try {
    if (options.async) return await startAsync(conn, request, wait, options, isNew);
    const deployId = await deployPlanAndWait(conn, { ...request, ...wait, deployId: options.resumeDeployId }).catch(async (error: unknown) => {
      // Some orgs refuse a new app's satellites in the same deploy as the app: deploy the app, then the rest.
      // A resumed --async deploy that the org refused this way is finished the same way.
      if (!isNew || !refusedForNewParent(error, spec.name)) throw error;
      progress.stage('Deploy', 'start', { kind: options.dryRun ? 'parent-first-check' : 'parent-first', name: spec.name });
      return deployParentFirst(conn, request, wait);
    });
    progress.stage('Deploy', 'done', deployId ? { kind: 'deploy-done', deployId } : { kind: 'deploy-confirmed-by-read-back' });
    return deployId;
  } catch (error) {
    progress.stage('Deploy', error instanceof InterruptedError ? 'interrupted' : 'failed');
    if (error instanceof DeployTimeoutError) {
      const resume = options.resumeCommand(error.deployId);
      const timeout = createError('DeployTimedOut', [error.deployId, String(options.waitMinutes), error.lastStatus], [resume], CREATE_EXIT.deadline);
      timeout.setData({ deployId: error.deployId, resumeCommand: resume });
      throw timeout;
    }
    if (error instanceof DeployOutcomeUnknownError) {
      const resume = options.resumeCommand(error.deployId);
      const unknown = createError(
        'DeployOutcomeUnknown',
        [error.deployId, errorMessageOf(error.lastError), String(options.waitMinutes)],
        [resume],
        CREATE_EXIT.outcomeUnknown
      );
      unknown.setData({ deployId: error.deployId, resumeCommand: resume });
      throw unknown;
    }
    throw error;
  }
}

/**
 * Starts the deploy that --async leaves running. A new app's header is deployed first, waited for (one small deploy):
 * some orgs refuse satellites in the same deploy as their new app, and so the deploy left running (the satellites)
 * completes the app in every org, whether or not --resume is ever run.
 */
async function startAsync(conn: Connection, request: DeployPlanRequest, wait: WaitOptions, options: CreateOptions, isNew: boolean): Promise<string | undefined> {
  const { progress } = options;
  const satellites = request.kinds.filter((kind) => kind !== 'ExternalClientApplication');
  let left = request;
  if (isNew && satellites.length < request.kinds.length && satellites.length > 0) {
    progress.stage('Deploy', 'start', { kind: 'async-parent-first', name: request.spec.name });
    await deployPlanAndWait(conn, { ...request, ...wait, kinds: ['ExternalClientApplication'] });
    left = { ...request, kinds: satellites };
  }
  const deployId = await sendPlan(conn, left);
  progress.stage('Deploy', 'done', deployId ? { kind: 'deploy-started', deployId } : { kind: 'deploy-confirmed-by-read-back' });
  return deployId;
}

function accessOf(app: AppComponents | undefined): { profiles: string[]; permissionSets: string[] } {
  return {
    profiles: splitList(fieldOf(app?.oauthPolicy, 'commaSeparatedProfile')),
    permissionSets: splitList(fieldOf(app?.oauthPolicy, 'commaSeparatedPermissionSet')),
  };
}

/**
 * How many deploys one run may send to get its changes into the org: the first, then one re-merge from a fresh read
 * per time another run's deploy landed over ours (see verifyDeployed).
 */
export const MAX_DEPLOYS_PER_RUN = 3;

/** Runs create: preflight, plan, one atomic deploy of what changed, read back and verify, then the consumer key. */
export async function runCreate(conn: Connection, options: CreateOptions): Promise<CreateOutcome> {
  const { progress } = options;
  // Flag errors come before any stage line: the values first (no org needed), then the names the org must know and
  // the authorizing user, read together (one composite request and one query) before Preflight starts.
  specFromFlags(options.flags);
  if (options.outputDir) await assertFolderOrAbsent(options.outputDir);
  const accessRead = options.async ? undefined : readUserAccess(conn, options.authorizingUsername ?? conn.getUsername() ?? '');
  accessRead?.catch(() => undefined);
  const resolved = await unlessInterrupted(resolveFlags(conn, options.flags, options.authorizingUsername), options.signal);
  const access = accessRead && (await unlessInterrupted(accessRead, options.signal));
  if (options.authorizingUsername !== undefined && access?.found === false) {
    throw createError('AuthorizingUserNotFound', [resolved.facts.runningUser.username, options.authorizingUsername], [], 2);
  }
  progress.stage('Preflight', 'start');
  const { spec, facts, existing } = await unlessInterrupted(runPreflight(conn, resolved), options.signal).catch((error: unknown) => {
    progress.stage('Preflight', error instanceof InterruptedError ? 'interrupted' : 'failed');
    throw error;
  });
  // The app's rows decide Verify (a failing one means the deploy did not take); the user's rows are reported beside
  // them: the app is in place, but the command exits non-zero when the user cannot run the connector.
  // The user's login hours come with the app's retrieve (preflight's, or Verify's read-back).
  const userRows = (read: Pick<DeployedApp, 'profileLoginHours'> | undefined): Finding[] =>
    access?.found ? evaluateUserAccess(withOrgContext(access, facts, read)) : [];
  const plan = planApp(spec, existing?.components, planOptions(options));
  progress.stage('Preflight', 'done', { kind: existing ? 'app-found' : 'app-new', name: spec.name });
  const orgFacts = (settings?: DeployedApp['settings']): OrgFacts => orgFactsOf(facts, settings ?? existing?.settings, options.authorizingUsername);
  const foreseen = foresee(plan, spec, orgFacts());
  for (const finding of foreseen) progress.foreseen?.(finding);

  const base = { spec, facts, components: plan.components, foreseen };
  const nothingToDo = plan.kindsToDeploy.length === 0 && !options.resumeDeployId;

  if (nothingToDo) {
    progress.stage('Deploy', 'skipped', { kind: 'up-to-date' });
    // Nothing changed: the app read in preflight is the org's current state, so it is verified as it stands.
    progress.stage('Verify', 'start');
    const verified = verifyApp(conn, existing!.components, spec, options, 'up-to-date', orgFacts(), userRows(existing));
    // A dry run writes nothing, even when the org already holds the app.
    return { ...base, ...verified, files: options.dryRun ? [] : await writeVerified(conn, plan.desired, options, existing?.permissionSetsById) };
  }
  throwIfInterrupted(options.signal);
  const deployId = await deployAndWait(conn, spec, plan, options, { isNew: existing === undefined, permissionSetsById: existing?.permissionSetsById });
  if (options.async || options.dryRun) {
    // The org does not hold this plan (yet, or ever): --output-dir is written only once it does.
    const access = accessOf(options.dryRun ? plan.desired : existing?.components);
    return {
      ...base,
      status: options.async ? 'deploying' : 'validated',
      deployId,
      preAuthorizedProfiles: access.profiles,
      preAuthorizedPermissionSets: access.permissionSets,
      findings: options.dryRun ? [...evaluate(plan.desired, contextOf(spec), orgFacts()), ...userRows(existing)] : [],
      files: [],
    };
  }
  const status = existing === undefined ? 'created' : 'updated';
  const profiles = authorizingProfileOf(facts, options.authorizingUsername);
  const { verified, desired, read } = await unlessInterrupted(verifyDeployed(conn, spec, options, status, orgFacts, profiles, userRows), options.signal).catch(
    (error: unknown) => {
      // A redeploy interrupted while it runs is reported as such (with its id); any other interruption is after ours.
      if (!(error instanceof InterruptedError) || error instanceof DeployInterruptedError) throw error;
      progress.stage('Verify', 'interrupted');
      throw new InterruptedAfterDeployError(deployId);
    }
  );
  return { ...base, ...verified, deployId, files: await writeVerified(conn, desired, options, read.permissionSetsById) };
}

/** Writes --output-dir (all files or none) once the org holds and passed the app: the folder never runs ahead of it. */
async function writeVerified(conn: Connection, desired: AppComponents, options: CreateOptions, permissionSetsById = false): Promise<GeneratedFile[]> {
  if (!options.outputDir) return [];
  // Written as the org writes it: permission set ids for an org that takes ids, so that the files deploy there.
  return writeApp(permissionSetsById ? await withPermissionSetIds(conn, desired) : desired, options.outputDir);
}

type Verified = Pick<CreateOutcome, 'status' | 'preAuthorizedProfiles' | 'preAuthorizedPermissionSets' | 'consumerKey' | 'findings'>;

/**
 * Reads the app back after the deploy. It must hold everything this run set: planned again against the read-back,
 * nothing may be left to deploy. When something is missing, another run's deploy (planned from an older read) landed
 * after ours and dropped it: the change is merged again into the fresh read and deployed, at most MAX_DEPLOYS_PER_RUN
 * deploys in all, so that a run never reports success for a change the org lost.
 */
async function verifyDeployed(
  conn: Connection,
  spec: AppSpec,
  options: CreateOptions,
  status: CreateStatus,
  orgFacts: (settings: DeployedApp['settings']) => OrgFacts,
  profiles: readonly string[],
  userRows: (read: DeployedApp) => Finding[]
): Promise<{ verified: Verified; desired: AppComponents; read: DeployedApp }> {
  let deploys = 1;
  for (;;) {
    options.progress.stage('Verify', 'start');
    const deployed = await readDeployedApp(conn, spec.name, { profiles });
    if (!deployed) {
      options.progress.stage('Verify', 'failed');
      throw createError('AppMissingAfterDeploy', [spec.name], [validateCommand(conn, spec.name)], 1);
    }
    const again = planApp(spec, deployed.components, { ...planOptions(options), force: false });
    if (again.kindsToDeploy.length === 0) {
      return { verified: verifyApp(conn, deployed.components, spec, options, status, orgFacts(deployed.settings), userRows(deployed)), desired: again.desired, read: deployed };
    }
    if (deploys >= MAX_DEPLOYS_PER_RUN) {
      options.progress.stage('Verify', 'failed');
      const lost = again.components
        .filter((component) => component.action !== 'unchanged')
        .map((component) => `${component.fullName} (${component.changedFields.join(', ') || component.action})`);
      throw createError('ChangeLostToConcurrentRun', [spec.name, String(deploys), lost.join('; ')], [validateCommand(conn, spec.name)], 1);
    }
    deploys += 1;
    throwIfInterrupted(options.signal);
    await deployAndWait(conn, spec, again, { ...options, resumeDeployId: undefined }, { isNew: false, permissionSetsById: deployed.permissionSetsById });
  }
}

/**
 * Checks the app with every row `validate` checks, the org rows included, so both report the same rows on one org.
 * A failing component row fails the run (the deploy did not give the app what the guide asks); a failing org row is
 * the org's or the user's to fix and is reported with its action, the app being as asked.
 */
function verifyApp(
  conn: Connection,
  app: AppComponents,
  spec: AppSpec,
  options: CreateOptions,
  status: CreateStatus,
  orgFacts: OrgFacts,
  userRows: readonly Finding[]
): Verified {
  const { progress } = options;
  // The authorizing user's rows are counted in the Verify line too: create and validate report one count for one org.
  const findings = [...evaluate(app, contextOf(spec), orgFacts), ...userRows];
  const summary = summarize(findings);
  const access = accessOf(app);
  const failing = findings.filter((finding) => finding.status === 'fail' && finding.component !== 'Org');
  if (failing.length > 0) {
    progress.stage('Verify', 'failed');
    const error = createError(
      'VerifyFailed',
      [spec.name, failing.map((finding) => findingLine(finding)).join('; ')],
      [validateCommand(conn, spec.name)],
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
