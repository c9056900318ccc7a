import { expect } from 'chai';
import { EmulatorOrg, createDefaultApp, useEmulatorOrg } from '../helpers/emulator-org.js';
import { BinRun, startBin, startPrinted } from '../helpers/bin.js';

/** What an interrupted command must never print: oclif's EEXIT error or any stack frame. */
function expectNoTrace(run: BinRun): void {
  const all = `${run.stdout}\n${run.stderr}`;
  expect(all).to.not.match(/ExitError|EEXIT|^\s+at /m);
}

/** The first line after `label` in the output: a printed command. */
function printedCommand(text: string, label: string): string {
  const line = text.split('\n').find((candidate) => candidate.includes(label));
  expect(line, `a line with "${label}" in:\n${text}`).to.not.equal(undefined);
  return line!.slice(line!.indexOf(label) + label.length).trim();
}

const APP = 'SendSafely_Dropzone_Connector';

// Ctrl-C as users press it: SIGINT to the real ./bin/run.js process (npm run build first).
describe('SIGINT to ./bin/run.js', function () {
  this.timeout(120_000);
  let env: EmulatorOrg;

  beforeEach(async () => {
    env = await useEmulatorOrg();
  });
  afterEach(async () => env.restore());

  it('create during the deploy: shows the deploy id first, exits 130 without a trace, and the printed --resume runs', async () => {
    env.emulator.faults.setDeployProcessingMs(6000);
    const create = startBin(['dropzone', 'app', 'create', '--target-org', env.alias, '--contact-email', 'admin@example.com'], { home: env.home });
    const shown = await create.output(/deploy (0Af\w+) accepted by the org/);
    const deployId = /deploy (0Af\w+) accepted/.exec(shown)![1];
    const interruptedAt = Date.now();
    create.child.kill('SIGINT');
    const run = await create.done;
    expect(Date.now() - interruptedAt, 'stops at once').to.be.below(3000);
    expect(run.code, run.stderr).to.equal(130);
    expectNoTrace(run);
    expect(run.stdout).to.match(/Deploy interrupted/);
    expect(run.stderr).to.contain(`stopped waiting for deploy ${deployId}. The deploy goes on in the org.`);
    const resume = printedCommand(run.stderr, 'Wait for it and verify the app:');
    expect(resume).to.equal(
      `sf dropzone app create --target-org ${env.alias} --contact-email admin@example.com --resume ${deployId}`
    );

    const resumed = await startPrinted(resume, { home: env.home }).done;
    expect(resumed.code, resumed.stderr).to.equal(0);
    // Created, or Updated when the deploy finished before the resumed run's preflight read the org.
    expect(resumed.stdout, resumed.stdout).to.match(new RegExp(`(Created|Updated) ${APP} and verified it`));
  });

  it('create --json: the error result carries the deploy id and the resume command', async () => {
    env.emulator.faults.setDeployProcessingMs(6000);
    const create = startBin(['dropzone', 'app', 'create', '-o', env.alias, '--contact-email', 'admin@example.com', '--json'], { home: env.home });
    // Nothing but the result goes to stdout under --json: interrupt once the org holds the deploy.
    const deadline = Date.now() + 30_000;
    while (!env.emulator.requests.some((request) => request.soapOperation === 'checkDeployStatus') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    create.child.kill('SIGTERM');
    const run = await create.done;
    expect(run.code).to.equal(130);
    const json = JSON.parse(run.stdout) as { status: number; name: string; data: { deployId: string; resumeCommand: string } };
    expect(json.status).to.equal(130);
    expect(json.name).to.equal('DeployInterruptedError');
    expect(json.data.resumeCommand).to.match(/ --json --resume 0Af\w+$/);
    expect(json.data.resumeCommand).to.contain(json.data.deployId);
  });

  it('create before the deploy: nothing deployed, exit 130', async () => {
    env.emulator.faults.setLatency(1500);
    const before = env.emulator.requests.length;
    const create = startBin(['dropzone', 'app', 'create', '--target-org', env.alias, '--contact-email', 'admin@example.com'], { home: env.home });
    // The flags are checked against the org (its first request) before Preflight starts: interrupt while it answers.
    const deadline = Date.now() + 30_000;
    while (env.emulator.requests.length === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    create.child.kill('SIGINT');
    const run = await create.done;
    expect(run.code, run.stderr).to.equal(130);
    expectNoTrace(run);
    expect(run.stderr).to.contain('Interrupted before anything was deployed: the org is unchanged.');
    expect(env.emulator.requests.filter((request) => request.soapOperation === 'deploy')).to.deep.equal([]);
  });

  it('validate --fix during its deploy: exit 130, the deploy named, and the printed check runs', async () => {
    await createDefaultApp(env.alias);
    env.emulator.faults.setDeployProcessingMs(4000);
    const args = ['dropzone', 'app', 'validate', '--target-org', env.alias, '--profile', 'Standard User', '--fix'];
    const validate = startBin(args, { home: env.home });
    const shown = await validate.output(/Fix deploy (0Af\w+) accepted by the org/);
    const deployId = /Fix deploy (0Af\w+) accepted/.exec(shown)![1];
    validate.child.kill('SIGINT');
    const run = await validate.done;
    expect(run.code, run.stderr).to.equal(130);
    expectNoTrace(run);
    expect(run.stderr).to.contain(`stopped waiting for the --fix deploy ${deployId}. The deploy goes on in the org.`);
    const check = printedCommand(run.stderr, 'Once it is done, see where the app stands:');
    expect(check).to.equal(`sf dropzone app validate --target-org ${env.alias} --profile 'Standard User'`);
    await new Promise((resolve) => setTimeout(resolve, 4500));
    const checked = await startPrinted(check, { home: env.home }).done;
    expect(checked.code, checked.stdout + checked.stderr).to.equal(0);
  });

  it('verify-login while waiting for approval: stops, nothing left unrevoked, exit 130', async () => {
    await createDefaultApp(env.alias);
    const verify = startBin(['dropzone', 'app', 'verify-login', '--target-org', env.alias, '--login-url', env.emulator.instanceUrl, '--no-browser'], { home: env.home });
    await verify.output(/user_code=/);
    verify.child.kill('SIGINT');
    const run = await verify.done;
    expect(run.code, run.stderr).to.equal(130);
    expectNoTrace(run);
    expect(run.stderr).to.contain('Interrupted: the login test stopped before it finished; 0 tokens it had obtained were revoked.');
  });
});
