import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';

const MOCHA = resolve('node_modules/mocha/bin/mocha.js');
const REPORTER = resolve('scripts/summary-reporter.cjs');

/** Runs mocha with our reporter on a throw-away spec file and returns its output lines. */
function runSuite(spec: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'dz-summary-'));
  try {
    writeFileSync(join(dir, 'suite.test.cjs'), spec);
    const run = spawnSync(process.execPath, [MOCHA, '--no-config', '--reporter', REPORTER, 'suite.test.cjs'], {
      cwd: dir,
      encoding: 'utf8',
    });
    return run.stdout.trimEnd().split('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The pattern .ci/run greps the summary with, read from the script itself. */
function ciSummaryPattern(): RegExp {
  const script = readFileSync(resolve('.ci/run'), 'utf8');
  const match = /grep -E '([^']+)'/.exec(script);
  expect(match, '.ci/run greps the summary line').to.not.equal(null);
  return new RegExp(match![1]);
}

describe('the test run closing line', () => {
  it('counts passed, failed and skipped (pending) tests, and .ci/run parses it', () => {
    const lines = runSuite(`
      describe('s', () => {
        it('passes', () => {});
        it('passes too', () => {});
        it('fails', () => { throw new Error('no'); });
        it('is pending');
        (false ? describe : describe.skip)('absent tool', () => { it('a', () => {}); it('b', () => {}); });
        it('skips itself', function () { this.skip(); });
      });
    `);
    const last = lines.at(-1)!;
    expect(last).to.equal('2 passed, 1 failed, 4 skipped');
    expect(ciSummaryPattern().test(last)).to.equal(true);
  });

  it('reads 0 skipped when nothing is skipped', () => {
    expect(runSuite(`it('passes', () => {});`).at(-1)).to.equal('1 passed, 0 failed, 0 skipped');
  });

  it('.ci/run folds the three counts into its own variables', () => {
    const script = readFileSync(resolve('.ci/run'), 'utf8');
    const parse = /^if \[ -n "\$summary" \]; then\n[\s\S]*?^fi$/m.exec(script);
    expect(parse, '.ci/run parses the summary').to.not.equal(null);
    const run = spawnSync('bash', ['-c', `summary='12 passed, 3 failed, 9 skipped'\n${parse![0]}\necho "$passed/$failed/$skipped"`], {
      encoding: 'utf8',
    });
    expect(run.stdout.trim()).to.equal('12/3/9');
  });

  it('.ci/run ends with the same three-count line', () => {
    const script = readFileSync(resolve('.ci/run'), 'utf8');
    expect(script).to.contain('echo "$passed passed, $failed failed, $skipped skipped"');
  });
});
