/**
 * Sessions: an access token that expired before the run, or in the middle of it (right after a given org call was
 * answered), is refreshed and the run completes; a refresh token that was revoked ends with "log in again", naming the
 * alias, and nothing deployed.
 */
import { expect } from 'chai';
import AppCreate from '../../src/commands/dropzone/app/create.js';
import AppCredentials, { AppCredentialsResult } from '../../src/commands/dropzone/app/credentials.js';
import AppValidate from '../../src/commands/dropzone/app/validate.js';
import type { EmulatorOrg } from '../helpers/emulator-org.js';
import { APP, CommandClass, Run, counts, operations, runCommand, startOrg, stopOrg } from './harness.js';
import { snapshot } from './org-state.js';

type Case = {
  readonly name: string;
  readonly command: CommandClass;
  readonly appExists: boolean;
  readonly args: (env: EmulatorOrg) => string[];
  /** The org call after whose answer the session expires, for the mid-run case. */
  readonly expireAfter: string;
  readonly succeeded: (run: Run, env: EmulatorOrg) => void;
};

const CASES: readonly Case[] = [
  {
    name: 'create',
    command: AppCreate,
    appExists: false,
    args: (env) => ['--target-org', env.alias, '--contact-email', 'admin@example.com', '--json'],
    expireAfter: 'deploy',
    succeeded: (run) => expect((run.result as { status: string }).status).to.equal('created'),
  },
  {
    name: 'validate --target-org',
    command: AppValidate,
    appExists: true,
    args: (env) => ['--target-org', env.alias, '--json'],
    expireAfter: 'retrieve',
    succeeded: (run) => expect(run.exitCode).to.equal(0),
  },
  {
    name: 'credentials',
    command: AppCredentials,
    appExists: true,
    args: (env) => ['--target-org', env.alias, '--json'],
    expireAfter: 'GET /services/data/v66.0/query',
    succeeded: (run, env) => expect((run.result as AppCredentialsResult).consumerKey).to.equal(env.emulator.org.consumerForApp(APP)!.key),
  },
];

/** Expires the session as soon as the org has answered `operation` (watching the request log). */
function expireAfter(env: EmulatorOrg, operation: string): () => boolean {
  const from = env.emulator.requests.length;
  let done = false;
  const timer = setInterval(() => {
    const answered = env.emulator.requests.slice(from).some((request, index) => operations(env, from + index, from + index + 1)[0] === operation && request.status > 0);
    if (answered && !done) {
      done = true;
      env.emulator.faults.expireSession();
      clearInterval(timer);
    }
  }, 2);
  return () => {
    clearInterval(timer);
    return done;
  };
}

const refreshes = (env: EmulatorOrg, from: number): number => operations(env, from).filter((op) => op === 'POST /services/oauth2/token').length;

describe('sessions', function () {
  this.timeout(60_000);
  let env: EmulatorOrg | undefined;
  afterEach(async () => {
    await stopOrg(env);
    env = undefined;
  });

  async function start(testCase: Case): Promise<EmulatorOrg> {
    counts.sessionScenarios += 1;
    env = await startOrg({ deployProcessingMs: 300 });
    if (testCase.appExists) {
      const created = await runCommand(env, AppCreate, ['--target-org', env.alias, '--contact-email', 'admin@example.com']);
      expect(created.exitCode, created.error?.message).to.equal(0);
    }
    return env;
  }

  for (const testCase of CASES) {
    describe(testCase.name, () => {
      it('an access token expired before the run is refreshed, and the run completes', async () => {
        const org = await start(testCase);
        org.emulator.faults.expireSession();
        const run = await runCommand(org, testCase.command, testCase.args(org));
        expect(run.exitCode, run.error?.message).to.equal(0);
        testCase.succeeded(run, org);
        expect(refreshes(org, run.from)).to.equal(1);
      });

      it(`an access token that expires in the middle (after ${testCase.expireAfter}) is refreshed, and the run completes`, async () => {
        const org = await start(testCase);
        // Each request waits 25 ms before the org handles it: time for the watcher (every 2 ms) to expire the session
        // between the answer to one call and the handling of the next, however fast the command sends it.
        org.emulator.faults.setLatency(25);
        const stop = expireAfter(org, testCase.expireAfter);
        const run = await runCommand(org, testCase.command, testCase.args(org));
        expect(stop(), 'the session expired during the run').to.equal(true);
        expect(run.exitCode, run.error?.message).to.equal(0);
        testCase.succeeded(run, org);
        expect(refreshes(org, run.from)).to.equal(1);
      });

      it('a revoked refresh token ends with "log in again", naming the alias, and changes nothing', async () => {
        const org = await start(testCase);
        const before = snapshot(org);
        org.emulator.faults.revokeRefreshToken();
        org.emulator.faults.expireSession();
        const run = await runCommand(org, testCase.command, testCase.args(org));
        expect(run.exitCode).to.equal(1);
        expect(run.error!.name).to.equal('SessionExpiredError');
        expect(run.error!.message).to.contain(`Your session for ${org.alias} has expired and cannot be refreshed`);
        expect(run.error!.actions).to.deep.equal([`Log in again: sf org login web --alias ${org.alias} --instance-url ${org.emulator.instanceUrl}`]);
        expect((run.json as unknown as { name?: string } | undefined)?.name).to.equal('SessionExpiredError');
        expect(operations(org, run.from)).not.to.include('deploy');
        expect(snapshot(org)).to.deep.equal(before);
      });
    });
  }

  it('create: a refresh token revoked while the deploy runs ends with "log in again"; the org holds the new app whole', async () => {
    const org = await start(CASES[0]);
    const watch = setInterval(() => {
      if (operations(org, 0).includes('checkDeployStatus')) {
        clearInterval(watch);
        org.emulator.faults.revokeRefreshToken();
        org.emulator.faults.expireSession();
      }
    }, 2);
    const run = await runCommand(org, AppCreate, CASES[0].args(org));
    clearInterval(watch);
    expect(run.exitCode).to.equal(1);
    expect(run.error!.name).to.equal('SessionExpiredError');
    expect(operations(org, run.from).filter((op) => op === 'deploy')).to.have.length(1);
    // The deploy the org accepted finishes on its own, all or nothing.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(Object.keys(snapshot(org))).to.have.length(5);
  });
});
