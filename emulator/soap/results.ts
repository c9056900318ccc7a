import { ComponentResult } from '../deploy.js';
import { DeployJob } from '../jobs.js';
import { OrgState } from '../state.js';

/** Deploy status as typed values; SOAP renders them as text, REST as JSON. */
export type DeployResultView = Record<string, unknown>;

function componentView(c: ComponentResult): Record<string, unknown> {
  const out: Record<string, unknown> = {
    changed: c.changed,
    columnNumber: c.columnNumber,
    componentType: c.componentType,
    created: c.created,
    createdDate: c.createdDate,
    deleted: c.deleted,
    fileName: c.fileName,
    fullName: c.fullName,
    id: c.id,
    lineNumber: c.lineNumber,
    problem: c.problem,
    problemType: c.problemType,
    success: c.success,
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

export function deployResultView(state: OrgState, job: DeployJob, includeDetails: boolean): DeployResultView {
  const user = state.userById(job.userId);
  const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());
  const o = job.outcome;
  const done = job.status !== 'Pending' && job.status !== 'InProgress' && job.status !== 'Canceling';
  const view: Record<string, unknown> = {
    checkOnly: job.options.checkOnly,
    completedDate: iso(job.completedAt),
    createdBy: user?.id.slice(0, 15),
    createdByName: user?.name,
    createdDate: iso(job.createdAt),
    details: includeDetails
      ? {
          componentFailures: o?.failures.map(componentView) ?? [],
          componentSuccesses: o?.successes.map(componentView) ?? [],
          runTestResult: { numFailures: 0, numTestsRun: 0, totalTime: 0 },
        }
      : undefined,
    done,
    id: job.id,
    ignoreWarnings: job.options.ignoreWarnings,
    lastModifiedDate: iso(job.completedAt ?? job.startedAt ?? job.createdAt),
    numberComponentErrors: o?.numberComponentErrors ?? 0,
    numberComponentsDeployed: o?.numberComponentsDeployed ?? 0,
    numberComponentsTotal: o?.numberComponentsTotal ?? 0,
    numberTestErrors: 0,
    numberTestsCompleted: 0,
    numberTestsTotal: 0,
    rollbackOnError: job.options.rollbackOnError,
    runTestsEnabled: false,
    startDate: iso(job.startedAt),
    status: job.status,
    success: job.status === 'Succeeded' || job.status === 'SucceededPartial',
  };
  for (const k of Object.keys(view)) if (view[k] === undefined) delete view[k];
  return view;
}
