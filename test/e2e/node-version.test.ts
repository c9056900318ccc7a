import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const systemNode = '/usr/bin/node';
const engines = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;

describe('bin/run.js and bin/dev.js on an unsupported Node', function () {
  this.timeout(60_000);
  let found = '';

  before(function () {
    if (!existsSync(systemNode)) {
      this.skip(); // no second Node on this machine to run the plugin with
    }
    found = spawnSync(systemNode, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    if (Number(found.split('.')[0]) >= 22) {
      this.skip(); // the system Node is itself supported, so it cannot show the refusal
    }
  });

  for (const script of ['run.js', 'dev.js']) {
    it(`${script} names the needed and the found version in one line and exits 1`, () => {
      const result = spawnSync(systemNode, [path.join(root, 'bin', script), 'dropzone', 'app', 'generate', '--help'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
      expect(result.status).to.equal(1);
      expect(result.stdout).to.equal('');
      const lines = result.stderr.trim().split('\n');
      expect(lines, result.stderr).to.have.length(1);
      expect(lines[0]).to.include(`needs Node.js ${engines}`).and.include(`found ${found}`).and.include('Try this');
      expect(result.stderr).not.to.include('TypeError');
    });
  }
});
