import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// Packs the plugin, installs the tarball as users get it (a dependency, no overrides) and runs generate on Node 22.
// The first run downloads Node 22 from the npm registry into .tmp/node22; later runs reuse it.
describe('installed as users install it (npm pack → dependency → Node 22)', function () {
  this.timeout(15 * 60_000);

  it('generates force-app byte for byte, answers --help, and refuses bad input with exit code 2', () => {
    const run = spawnSync('bash', [path.join(root, 'scripts', 'packaged-e2e.sh')], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    const output = `${run.stdout}${run.stderr}`;
    const last = output.trim().split('\n').pop() ?? '';
    expect(last, output).to.match(/^packaged: ok /);
    expect(run.status, output).to.equal(0);
  });
});
