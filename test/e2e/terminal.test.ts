import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { saveEmulatorAuth } from '../../emulator/login.js';
import { useEmulatorOrgWithDefaultApp } from '../helpers/emulator-org.js';
import { startPrinted } from '../helpers/bin.js';
import { runInTerminal, stopTerminals } from '../helpers/tmux.js';

const APP = 'SendSafely_Dropzone_Connector';
const WIDTH = 80;

/**
 * The command printed after `label` (which may wrap over lines): on the rest of its line, or alone on the next one.
 * Commands are never broken over lines, so the command is one line.
 */
function hint(lines: readonly string[], label: string): string {
  const text = lines.join('\n');
  const words = label.split(/\s+/).map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const match = new RegExp(words.join('\\s+')).exec(text);
  expect(match, `"${label}" on the screen:\n${text}`).to.not.equal(null);
  const rest = text.slice(match!.index + match![0].length).split('\n').map((line) => line.trim());
  return rest.find((line) => line !== '')!;
}

/** Lines longer than the terminal that the program could have wrapped: anything but a command or one long word. */
function wrappableOverflow(lines: readonly string[]): string[] {
  return lines.filter((line) => line.length > WIDTH && !/^\s*(sf |\S+$)/.test(line));
}

/** Lines the program printed longer than the terminal (the terminal had to wrap them). */
function wrappedByTerminal(lines: readonly string[]): string[] {
  return lines.filter((line) => line.length > WIDTH);
}

// What people see at 80 columns: ./bin/run.js in a real terminal (tmux), npm run build first.
describe('on an 80-column terminal', function () {
  this.timeout(180_000);
  const env = useEmulatorOrgWithDefaultApp(stopTerminals);

  const runningUserEmail = (): string => env.emulator.org.userByUsername('admin@dropzone.emulator')!.email;

  it('validate: a summary, then each failing or warning requirement as a block that fits; --fix suggested as a command that runs', async () => {
    const screen = await runInTerminal(`sf dropzone app validate --target-org ${env.alias} --profile 'Standard User' --session-timeout 30`, {
      home: env.home,
      width: WIDTH,
    });
    expect(screen.code).to.equal(3);
    const text = screen.lines.join('\n');
    expect(text).to.not.match(/[│┌└─]/);
    const summary = screen.lines.findIndex((line) => /^\d+ passed, 1 failed, 1 warning — not compliant$/.test(line));
    expect(summary, text).to.be.greaterThan(-1);
    const blocks = screen.lines.slice(summary, screen.lines.findIndex((line) => line.startsWith('Fix what the org can fix')));
    expect(wrappedByTerminal(blocks), 'block lines the terminal had to wrap').to.deep.equal([]);
    expect(blocks.filter((line) => /^(FAIL|WARN) {2}/.test(line))).to.have.length(2);
    for (const label of ['Field', 'Found', 'Expected', 'Action']) expect(blocks.filter((line) => line.startsWith(`      ${label}`)).length, label).to.equal(2);
    expect(text).to.match(/\n\d+ requirements pass \(list them with --verbose\)\./);

    const fix = hint(screen.lines, 'Fix what the org can fix with:');
    expect(fix).to.equal(`sf dropzone app validate --target-org ${env.alias} --profile 'Standard User' --session-timeout 30 --fix`);
    const fixed = await startPrinted(fix, { home: env.home }).done;
    expect(fixed.code, fixed.stdout + fixed.stderr).to.equal(0);
    // --fix prints the rows once, after the fix.
    expect(fixed.stdout.match(/requirements pass/g)).to.have.length(1);
    expect(fixed.stdout).to.match(/Before the fix: \d+ passed, 1 failed, 1 warning — not compliant \(pre-authorized-profiles, session-timeout\)\./);
  });

  it('validate --verbose lists the passing requirements, wrapped to the width', async () => {
    const screen = await runInTerminal(`sf dropzone app validate --target-org ${env.alias} --verbose`, { home: env.home, width: WIDTH });
    expect(screen.code).to.equal(0);
    expect(screen.lines.filter((line) => line.startsWith('pass  ')).length).to.be.greaterThan(15);
    const list = screen.lines.slice(screen.lines.findIndex((line) => line.startsWith('pass  ')));
    expect(wrappedByTerminal(list), 'lines the terminal had to wrap').to.deep.equal([]);
  });

  it('validate of a missing app: the create hint carries --name, --target-org and the user\'s email, and runs as printed', async () => {
    const screen = await runInTerminal(`sf dropzone app validate --target-org ${env.alias} --name Dropzone_Two`, { home: env.home, width: WIDTH });
    expect(screen.code).to.equal(1);
    const create = hint(screen.lines, 'Create it with your email as its contact:');
    expect(create).to.equal(`sf dropzone app create --name Dropzone_Two --target-org admin@dropzone.emulator --contact-email ${runningUserEmail()}`);
    const run = await startPrinted(create, { home: env.home }).done;
    expect(run.code, run.stderr).to.equal(0);
  });

  it('credentials of a missing app: the create hint runs as printed', async () => {
    const screen = await runInTerminal(`sf dropzone app credentials --target-org ${env.alias} --name Dropzone_Three`, { home: env.home, width: WIDTH });
    expect(screen.code).to.equal(1);
    expect(wrappableOverflow(screen.lines), 'the error and its action wrap within 80 columns').to.deep.equal([]);
    const create = hint(screen.lines, 'or create the app (your email as its contact):');
    expect(create).to.equal(`sf dropzone app create --name Dropzone_Three --target-org admin@dropzone.emulator --contact-email ${runningUserEmail()}`);
    const run = await startPrinted(create, { home: env.home }).done;
    expect(run.code, run.stderr).to.equal(0);
  });

  it('credentials of an app without OAuth consumer: the create hint keeps its contact email, runs as printed and brings the key', async () => {
    const name = 'Dropzone_Four';
    expect((await startPrinted(`sf dropzone app create --name ${name} --target-org ${env.alias} --contact-email owner@example.com`, { home: env.home }).done).code).to.equal(0);
    const org = env.emulator.org;
    org.data.components = org.data.components.filter((component) => !(component.type === 'ExtlClntAppGlobalOauthSettings' && component.fields.externalClientApplication === name));
    org.data.consumers = org.data.consumers.filter((consumer) => consumer.appName !== name);
    const screen = await runInTerminal(`sf dropzone app credentials --target-org ${env.alias} --name ${name}`, { home: env.home, width: WIDTH });
    expect(screen.code, screen.lines.join('\n')).to.equal(1);
    const create = hint(screen.lines, 'Salesforce generates the consumer key and secret then:');
    expect(create).to.equal(`sf dropzone app create --name ${name} --target-org admin@dropzone.emulator --contact-email owner@example.com`);
    expect((await startPrinted(create, { home: env.home }).done).code).to.equal(0);
    const again = await startPrinted(`sf dropzone app credentials --target-org ${env.alias} --name ${name}`, { home: env.home }).done;
    expect(again.code, again.stderr).to.equal(0);
  });

  it('validate --fix of an app whose contact email is no address: the create hint gives it one and runs as printed', async () => {
    const name = 'Dropzone_Five';
    expect((await startPrinted(`sf dropzone app create --name ${name} --target-org ${env.alias} --contact-email owner@example.com`, { home: env.home }).done).code).to.equal(0);
    env.emulator.org.component('ExternalClientApplication', name)!.fields.contactEmail = 'nobody';
    const screen = await runInTerminal(`sf dropzone app validate --target-org ${env.alias} --name ${name} --session-timeout 30 --fix`, { home: env.home, width: WIDTH });
    expect(screen.code, screen.lines.join('\n')).to.equal(2);
    const create = hint(screen.lines, 'or give it yours:');
    expect(create).to.equal(`sf dropzone app create --name ${name} --target-org admin@dropzone.emulator --contact-email ${runningUserEmail()}`);
    expect((await startPrinted(create, { home: env.home }).done).code).to.equal(0);
    expect(env.emulator.org.component('ExternalClientApplication', name)!.fields.contactEmail).to.equal(runningUserEmail());
  });

  it('create of a packaged app: the validate hint runs as printed', async () => {
    const name = 'Dropzone_Six';
    expect((await startPrinted(`sf dropzone app create --name ${name} --target-org ${env.alias} --contact-email owner@example.com`, { home: env.home }).done).code).to.equal(0);
    env.emulator.org.component('ExternalClientApplication', name)!.fields.distributionState = 'Packaged';
    const screen = await runInTerminal(`sf dropzone app create --name ${name} --target-org ${env.alias} --contact-email owner@example.com`, { home: env.home, width: WIDTH });
    expect(screen.code).to.equal(1);
    const validate = hint(screen.lines, 'check it with:');
    expect(validate).to.equal(`sf dropzone app validate --name ${name} --target-org admin@dropzone.emulator`);
    const run = await startPrinted(validate, { home: env.home }).done;
    expect(run.code, run.stderr).to.be.oneOf([0, 3]);
  });

  it('create: one line per component, no name cut; the secret hint names the app and the org and runs as printed', async () => {
    const screen = await runInTerminal(`sf dropzone app create --target-org ${env.alias} --contact-email admin@example.com --label 'Dropzone Connector'`, {
      home: env.home,
      width: WIDTH,
    });
    expect(screen.code, screen.lines.join('\n')).to.equal(0);
    const text = screen.lines.join('\n');
    // Under tmux progress is line-based: a stage's start line ends in "…"; nothing else may be cut.
    expect(screen.lines.filter((line) => !/^(Preflight|Deploy|Verify|Credentials)…/.test(line)).join('\n')).to.not.match(/[│┌└…]/);
    expect(text).to.contain(`update     ${APP} (App header): label`);
    expect(text).to.contain(`unchanged  ${APP}_glbloauth (Global OAuth settings)`);
    const credentials = hint(screen.lines, 'Get the secret with:');
    expect(credentials).to.equal(`sf dropzone app credentials --name ${APP} --target-org admin@dropzone.emulator --show-secret`);
    expect(wrappableOverflow(screen.lines), 'sentences wrap at word boundaries within 80 columns').to.deep.equal([]);
    // With no default org set, as for someone who pastes it into a new shell; the confirmation is answered.
    const run = await runInTerminal(credentials, { home: env.home, width: WIDTH, answer: { when: /\?/, keys: 'y' } });
    expect(run.code, run.lines.join('\n')).to.equal(0);
    expect(run.lines.join('\n')).to.match(/Consumer secret/i);
  });

  it("one count for one org: create's Verify line counts the rows validate counts, the authorizing user's included", async () => {
    const created = await runInTerminal(`sf dropzone app create --target-org ${env.alias} --contact-email admin@example.com`, { home: env.home, width: WIDTH });
    expect(created.code, created.lines.join('\n')).to.equal(0);
    const verify = created.lines.map((line) => /^Verify done \([\d.]+s\) (\d+) passed, (\d+) warnings?$/.exec(line)).find(Boolean);
    expect(verify, created.lines.join('\n')).to.not.equal(undefined);
    const validated = await runInTerminal(`sf dropzone app validate --target-org ${env.alias}`, { home: env.home, width: WIDTH });
    expect(validated.code, validated.lines.join('\n')).to.equal(0);
    const summary = validated.lines.map((line) => /^(\d+) passed, 0 failed, (\d+) warnings? — compliant$/.exec(line)).find(Boolean);
    expect(summary, validated.lines.join('\n')).to.not.equal(undefined);
    expect([verify![1], verify![2]]).to.deep.equal([summary![1], summary![2]]);
  });

  it('generate outside an SFDX project: paths whole, and the hints run (login stood in by an emulator alias)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dz-generate-'));
    try {
      const screen = await runInTerminal('sf dropzone app generate --contact-email admin@example.com --output-dir out', { home: env.home, width: WIDTH, cwd: dir });
      expect(screen.code).to.equal(0);
      const text = screen.lines.join('\n');
      expect(text).to.not.match(/[│┌└…]/);
      expect(text).to.match(new RegExp(`^created +out/externalClientApps/${APP}\\.eca-meta\\.xml$`, 'm'));
      expect(text, 'no project deploy outside a project').to.not.contain('sf project deploy start');
      expect(hint(screen.lines, 'log in to the org that gets the app:')).to.equal('sf org login web --alias dropzone-org');
      const create = hint(screen.lines, 'Or deploy and verify the app in one step:');
      expect(create).to.equal('sf dropzone app create --contact-email admin@example.com --target-org dropzone-org');
      await saveEmulatorAuth({ emulator: env.emulator, alias: 'dropzone-org' });
      const run = await startPrinted(create, { home: env.home, cwd: dir }).done;
      expect(run.code, run.stderr).to.equal(0);

      writeFileSync(join(dir, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'out', default: true }], sourceApiVersion: '66.0' }));
      const inProject = await runInTerminal('sf dropzone app generate --contact-email admin@example.com --output-dir out', { home: env.home, width: WIDTH, cwd: dir });
      expect(hint(inProject.lines, 'Deploy these files:')).to.equal('sf project deploy start --source-dir out --target-org dropzone-org');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
