import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { SfError } from '@salesforce/core/sfError';
import { exitCodeOf } from '../../../src/cli/offline-command.js';
import { formatTable } from '../../../src/cli/text-table.js';
import { configuredApiVersion } from '../../../src/flags/offline-api-version.js';

describe('cli/offline-command: what generate keeps from SfCommand without loading it', () => {
  it('exit codes follow sf-plugins-core: gack 20, TypeError 10, oclif exit, exitCode, else 1', () => {
    expect(exitCodeOf(new Error('An unexpected error occurred. 1234567890-12345 (-1234567890)'))).to.equal(20);
    expect(exitCodeOf(new TypeError('x is not a function'))).to.equal(10);
    expect(exitCodeOf(Object.assign(new Error('Parsing --x'), { oclif: { exit: 2 } }))).to.equal(2);
    expect(exitCodeOf(new SfError('bad', 'BadError', [], 2))).to.equal(2);
    expect(exitCodeOf(new Error('plain'))).to.equal(1);
    expect(exitCodeOf(new Error('wrapped', { cause: new TypeError('inner') }))).to.equal(10);
  });

  it('formats a boxed table with every column as wide as its widest cell', () => {
    const table = formatTable({ data: [{ a: 'x', b: 'longer' }, { a: 'wide cell', b: '' }], columns: [{ key: 'a', name: 'A' }, { key: 'b', name: 'Bee' }] });
    expect(table.split('\n')).to.deep.equal([
      '┌───────────┬────────┐',
      '│ A         │ Bee    │',
      '├───────────┼────────┤',
      '│ x         │ longer │',
      '│ wide cell │        │',
      '└───────────┴────────┘',
    ]);
  });
});

describe('flags/offline-api-version: org-api-version read where sf config keeps it', () => {
  let root: string;
  let home: string;
  let savedHome: string | undefined;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'dropzone-apiver-'));
    home = path.join(root, 'home');
    mkdirSync(path.join(home, '.sf'), { recursive: true });
    savedHome = process.env.HOME;
    process.env.HOME = home;
  });
  afterEach(() => {
    process.env.HOME = savedHome;
    rmSync(root, { recursive: true, force: true });
  });

  it('the variable beats the project config, which beats the global one; nothing set is undefined', async () => {
    const project = path.join(root, 'project');
    mkdirSync(path.join(project, '.sf'), { recursive: true });
    mkdirSync(path.join(project, 'force-app'), { recursive: true });
    writeFileSync(path.join(project, 'sfdx-project.json'), '{"packageDirectories":[{"path":"force-app","default":true}]}');
    expect(await configuredApiVersion(project, {})).to.equal(undefined);
    writeFileSync(path.join(home, '.sf', 'config.json'), '{"org-api-version":"64.0"}');
    expect(await configuredApiVersion(path.join(project, 'force-app'), {})).to.deep.include({ value: '64.0' });
    writeFileSync(path.join(project, '.sf', 'config.json'), '{"org-api-version":"65.0"}');
    expect(await configuredApiVersion(path.join(project, 'force-app'), {})).to.deep.equal({ value: '65.0', source: path.join(project, '.sf', 'config.json') });
    expect(await configuredApiVersion(project, { SF_ORG_API_VERSION: '66.0' })).to.deep.equal({ value: '66.0', source: 'SF_ORG_API_VERSION' });
  });

  it('ignores an unreadable config file', async () => {
    writeFileSync(path.join(home, '.sf', 'config.json'), '{not json');
    expect(await configuredApiVersion(root, {})).to.equal(undefined);
  });
});
