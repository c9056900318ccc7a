import { DeployOptions, DeployOutcome, runDeploy } from './deploy.js';
import { RetrieveOutcome, RetrieveRequest, runRetrieve } from './retrieve.js';
import { KEY_PREFIX, OrgState } from './state.js';

export type DeployStatus = 'Pending' | 'InProgress' | 'Succeeded' | 'SucceededPartial' | 'Failed' | 'Canceling' | 'Canceled';

export type DeployJob = {
  id: string;
  createdAt: number;
  startedAt?: number;
  completedAt?: number;
  options: DeployOptions;
  userId: string;
  processingMs: number;
  status: DeployStatus;
  outcome?: DeployOutcome;
  finishing?: Promise<void>;
};

export type RetrieveJob = {
  id: string;
  createdAt: number;
  processingMs: number;
  status: 'Pending' | 'InProgress' | 'Succeeded' | 'Failed';
  outcome?: RetrieveOutcome;
  finishing?: Promise<void>;
  error?: string;
};

/** Asynchronous deploy and retrieve requests moving through Salesforce's states over a configurable processing time. */
export class Jobs {
  public deployProcessingMs: number;
  public retrieveProcessingMs: number;
  public deployNeverFinishes = false;
  private readonly deploys = new Map<string, DeployJob>();
  private readonly retrieves = new Map<string, RetrieveJob>();
  private readonly timers = new Set<NodeJS.Timeout>();

  public constructor(private readonly state: OrgState, deployMs: number, retrieveMs: number) {
    this.deployProcessingMs = deployMs;
    this.retrieveProcessingMs = retrieveMs;
  }

  public submitDeploy(zip: Buffer, options: DeployOptions, endpointVersion: string, userId: string): DeployJob {
    const job: DeployJob = {
      id: this.state.newId(KEY_PREFIX.deploy),
      createdAt: Date.now(),
      options,
      userId,
      processingMs: this.deployProcessingMs,
      status: 'Pending',
    };
    this.deploys.set(job.id, job);
    const finish = (): void => {
      if (this.deployNeverFinishes || job.status === 'Canceled' || job.finishing) return;
      job.finishing = runDeploy(this.state, zip, options, endpointVersion, userId).then((outcome) => {
        if (job.status === 'Canceled') return;
        job.outcome = outcome;
        job.status = outcome.status;
        job.completedAt = Date.now();
      });
    };
    this.later(job.processingMs / 4, () => {
      if (job.status === 'Pending') {
        job.status = 'InProgress';
        job.startedAt = Date.now();
      }
    });
    this.later(job.processingMs, finish);
    return job;
  }

  public async deploy(id: string): Promise<DeployJob | undefined> {
    const job = this.deploys.get(id) ?? [...this.deploys.values()].find((j) => j.id.slice(0, 15) === id.slice(0, 15));
    if (job?.finishing) await job.finishing;
    return job;
  }

  public cancelDeploy(id: string): DeployJob | undefined {
    const job = this.deploys.get(id);
    if (job && !job.outcome) {
      job.status = 'Canceled';
      job.completedAt = Date.now();
    }
    return job;
  }

  public submitRetrieve(req: RetrieveRequest): RetrieveJob {
    const job: RetrieveJob = { id: this.state.newId(KEY_PREFIX.retrieve), createdAt: Date.now(), processingMs: this.retrieveProcessingMs, status: 'Pending' };
    this.retrieves.set(job.id, job);
    job.finishing = new Promise<void>((resolve) => {
      this.later(job.processingMs, () => {
        job.status = 'InProgress';
        runRetrieve(this.state, req, this.state.fixture.switches)
          .then((outcome) => {
            job.outcome = outcome;
            job.status = 'Succeeded';
          })
          .catch((err: Error) => {
            job.status = 'Failed';
            job.error = err.message;
          })
          .finally(resolve);
      });
    });
    return job;
  }

  public async retrieve(id: string): Promise<RetrieveJob | undefined> {
    const job = this.retrieves.get(id);
    if (job && job.processingMs === 0 && job.finishing) await job.finishing;
    return job;
  }

  public stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private later(ms: number, fn: () => void): void {
    if (ms <= 0) {
      fn();
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }
}
