import { mkdtempSync, rmSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { OutputFileError, checkOutputFile, writeSecretFile } from '../../../src/oauth/secret-file.js';

const problemOf = async (promise: Promise<unknown>): Promise<string | undefined> =>
  promise.then(
    () => undefined,
    (error: unknown) => (error instanceof OutputFileError ? error.problem : String(error))
  );

describe('oauth/secret-file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'secret-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a new file with mode 0600 holding the secret and a newline', async () => {
    const target = path.join(dir, 'secret.txt');
    await writeSecretFile(target, 'S3CRET', false);
    expect(await fs.readFile(target, 'utf8')).to.equal('S3CRET\n');
    if (process.platform !== 'win32') expect((await fs.stat(target)).mode & 0o777).to.equal(0o600);
  });

  it('keeps 0600 even under a permissive umask', async () => {
    const previous = process.umask(0);
    try {
      const target = path.join(dir, 'secret.txt');
      await writeSecretFile(target, 'S3CRET', false);
      if (process.platform !== 'win32') expect((await fs.stat(target)).mode & 0o777).to.equal(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it('refuses an existing file without --force, and replaces it (as 0600) with --force', async () => {
    const target = path.join(dir, 'secret.txt');
    await fs.writeFile(target, 'old', { mode: 0o644 });
    expect(await problemOf(writeSecretFile(target, 'NEW', false))).to.equal('exists');
    expect(await fs.readFile(target, 'utf8')).to.equal('old');
    await writeSecretFile(target, 'NEW', true);
    expect(await fs.readFile(target, 'utf8')).to.equal('NEW\n');
    if (process.platform !== 'win32') expect((await fs.stat(target)).mode & 0o777).to.equal(0o600);
    expect((await fs.readdir(dir)).sort()).to.deep.equal(['secret.txt']);
  });

  it('never writes through a symbolic link, even with --force; the link target is untouched', async () => {
    const victim = path.join(dir, 'victim.txt');
    await fs.writeFile(victim, 'precious');
    const link = path.join(dir, 'link.txt');
    await fs.symlink(victim, link);
    expect(await problemOf(writeSecretFile(link, 'S3CRET', true))).to.equal('link');
    expect(await problemOf(checkOutputFile(link, false))).to.equal('link');
    expect(await fs.readFile(victim, 'utf8')).to.equal('precious');
    const dangling = path.join(dir, 'dangling.txt');
    await fs.symlink(path.join(dir, 'nowhere.txt'), dangling);
    expect(await problemOf(writeSecretFile(dangling, 'S3CRET', false))).to.equal('link');
    expect(await fs.readdir(dir)).not.to.include('nowhere.txt');
  });

  it('refuses a directory and a path whose folder does not exist', async () => {
    expect(await problemOf(checkOutputFile(dir, true))).to.equal('directory');
    expect(await problemOf(checkOutputFile(path.join(dir, 'missing', 'secret.txt'), false))).to.equal('no-folder');
    const file = path.join(dir, 'file');
    await fs.writeFile(file, '');
    expect(await problemOf(checkOutputFile(path.join(file, 'secret.txt'), false))).to.equal('no-folder');
  });

  it('refuses a special file such as /dev/null, even with --force', async function () {
    if (process.platform === 'win32') this.skip();
    expect(await problemOf(checkOutputFile('/dev/null', true))).to.equal('not-a-file');
  });

  it('accepts a folder reached through a link (only the last component decides where bytes go)', async () => {
    const real = path.join(dir, 'real');
    await fs.mkdir(real);
    await fs.symlink(real, path.join(dir, 'via'));
    await writeSecretFile(path.join(dir, 'via', 'secret.txt'), 'S3CRET', false);
    expect(await fs.readFile(path.join(real, 'secret.txt'), 'utf8')).to.equal('S3CRET\n');
  });
});
