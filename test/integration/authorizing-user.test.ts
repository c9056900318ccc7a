import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { SfError } from '@salesforce/core/sfError';
import AppValidate, { AppValidateResult } from '../../src/commands/dropzone/app/validate.js';
import AppCreate, { AppCreateResult } from '../../src/commands/dropzone/app/create.js';
import { JsonSchema, validateJson } from '../helpers/json-schema.js';
import { createDefaultApp, useEmulatorOrg } from '../helpers/emulator-org.js';
import { quietCommandUx } from '../helpers/quiet-ux.js';

const validateSchema = JSON.parse(await readFile(new URL('../../schemas/dropzone-app-validate.json', import.meta.url), 'utf8')) as JsonSchema;
const createSchema = JSON.parse(await readFile(new URL('../../schemas/dropzone-app-create.json', import.meta.url), 'utf8')) as JsonSchema;

const USER_ROWS = [
  'authorizing-user-can-log-in',
  'authorizing-user-login-hours',
  'authorizing-user-api-enabled',
  'authorizing-user-edits-cases',
  'authorizing-user-case-sharing',
];
/** Every fixture user's profile is pre-authorized, so only the row under test can fail. */
const PROFILES = [
  'System Administrator',
  'Minimum Access - Salesforce',
  'Read Only',
  'Standard User',
  'Custom: Support Profile',
  'Custom: Day Shift',
  'Custom: No Login Hours',
];
const profileArgs = PROFILES.flatMap((profile) => ['--profile', profile]);

type Finding = AppValidateResult['findings'][number];
const notPassing = (findings: readonly Finding[]): Array<Pick<Finding, 'id' | 'status'>> =>
  findings.filter((finding) => finding.status !== 'pass').map(({ id, status }) => ({ id, status }));
const row = (findings: readonly Finding[], id: string): Finding => findings.find((finding) => finding.id === id)!;

describe('the authorizing user can do the connector\'s job (emulator)', function () {
  this.timeout(120_000);
  quietCommandUx();
  let env: Awaited<ReturnType<typeof useEmulatorOrg>>;

  before(async () => {
    env = await useEmulatorOrg();
    await createDefaultApp(env.alias, profileArgs);
  });
  after(async () => {
    await env.restore();
  });

  async function validate(user: string, extra: string[] = []): Promise<{ result: AppValidateResult; exitCode: number }> {
    process.exitCode = undefined;
    const result = await AppValidate.run(['--target-org', env.alias, '--authorizing-user', user, ...extra]);
    const exitCode = Number(process.exitCode ?? 0);
    process.exitCode = undefined;
    return { result, exitCode };
  }

  it('a user with everything (through a permission set group) passes every row, in one extra composite request', async () => {
    const before = env.emulator.requests.length;
    const { result, exitCode } = await validate('support@dropzone.emulator');
    const requests = env.emulator.requests.slice(before).map((request) => request.soapOperation ?? request.path.replace(/^.*\//, ''));
    expect(exitCode).to.equal(0);
    expect(notPassing(result.findings)).to.deep.equal([]);
    expect(result.findings.map((finding) => finding.id)).to.include.members(USER_ROWS);
    expect(row(result.findings, 'authorizing-user-api-enabled').found).to.contain('permission set group Dropzone_Support');
    expect(row(result.findings, 'authorizing-user-edits-cases').found).to.contain('Read and Edit on Case from permission set group Dropzone_Support');
    // Read from the profile's metadata, which rides in the app's retrieve.
    expect(row(result.findings, 'authorizing-user-login-hours').found).to.equal('profile Minimum Access - Salesforce sets no login hours');
    expect(row(result.findings, 'authorizing-user-case-sharing').found).to.equal("Case's organization-wide default is Public Read/Write/Transfer");
    // Today's facts composite and the retrieve (then its status), plus ONE composite for the user's access: the login
    // hours ride in the retrieve, the org's time zone and Case default in the facts composite.
    expect(requests).to.have.members(['composite', 'composite', 'retrieve', 'checkRetrieveStatus']);
    expect(validateJson(JSON.parse(JSON.stringify(result)), validateSchema)).to.deep.equal([]);
  });

  it('the target org\'s admin passes through the profile and Modify All Data', async () => {
    const { result, exitCode } = await validate('admin@dropzone.emulator');
    expect(exitCode).to.equal(0);
    expect(notPassing(result.findings)).to.deep.equal([]);
    expect(row(result.findings, 'authorizing-user-api-enabled').found).to.equal('API Enabled from profile System Administrator');
    // The standard profile is retrieved under its Metadata API name (Admin).
    expect(row(result.findings, 'authorizing-user-login-hours').found).to.equal('profile System Administrator sets no login hours');
  });

  const failures: Array<{ user: string; id: string; status: 'fail' | 'warn'; found: string[]; action: string[] }> = [
    {
      user: 'noapi@dropzone.emulator',
      id: 'authorizing-user-api-enabled',
      status: 'fail',
      found: ['API Enabled in none of profile Minimum Access - Salesforce, permission set Sales_Ops'],
      action: ['Assign noapi@dropzone.emulator a permission set with the "API Enabled"'],
    },
    {
      user: 'muted@dropzone.emulator',
      id: 'authorizing-user-api-enabled',
      status: 'fail',
      found: ['permission set group Support_No_Api'],
      action: ['muted@dropzone.emulator', 'mutes it does not count'],
    },
    {
      user: 'caseread@dropzone.emulator',
      id: 'authorizing-user-edits-cases',
      status: 'fail',
      found: ['read only', 'Read on Case from profile Read Only', 'Edit from none'],
      action: ['Assign caseread@dropzone.emulator a permission set with Read and Edit on Case'],
    },
    {
      user: 'frozen@dropzone.emulator',
      id: 'authorizing-user-can-log-in',
      status: 'fail',
      found: ['frozen@dropzone.emulator is frozen'],
      action: ['frozen@dropzone.emulator must be able to log in', 'unfreeze'],
    },
    {
      user: 'inactive@dropzone.emulator',
      id: 'authorizing-user-can-log-in',
      status: 'fail',
      found: ['inactive@dropzone.emulator is inactive'],
      action: ['reactivate'],
    },
    {
      user: 'iprange@dropzone.emulator',
      id: 'authorizing-user-can-log-in',
      status: 'warn',
      found: ['profile Custom: Support Profile allows logins only from 10.0.0.0–10.255.255.255, 203.0.113.0–203.0.113.255'],
      action: ['Login IP Ranges', "SendSafely's servers"],
    },
    {
      user: 'hours@dropzone.emulator',
      id: 'authorizing-user-login-hours',
      status: 'warn',
      found: [
        'profile Custom: Day Shift allows logins only Sun–Sat 00:00–24:00',
        "in the org's default time zone America/Los_Angeles: allowed now, refused outside them",
      ],
      action: ['Setup > Profiles > Custom: Day Shift > Login Hours', 'Clear all times', 'the connector calls at any hour'],
    },
    {
      user: 'lockedout@dropzone.emulator',
      id: 'authorizing-user-login-hours',
      status: 'fail',
      found: [
        'profile Custom: No Login Hours allows logins only Sun–Sat no login',
        "in the org's default time zone America/Los_Angeles: lockedout@dropzone.emulator cannot log in",
      ],
      action: ['Setup > Profiles > Custom: No Login Hours > Login Hours', 'Clear all times'],
    },
  ];
  for (const expected of failures) {
    it(`${expected.user}: exactly one ${expected.status}ing row, ${expected.id}, with its action`, async () => {
      const { result, exitCode } = await validate(expected.user);
      expect(notPassing(result.findings)).to.deep.equal([{ id: expected.id, status: expected.status }]);
      expect(exitCode).to.equal(expected.status === 'fail' ? 3 : 0);
      const finding = row(result.findings, expected.id);
      for (const text of expected.found) expect(finding.found).to.contain(text);
      for (const text of expected.action) expect(finding.action).to.contain(text);
      expect(finding.action).to.contain(expected.user);
      expect(validateJson(JSON.parse(JSON.stringify(result)), validateSchema)).to.deep.equal([]);
    });
  }

  it('JUnit carries the new rows: a failure for a failing one, skipped for a warning', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'junit-user-'));
    try {
      await validate('caseread@dropzone.emulator', ['--junit', path.join(dir, 'a.xml')]);
      const failing = await readFile(path.join(dir, 'a.xml'), 'utf8');
      expect(failing).to.match(/<testcase[^>]*name="authorizing-user-edits-cases:[^"]*"[^>]*>\s*<failure/);
      expect(failing).to.match(/<testcase[^>]*name="authorizing-user-api-enabled:/);
      await validate('iprange@dropzone.emulator', ['--junit', path.join(dir, 'b.xml')]);
      expect(await readFile(path.join(dir, 'b.xml'), 'utf8')).to.match(/<testcase[^>]*name="authorizing-user-can-log-in:[^"]*"[^>]*>\s*<skipped/);
      await validate('lockedout@dropzone.emulator', ['--junit', path.join(dir, 'c.xml')]);
      expect(await readFile(path.join(dir, 'c.xml'), 'utf8')).to.match(/<testcase[^>]*name="authorizing-user-login-hours:[^"]*"[^>]*>\s*<failure/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe('create --authorizing-user', () => {
    async function create(args: string[]): Promise<{ result?: AppCreateResult; error?: SfError; exitCode: number }> {
      process.exitCode = undefined;
      try {
        const result = await AppCreate.run(['--target-org', env.alias, '--contact-email', 'admin@example.com', ...args]);
        return { result, exitCode: Number(process.exitCode ?? 0) };
      } catch (error) {
        return { error: error as SfError, exitCode: (error as SfError).exitCode ?? 1 };
      } finally {
        process.exitCode = undefined;
      }
    }

    it('run by the admin for another user, reports that user\'s rows in Verify and exits 1 when one fails', async () => {
      const { result, exitCode } = await create([...profileArgs, '--authorizing-user', 'caseread@dropzone.emulator']);
      expect(result!.status).to.equal('up-to-date');
      expect(exitCode).to.equal(1);
      const findings = result!.verification.findings;
      expect(findings.filter((finding) => USER_ROWS.includes(finding.id)).map(({ id, status }) => ({ id, status }))).to.deep.equal([
        { id: 'authorizing-user-can-log-in', status: 'pass' },
        { id: 'authorizing-user-login-hours', status: 'pass' },
        { id: 'authorizing-user-api-enabled', status: 'pass' },
        { id: 'authorizing-user-edits-cases', status: 'fail' },
        { id: 'authorizing-user-case-sharing', status: 'pass' },
      ]);
      expect(row(findings, 'authorizing-user-edits-cases').action).to.contain('caseread@dropzone.emulator');
      expect(result!.verification.compliant).to.equal(false);
      expect(validateJson(JSON.parse(JSON.stringify(result)), createSchema)).to.deep.equal([]);
    });

    it('a user with everything: the rows pass and create exits 0', async () => {
      const { result, exitCode } = await create([...profileArgs, '--authorizing-user', 'support@dropzone.emulator']);
      expect(exitCode).to.equal(0);
      expect(result!.verification.findings.filter((finding) => USER_ROWS.includes(finding.id) && finding.status === 'pass')).to.have.length(5);
    });

    it('run by the admin for a user whose profile\'s login hours block now: the login hours row fails, naming the profile, exit 1', async () => {
      const { result, exitCode } = await create([...profileArgs, '--authorizing-user', 'lockedout@dropzone.emulator']);
      expect(exitCode).to.equal(1);
      const findings = result!.verification.findings;
      expect(notPassing(findings)).to.deep.equal([{ id: 'authorizing-user-login-hours', status: 'fail' }]);
      expect(row(findings, 'authorizing-user-login-hours').found).to.contain('profile Custom: No Login Hours allows logins only Sun–Sat no login');
      expect(row(findings, 'authorizing-user-login-hours').action).to.contain('lockedout@dropzone.emulator');
      expect(validateJson(JSON.parse(JSON.stringify(result)), createSchema)).to.deep.equal([]);
    });

    it('creating a new app reads the login hours with Verify\'s read-back of the app', async () => {
      const { result, exitCode } = await create([...profileArgs, '--name', 'Hours_App', '--authorizing-user', 'lockedout@dropzone.emulator']);
      expect(result!.status).to.equal('created');
      expect(exitCode).to.equal(1);
      expect(notPassing(result!.verification.findings)).to.deep.equal([{ id: 'authorizing-user-login-hours', status: 'fail' }]);
    });

    it('a dry run for a user whose profile sets login hours reports the warning from the preflight\'s retrieve', async () => {
      const { result, exitCode } = await create([...profileArgs, '--authorizing-user', 'hours@dropzone.emulator', '--dry-run']);
      expect(exitCode).to.equal(0);
      expect(notPassing(result!.verification.findings)).to.deep.equal([{ id: 'authorizing-user-login-hours', status: 'warn' }]);
    });

    it('an unknown user: exit code 2 before anything is deployed', async () => {
      const before = env.emulator.requests.length;
      const { error, exitCode } = await create(['--authorizing-user', 'nobody@dropzone.emulator']);
      expect(exitCode).to.equal(2);
      expect(error!.name).to.equal('AuthorizingUserNotFoundError');
      expect(env.emulator.requests.slice(before).map((request) => request.soapOperation ?? '')).to.not.include('deploy');
    });
  });
});

describe('the authorizing user\'s rows on an org that does not expose LoginIpRange (emulator switch)', function () {
  this.timeout(120_000);
  quietCommandUx();
  let env: Awaited<ReturnType<typeof useEmulatorOrg>>;

  before(async () => {
    env = await useEmulatorOrg({ fixture: { switches: { loginIpRangeQueryable: false } } });
    await createDefaultApp(env.alias, profileArgs);
  });
  after(async () => {
    await env.restore();
  });

  it('warns that the ranges could not be read instead of passing the row; the other rows still count', async () => {
    for (const user of ['admin@dropzone.emulator', 'iprange@dropzone.emulator']) {
      process.exitCode = undefined;
      const result = await AppValidate.run(['--target-org', env.alias, '--authorizing-user', user]);
      expect(Number(process.exitCode ?? 0), user).to.equal(0);
      expect(notPassing(result.findings), user).to.deep.equal([{ id: 'authorizing-user-can-log-in', status: 'warn' }]);
      expect(row(result.findings, 'authorizing-user-can-log-in').found).to.contain('login IP ranges: could not read');
    }
    process.exitCode = undefined;
    const frozen = await AppValidate.run(['--target-org', env.alias, '--authorizing-user', 'frozen@dropzone.emulator']);
    expect(notPassing(frozen.findings)).to.deep.equal([{ id: 'authorizing-user-can-log-in', status: 'fail' }]);
  });
});

describe('the authorizing user\'s Case sharing on an org whose Case default is Private (emulator fixture)', function () {
  this.timeout(120_000);
  quietCommandUx();
  let env: Awaited<ReturnType<typeof useEmulatorOrg>>;

  before(async () => {
    env = await useEmulatorOrg({ fixture: { defaultCaseAccess: 'None' } });
    await createDefaultApp(env.alias, profileArgs);
  });
  after(async () => {
    await env.restore();
  });

  async function validate(user: string): Promise<{ result: AppValidateResult; exitCode: number }> {
    process.exitCode = undefined;
    const result = await AppValidate.run(['--target-org', env.alias, '--authorizing-user', user]);
    const exitCode = Number(process.exitCode ?? 0);
    process.exitCode = undefined;
    return { result, exitCode };
  }

  it('a user with Case Edit but no Modify All gets exactly one warning, naming what was found and what to do', async () => {
    const { result, exitCode } = await validate('user@dropzone.emulator');
    expect(exitCode).to.equal(0);
    expect(notPassing(result.findings)).to.deep.equal([{ id: 'authorizing-user-case-sharing', status: 'warn' }]);
    const finding = row(result.findings, 'authorizing-user-case-sharing');
    expect(finding.found).to.contain("Case's organization-wide default is Private; no Modify All on Case or Modify All Data");
    expect(finding.found).to.contain('user@dropzone.emulator can edit only the Cases they own or that sharing rules');
    expect(finding.action).to.contain('Give user@dropzone.emulator "Modify All" on Case');
    expect(finding.action).to.contain('Setup > Sharing Settings');
    expect(validateJson(JSON.parse(JSON.stringify(result)), validateSchema)).to.deep.equal([]);
  });

  it('the admin passes: Modify All Data sidesteps sharing', async () => {
    const { result, exitCode } = await validate('admin@dropzone.emulator');
    expect(exitCode).to.equal(0);
    expect(notPassing(result.findings)).to.deep.equal([]);
    expect(row(result.findings, 'authorizing-user-case-sharing').found).to.equal(
      "Case's organization-wide default is Private; Modify All from profile System Administrator sidesteps sharing"
    );
  });

  it('create run by the admin for that user reports the same warning in Verify and exits 0', async () => {
    process.exitCode = undefined;
    const result = await AppCreate.run([
      '--target-org',
      env.alias,
      '--contact-email',
      'admin@example.com',
      ...profileArgs,
      '--authorizing-user',
      'user@dropzone.emulator',
    ]);
    expect(Number(process.exitCode ?? 0)).to.equal(0);
    expect(notPassing(result.verification.findings)).to.deep.equal([{ id: 'authorizing-user-case-sharing', status: 'warn' }]);
  });
});

describe('login hours of standard profiles whose Metadata API names are their names (emulator switch)', function () {
  this.timeout(120_000);
  quietCommandUx();
  let env: Awaited<ReturnType<typeof useEmulatorOrg>>;

  before(async () => {
    env = await useEmulatorOrg({ fixture: { switches: { standardProfileFullNames: 'names' } } });
    await createDefaultApp(env.alias, profileArgs);
  });
  after(async () => {
    await env.restore();
  });

  it('reads them all the same: standard and custom profiles pass or fail exactly as under their own names', async () => {
    for (const [user, profile] of [
      ['admin@dropzone.emulator', 'System Administrator'],
      ['caseread@dropzone.emulator', 'Read Only'],
    ]) {
      process.exitCode = undefined;
      const result = await AppValidate.run(['--target-org', env.alias, '--authorizing-user', user]);
      expect(row(result.findings, 'authorizing-user-login-hours'), user).to.include({ status: 'pass', found: `profile ${profile} sets no login hours` });
    }
    process.exitCode = undefined;
    const locked = await AppValidate.run(['--target-org', env.alias, '--authorizing-user', 'lockedout@dropzone.emulator']);
    expect(notPassing(locked.findings)).to.deep.equal([{ id: 'authorizing-user-login-hours', status: 'fail' }]);
  });
});
