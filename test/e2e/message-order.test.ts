import { expect } from 'chai';
import { EmulatorOrg, useEmulatorOrgWithDefaultApp } from '../helpers/emulator-org.js';
import { startPrinted } from '../helpers/bin.js';

/**
 * stdout and stderr as a person sees them, in one stream in the order they were written (`2>&1`), from the built
 * plugin (./bin/run.js, npm run build first) run as a separate process.
 */
async function seen(env: EmulatorOrg, commandLine: string): Promise<{ code: number | null; lines: string[] }> {
  const run = await startPrinted(`${commandLine} 2>&1`, { home: env.home }).done;
  return { code: run.code, lines: run.stdout.split('\n').filter((line) => line.trim() !== '') };
}

const at = (lines: readonly string[], pattern: RegExp): number => lines.findIndex((line) => pattern.test(line));

// Messages in the order things happen (issue 14, item 6).
describe('messages in the order things happen', function () {
  this.timeout(180_000);
  const env = useEmulatorOrgWithDefaultApp();

  describe('create: a flag error comes before any Preflight line', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['a bad value', '--contact-email not-an-address', /InvalidFlagValueError/],
      ['conflicting flags', '--contact-email admin@example.com --dry-run --async', /cannot also be provided/],
      ['an unknown profile', "--contact-email admin@example.com --profile 'No Such Profile'", /UnknownProfileError/],
      ['an unknown permission set', '--contact-email admin@example.com --permission-set No_Such_Set', /UnknownPermissionSetError/],
      ['an unknown authorizing user', '--contact-email admin@example.com --authorizing-user nobody@example.com', /AuthorizingUserNotFoundError/],
    ];
    for (const [what, flags, error] of cases) {
      it(what, async () => {
        const run = await seen(env, `sf dropzone app create --target-org ${env.alias} ${flags}`);
        expect(run.code, run.lines.join('\n')).to.equal(2);
        expect(at(run.lines, error), run.lines.join('\n')).to.be.greaterThan(-1);
        expect(run.lines.join('\n')).to.not.match(/Preflight|Deploy|done/);
      });
    }
  });

  it('create: an error the Preflight step raises ends it as failed, never done, before the error', async () => {
    env.emulator.org.component('ExternalClientApplication', 'SendSafely_Dropzone_Connector')!.fields.distributionState = 'Packaged';
    try {
      const run = await seen(env, `sf dropzone app create --target-org ${env.alias} --contact-email admin@example.com`);
      expect(run.code).to.equal(1);
      const text = run.lines.join('\n');
      expect(text).to.not.match(/done/);
      const started = at(run.lines, /^Preflight…/);
      const failed = at(run.lines, /^Preflight failed/);
      const error = at(run.lines, /AppNotLocalError/);
      expect([started, failed, error].every((index) => index > -1), text).to.equal(true);
      expect(started).to.be.lessThan(failed);
      expect(failed).to.be.lessThan(error);
    } finally {
      env.emulator.org.component('ExternalClientApplication', 'SendSafely_Dropzone_Connector')!.fields.distributionState = 'Local';
    }
  });

  it('validate --fix: an unknown profile ends the read as failed, before the error; no table', async () => {
    const run = await seen(env, `sf dropzone app validate --target-org ${env.alias} --profile 'No Such Profile' --fix`);
    expect(run.code).to.equal(2);
    const text = run.lines.join('\n');
    expect(text).to.not.match(/done|Redeploying|requirements pass/);
    expect(at(run.lines, /^Reading .*\.\.\. failed$/)).to.be.greaterThan(-1).and.lessThan(at(run.lines, /AccessNameNotFoundError/));
  });

  it('validate --fix: a bad flag value is the only thing printed', async () => {
    const run = await seen(env, `sf dropzone app validate --target-org ${env.alias} --session-timeout 7 --fix`);
    expect(run.code).to.equal(2);
    expect(run.lines.join('\n')).to.not.match(/Reading|Redeploying/);
  });

  it('validate --fix: read, the summary before, the fix with its deploy id, then the rows once', async () => {
    const run = await seen(env, `sf dropzone app validate --target-org ${env.alias} --profile 'Standard User' --fix`);
    expect(run.code, run.lines.join('\n')).to.equal(0);
    const order = [
      /^Reading .*\.\.\. done$/,
      /^Checking /,
      /^Before the fix: /,
      /^Redeploying .* to fix them\.\.\.$/,
      /^ {2}Fix deploy 0Af\w+ accepted by the org\.$/,
      /^Redeploying .* to fix them\.\.\. done$/,
      /^After the fix /,
      /requirements pass/,
    ].map((pattern) => at(run.lines, pattern));
    expect(order.every((index) => index > -1), run.lines.join('\n')).to.equal(true);
    expect([...order].sort((a, b) => a - b)).to.deep.equal(order);
    expect(run.lines.filter((line) => /requirements pass/.test(line))).to.have.length(1);
  });

  it('verify-login: a bad flag value before anything is read', async () => {
    const run = await seen(env, `sf dropzone app verify-login --target-org ${env.alias} --login-url not-a-url --no-browser`);
    expect(run.code).to.equal(2);
    expect(run.lines.join('\n')).to.not.match(/Reading|Waiting/);
    expect(at(run.lines, /InvalidLoginUrlError/)).to.equal(0);
  });

  it('verify-login: the read that raised the error ends as failed, never done', async () => {
    const run = await seen(env, `sf dropzone app verify-login --target-org ${env.alias} --name No_Such_App --no-browser`);
    expect(run.code).to.equal(1);
    expect(run.lines.join('\n')).to.not.match(/done|Waiting/);
    expect(at(run.lines, /^Reading the consumer key of No_Such_App .*\.\.\. failed$/)).to.be.greaterThan(-1).and.lessThan(at(run.lines, /AppNotFoundError/));
  });
});
