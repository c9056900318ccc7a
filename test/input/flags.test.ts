/**
 * Bad input, flag by flag: every flag of every command (read from each command's `flags`, so that a new flag without
 * a row here fails the first test) gets empty, too long, wrong-type, unicode, XML-metacharacter, shell-metacharacter
 * and path-traversal values. Each run ends either with a clear error (exit 2, the flag named, nothing written, nothing
 * deployed) or with a correct result.
 *
 * The commands run inside a throwaway folder three levels deep, so that `../../etc` points inside it, never at /etc.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import AppCreate from '../../src/commands/dropzone/app/create.js';
import AppCredentials from '../../src/commands/dropzone/app/credentials.js';
import AppGenerate from '../../src/commands/dropzone/app/generate.js';
import AppValidate from '../../src/commands/dropzone/app/validate.js';
import AppVerifyLogin from '../../src/commands/dropzone/app/verify-login.js';
import type { EmulatorOrg } from '../helpers/emulator-org.js';
import { filesUnder } from '../helpers/secret-scan.js';
import { CommandClass, Run, counts, operations, runCommand, startOrg, stopOrg } from '../faults/harness.js';

/** refuse: exit 2 naming the flag. accept: exit 0. either: one of the two, or another clear error. */
type Expect = 'refuse' | 'accept' | 'either';
type Value = { readonly label: string; readonly value: string };

const LONG = 'x'.repeat(5000);
const VALUES = {
  empty: { label: 'empty', value: '' },
  long: { label: 'too long (5000 chars)', value: LONG },
  unicode: { label: 'unicode', value: 'Dröpzöne Connector ✓ 名前 🚀' },
  xml: { label: 'XML metacharacters', value: `a<b>&c"d'e` },
  subshell: { label: 'shell $(…)', value: '$(rm -rf /)' },
  semicolon: { label: 'shell ;', value: 'a; rm -rf /' },
  backtick: { label: 'shell backticks', value: '`id`' },
  traversal: { label: 'path traversal', value: '../../etc' },
  word: { label: 'wrong type (a word)', value: 'abc' },
  negative: { label: 'wrong type (negative number)', value: '-5' },
  decimal: { label: 'wrong type (decimal)', value: '1.5' },
} as const satisfies Record<string, Value>;
type ValueKey = keyof typeof VALUES;

const ALL_TEXT: ValueKey[] = ['empty', 'long', 'unicode', 'xml', 'subshell', 'semicolon', 'backtick', 'traversal'];
const all = (expect: Expect, keys: ValueKey[] = ALL_TEXT): Array<[ValueKey, Expect]> => keys.map((key) => [key, expect]);
const numberKeys: ValueKey[] = ['empty', 'word', 'negative', 'decimal', 'xml', 'subshell', 'long'];

/** The kinds of flag, each with the outcome every value must have. */
const KINDS = {
  apiName: all('refuse'),
  // An empty description is no description; an empty label is refused.
  description: [['empty', 'either'], ['long', 'refuse'], ['unicode', 'accept'], ['xml', 'accept'], ['subshell', 'accept'], ['semicolon', 'accept'], ['backtick', 'accept'], ['traversal', 'accept']],
  label: [['empty', 'refuse'], ['long', 'refuse'], ['unicode', 'accept'], ['xml', 'accept'], ['subshell', 'accept'], ['semicolon', 'accept'], ['backtick', 'accept'], ['traversal', 'accept']],
  email: all('refuse'),
  url: all('refuse'),
  // Profile and permission set names: any text is a name; the org (when there is one) says whether it exists.
  accessName: [['empty', 'refuse'], ['long', 'refuse'], ['unicode', 'either'], ['xml', 'either'], ['subshell', 'either'], ['semicolon', 'either'], ['backtick', 'either'], ['traversal', 'either']],
  integer: all('refuse', numberKeys),
  option: all('refuse'),
  apiVersion: all('refuse', [...ALL_TEXT, 'word', 'negative', 'decimal']),
  // sf-plugins-core reads 1.5 minutes as 1 minute.
  duration: [...all('refuse', numberKeys.filter((key) => key !== 'decimal')), ['decimal', 'either']],
  // Output paths: any path the user can create is theirs to choose; what is written lands under it and nowhere else.
  // An empty path and a name longer than a file system holds are refused when the flags are parsed (exit 2).
  // Values with a slash name a folder that may not exist: a file flag refuses that ("The folder of … does not exist").
  outputPath: [['empty', 'refuse'], ['long', 'refuse'], ['unicode', 'accept'], ['xml', 'accept'], ['subshell', 'either'], ['semicolon', 'either'], ['backtick', 'accept'], ['traversal', 'accept']],
  // A folder to read must exist: none of these values names one (SourceDirNotFolder, exit 2).
  inputDir: all('refuse'),
  org: all('refuse'),
  username: all('refuse'),
  deployId: all('refuse'),
  boolean: [] as Array<[ValueKey, Expect]>,
} satisfies Record<string, Array<[ValueKey, Expect]>>;
type Kind = keyof typeof KINDS;

type CommandSpec = {
  readonly id: string;
  readonly command: CommandClass;
  /** Arguments that make a run valid apart from the flag under test. */
  readonly base: (ctx: Ctx) => string[];
  readonly kinds: Readonly<Record<string, Kind>>;
  /** Flags a flag needs to be used at all (dependsOn), or flags it excludes. */
  readonly with?: Readonly<Record<string, string[]>>;
  readonly without?: Readonly<Record<string, string[]>>;
};

type Ctx = { readonly env: EmulatorOrg; readonly out: string };

const APP_FLAG_KINDS: Record<string, Kind> = {
  name: 'apiName',
  label: 'label',
  description: 'description',
  'contact-email': 'email',
  'org-type': 'option',
  'callback-url': 'url',
  profile: 'accessName',
  'permission-set': 'accessName',
  'session-timeout': 'integer',
  'api-version': 'apiVersion',
};

const COMMANDS: readonly CommandSpec[] = [
  {
    id: 'generate',
    command: AppGenerate,
    base: ({ out }) => ['--contact-email', 'admin@example.com', '--output-dir', out],
    kinds: { ...APP_FLAG_KINDS, 'output-dir': 'outputPath' },
  },
  {
    id: 'create',
    command: AppCreate,
    // --dry-run: an accepted value is checked by the org without changing it.
    base: ({ env, out }) => ['--target-org', env.alias, '--contact-email', 'admin@example.com', '--dry-run', '--output-dir', out],
    kinds: {
      ...APP_FLAG_KINDS,
      'target-org': 'org',
      wait: 'duration',
      async: 'boolean',
      'dry-run': 'boolean',
      force: 'boolean',
      'replace-profiles': 'boolean',
      'enforce-recommended': 'boolean',
      resume: 'deployId',
      'output-dir': 'outputPath',
      'authorizing-user': 'username',
    },
    without: { resume: ['dry-run'], async: ['dry-run'] },
  },
  {
    id: 'validate',
    command: AppValidate,
    base: ({ env }) => ['--target-org', env.alias],
    kinds: {
      name: 'apiName',
      'source-dir': 'inputDir',
      'target-org': 'org',
      'api-version': 'apiVersion',
      'org-type': 'option',
      'callback-url': 'url',
      profile: 'accessName',
      'permission-set': 'accessName',
      'session-timeout': 'integer',
      'authorizing-user': 'username',
      junit: 'outputPath',
      fix: 'boolean',
      verbose: 'boolean',
    },
    without: { 'source-dir': ['target-org'] },
  },
  {
    id: 'credentials',
    command: AppCredentials,
    base: ({ env }) => ['--target-org', env.alias],
    kinds: { 'target-org': 'org', 'api-version': 'apiVersion', name: 'apiName', 'show-secret': 'boolean', 'no-prompt': 'boolean', 'output-file': 'outputPath', force: 'boolean' },
    with: { 'output-file': ['--show-secret'], 'no-prompt': ['--show-secret'], force: ['--show-secret', '--output-file', 'secret.txt'] },
  },
  {
    id: 'verify-login',
    command: AppVerifyLogin,
    base: ({ env }) => ['--target-org', env.alias, '--no-browser', '--timeout', '1'],
    kinds: { 'target-org': 'org', 'api-version': 'apiVersion', name: 'apiName', 'login-url': 'url', timeout: 'integer', 'no-browser': 'boolean' },
  },
];

const flagNames = (command: CommandClass): string[] => Object.keys(command.flags ?? {});
const isBooleanFlag = (command: CommandClass, flag: string): boolean => (command.flags?.[flag] as { type?: string } | undefined)?.type === 'boolean';

/** Removes a flag (and its value, unless it is a boolean) from an argument list. */
function withoutFlag(args: string[], flag: string, boolean: boolean): string[] {
  const index = args.indexOf(`--${flag}`);
  if (index < 0) return args;
  return [...args.slice(0, index), ...args.slice(index + (boolean ? 1 : 2))];
}

const UNCLEAR = /TypeError|ReferenceError|Cannot read prop|is not a function|undefined|\[object Object\]/;

describe('every flag of every command, with bad and odd values', function () {
  this.timeout(60_000);
  let env: EmulatorOrg;
  let root: string;
  let cwd: string;
  let cases = 0;
  const home = process.cwd();

  before(async () => {
    env = await startOrg();
    const created = await runCommand(env, AppCreate, ['--target-org', env.alias, '--contact-email', 'admin@example.com']);
    expect(created.exitCode, created.error?.message).to.equal(0);
    root = mkdtempSync(path.join(tmpdir(), 'input-'));
  });
  // Each case in its own folder three levels down: `../../etc` stays inside `root`, and no case sees another's files.
  beforeEach(() => {
    cwd = path.join(root, String(++cases), 'a', 'b', 'c');
    mkdirSync(cwd, { recursive: true });
    process.chdir(cwd);
  });
  after(async () => {
    process.chdir(home);
    rmSync(root, { recursive: true, force: true });
    await stopOrg(env);
  });

  for (const spec of COMMANDS) {
    it(`${spec.id}: every flag has a row in this table`, () => {
      expect(flagNames(spec.command).filter((flag) => !(flag in spec.kinds)), 'flags without cases').to.deep.equal([]);
    });

    for (const flag of flagNames(spec.command).filter((name) => name in spec.kinds)) {
      const kind = spec.kinds[flag];
      const isBoolean = kind === 'boolean';
      const rows: Array<{ label: string; args: string[]; expect: Expect; value?: string }> = isBoolean
        ? [
            { label: 'a value given to a boolean (--flag=yes)', args: [`--${flag}=yes`], expect: 'refuse' },
            { label: 'given twice', args: [`--${flag}`, `--${flag}`], expect: 'either' },
          ]
        : KINDS[kind].map(([key, outcome]) => ({ label: VALUES[key].label, args: [`--${flag}`, VALUES[key].value], expect: outcome, value: VALUES[key].value }));

      for (const row of rows) {
        it(`${spec.id} --${flag}: ${row.label} → ${row.expect}`, async () => {
          counts.inputsTried += 1;
          const out = mkdtempSync(path.join(cwd, 'out-'));
          rmSync(out, { recursive: true });
          const ctx = { env, out };
          let args = withoutFlag(spec.base(ctx), flag, isBoolean);
          for (const excluded of spec.without?.[flag] ?? []) args = withoutFlag(args, excluded, isBooleanFlag(spec.command, excluded));
          const before = new Set(filesUnder(root).map(({ file }) => file));
          const run: Run = await runCommand(env, spec.command, [...args, ...(spec.with?.[flag] ?? []), ...row.args, '--json'], {
            secretAllowed: spec.id === 'credentials',
          });
          const written = filesUnder(root).map(({ file }) => file).filter((file) => !before.has(file));
          const sent = operations(env, run.from);
          const detail = `exit ${run.exitCode}: ${run.error?.message ?? 'ok'}`;

          if (run.exitCode === 2) {
            // Named: the flag, or the value itself (an unknown profile, oclif's "Unexpected argument: yes").
            const value = row.value ?? '';
            const shownPath = kind === 'outputPath' ? path.relative(cwd, path.resolve(value)) || '.' : value;
            const named = run.error!.message.includes(flag) || (shownPath !== '' && run.error!.message.includes(shownPath.slice(0, 40)));
            expect(named || (isBoolean && run.error!.message.includes('yes')), `the error names --${flag} or its value: ${run.error!.message}`).to.equal(true);
            expect(written, 'nothing written on bad input').to.deep.equal([]);
            expect(sent, 'nothing deployed on bad input').not.to.include('deploy');
          } else if (run.exitCode !== 0 && run.error) {
            expect(run.error?.message ?? '', detail).not.to.match(UNCLEAR);
            expect(run.error?.message ?? '', detail).not.to.equal('');
            expect(sent, 'nothing deployed on an error').not.to.include('deploy');
          }
          if (row.expect === 'refuse') {
            // The org flag is core's: an unknown alias is its NoAuthInfoFound error (exit 1), which names the value.
            if (kind === 'org') expect(run.error?.message, detail).to.contain(row.value ?? '');
            else expect(run.exitCode, detail).to.equal(2);
          }
          if (row.expect === 'accept') expect(run.exitCode, detail).to.equal(0);
          if (run.exitCode === 0) checkAccepted(spec, flag, kind, row.value, written, ctx, args.includes('--dry-run'));
        });
      }
    }
  }

  /** An accepted value gives a correct result: text round-trips into the files, and files land only where asked. */
  function checkAccepted(spec: CommandSpec, flag: string, kind: Kind, value: string | undefined, written: string[], ctx: Ctx, dryRun: boolean): void {
    // A --dry-run leaves the org as it was, so --output-dir (which mirrors the org) stays empty. Text round trips
    // through create are in label-roundtrip.test.ts; paths and text into files through generate and create's real runs.
    if (dryRun) {
      expect(written, '--dry-run writes no files').to.deep.equal([]);
      return;
    }
    if (value === undefined) return;
    if (kind === 'outputPath') {
      const target = path.resolve(value);
      expect(written.length, 'something was written').to.be.greaterThan(0);
      for (const file of written) expect(file.startsWith(target), `${file} is under ${target}`).to.equal(true);
      for (const file of written) rmSync(file, { force: true });
      return;
    }
    if ((kind === 'label' || kind === 'description') && value !== '' && (spec.id === 'generate' || spec.id === 'create')) {
      const header = filesUnder(ctx.out).find(({ file }) => file.endsWith('.eca-meta.xml'));
      expect(header, 'the header file was written').not.to.equal(undefined);
      const escaped = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const xml = readFileSync(header!.file, 'utf8');
      expect(xml.includes(`<${flag}>${escaped}</${flag}>`) || xml.includes(`<${flag}>${escaped.replace(/"/g, '&quot;').replace(/'/g, '&apos;')}</${flag}>`), xml).to.equal(true);
    }
    if (existsSync(ctx.out)) rmSync(ctx.out, { recursive: true, force: true });
  }
});
