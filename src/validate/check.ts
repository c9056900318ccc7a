import path from 'node:path';
import type { Connection } from '@salesforce/core';
import { AppComponents } from '../metadata/components.js';
import type { DeployedApp, DeployOutcome } from '../org/types.js';
import { FixOutcome, ValidationPass, ValidationSource, validationPass } from '../report/result.js';
import { driftedKinds, evaluate } from '../requirements/engine.js';
import { Finding } from '../requirements/findings.js';
import { ComponentKind } from '../metadata/kinds.js';
import { InterruptedError, unlessInterrupted } from '../util/interrupt.js';
import { DEFAULT_API_VERSION } from '../spec/app-spec.js';
import { Expectation, ExpectationInput, expectationFor } from './expectation.js';

/** One validation, before it is formatted. */
export type Checked = {
  readonly name: string;
  readonly app: AppComponents;
  readonly findings: Finding[];
  readonly source: ValidationSource;
  readonly expectation: Expectation;
};

/** A step starts, then ends one way: `failed` when the step raised the error the command ends with. */
export type StepState = 'start' | 'done' | 'failed' | 'interrupted';

const endOf = (error: unknown): StepState => (error instanceof InterruptedError ? 'interrupted' : 'failed');

/** What a check tells the person watching; the command turns it into spinner and log lines. */
export type CheckEvents = {
  checking(name: string, source: ValidationSource, expectation: Expectation): void;
  reading?(state: StepState, name: string, orgLabel: string): void;
  fixing?(state: StepState, kinds: readonly ComponentKind[], before: ValidationPass): void;
  fixStatus?(outcome: DeployOutcome): void;
  /** The org accepted the --fix deploy: shown at once, so an interrupted run still names it. */
  fixAccepted?(deployId: string): void;
  fixed?(deployId: string | undefined): void;
  nothingToFix?(): void;
};

/** How long --fix waits for its deploy. */
const FIX_WAIT_MINUTES = 10;

/**
 * Checks an app in a folder against the guide, and whether the folder deploys to another org (see deployable.ts) at
 * its API version: `apiVersion` when given, else the project's sourceApiVersion, else the plugin's default.
 */
export async function checkSource(
  dir: string,
  name: string | undefined,
  input: ExpectationInput,
  events: CheckEvents,
  apiVersion?: string
): Promise<Checked> {
  const [{ readApps, selectApp, sourceApiVersionOf }, { deployabilityFindings, inFileTerms }] = await Promise.all([
    import('./source.js'),
    import('./deployable.js'),
  ]);
  const selected = selectApp(await readApps(dir), dir, name);
  const expectation = expectationFor(input);
  const source: ValidationSource = { type: 'source-dir', path: path.resolve(dir) };
  events.checking(selected.name, source, expectation);
  const version = Number(apiVersion ?? (await sourceApiVersionOf(dir)) ?? DEFAULT_API_VERSION);
  const findings = [
    ...inFileTerms(evaluate(selected.app, expectation.context), selected.app, selected.name),
    ...deployabilityFindings(selected.app, version),
  ];
  return { ...selected, findings, source, expectation };
}

export type OrgCheckOptions = {
  readonly name: string;
  readonly orgLabel: string;
  readonly orgId: string;
  readonly input: ExpectationInput;
  readonly authorizingUsername?: string;
  readonly fix: boolean;
  /** Aborted by SIGINT/SIGTERM: a --fix deploy stops being waited for (DeployInterruptedError). */
  readonly signal?: AbortSignal;
};

/**
 * Checks the app as deployed, with the org rows; with `fix`, redeploys the drifted components through create's deploy
 * path, reads the app back and checks it again (the result then carries both passes).
 */
export async function checkOrg(conn: Connection, options: OrgCheckOptions, events: CheckEvents): Promise<{ checked: Checked; fix?: FixOutcome }> {
  const [{ readOrgState }, { assertAccessNamesExist, assertAuthorizingUserFound, engineFacts, orgTypeOf }] = await Promise.all([
    import('./org.js'),
    import('./org-facts.js'),
  ]);
  const { input, authorizingUsername, orgLabel } = options;
  events.reading?.('start', options.name, orgLabel);
  // The names given as flags are checked within the read, so that the read never says "done" before their error.
  const { snapshot, deployed, access } = await unlessInterrupted(
    readOrgState(conn, { appName: options.name, authorizingUsername, orgLabel }),
    options.signal
  )
    .then((state) => {
      assertAccessNamesExist(state.snapshot, input.profiles ?? [], input.permissionSets ?? [], orgLabel);
      assertAuthorizingUserFound(state.snapshot, authorizingUsername, orgLabel);
      return state;
    })
    .then(
      (state) => {
        events.reading?.('done', options.name, orgLabel);
        return state;
      },
      (error: unknown) => {
        events.reading?.(endOf(error), options.name, orgLabel);
        throw error;
      }
    );
  // The org's spelling of the name (the app is found whatever the case of --name).
  const name = deployed.components.header?.fullName ?? options.name;
  const expectation = expectationFor(input, orgTypeOf(snapshot));
  const source: ValidationSource = { type: 'org', username: orgLabel, orgId: snapshot.orgId || options.orgId, isSandbox: snapshot.isSandbox };
  events.checking(name, source, expectation);
  const check = (app: AppComponents, settings: DeployedApp['settings']): Checked => ({
    name,
    app,
    findings: evaluate(app, expectation.context, engineFacts(snapshot, { components: app, settings }, authorizingUsername, access)),
    source,
    expectation,
  });
  const checked = check(deployed.components, deployed.settings);
  if (!options.fix) return { checked };

  const kinds = driftedKinds(checked.findings);
  if (kinds.length === 0) {
    events.nothingToFix?.();
    return { checked };
  }
  const before = validationPass(checked.app, checked.findings);
  const { fixApp } = await import('./fix.js');
  events.fixing?.('start', kinds, before);
  const fixed = await fixApp(conn, {
    name,
    app: deployed.components,
    findings: checked.findings,
    expectation,
    authorizingProfile: (snapshot.authorizingUser ?? snapshot.runningUser).profileName,
    apiVersion: conn.getApiVersion(),
    waitMinutes: FIX_WAIT_MINUTES,
    onStatus: (status) => events.fixStatus?.(status),
    onAccepted: (deployId) => events.fixAccepted?.(deployId),
    signal: options.signal,
  }).then(
    (result) => {
      events.fixing?.('done', kinds, before);
      return result;
    },
    (error: unknown) => {
      events.fixing?.(endOf(error), kinds, before);
      throw error;
    }
  );
  const [{ readDeployedApp }, { InterruptedAfterDeployError }] = await Promise.all([import('../org/read-app.js'), import('../org/deploy.js')]);
  const after = await unlessInterrupted(readDeployedApp(conn, name), options.signal).catch((error: unknown) => {
    throw options.signal?.aborted ? new InterruptedAfterDeployError(fixed?.deployId) : error;
  });
  if (!after) throw await (await import('./org.js')).appNotInOrgError(conn, name, orgLabel);
  events.fixed?.(fixed?.deployId);
  return {
    checked: check(after.components, after.settings),
    fix: { redeployed: fixed?.redeployed ?? kinds, ...(fixed?.deployId ? { deployId: fixed.deployId } : {}), before },
  };
}
