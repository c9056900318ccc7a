import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as nodeModule from 'node:module';
import { expect } from 'chai';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'run.js');

/** Records every module the process resolves (ESM and CommonJS) into the file $MODULE_TRACE. */
const TRACE_HOOK = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module';
import { appendFileSync } from 'node:fs';
registerHooks({ resolve(specifier, context, next) { const found = next(specifier, context); appendFileSync(process.env.MODULE_TRACE, found.url + '\\n'); return found; } });
`)}`;

/** What only org commands need: org I/O (jsforce), zip, the logger and its worker, sf-plugins-core, ink tables. */
const ORG_ONLY = [/@jsforce\//, /\/jszip\//, /\/pino\//, /\/thread-stream\//, /@salesforce\/sf-plugins-core\//, /@oclif\/table\//, /@salesforce\/core\/lib\/(org|logger|config)\//];

// Structure, not timing: a module list says why generate is fast or slow on any machine (the timing is npm run bench's).
describe('generate loads no org code (built plugin, bin/run.js)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dropzone-modules-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function modulesOf(...args: string[]): string[] {
    const trace = path.join(dir, 'modules.txt');
    const run = spawnSync(process.execPath, ['--import', TRACE_HOOK, bin, 'dropzone', 'app', 'generate', ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, HOME: dir, MODULE_TRACE: trace, SF_DISABLE_TELEMETRY: 'true' },
    });
    expect(run.status, run.stderr).to.be.oneOf([0, 2]);
    return readFileSync(trace, 'utf8').split('\n').filter(Boolean);
  }

  it('writes the app without loading jsforce, zip, the logger, sf-plugins-core or @oclif/table', function () {
    if (!('registerHooks' in nodeModule)) this.skip();
    const modules = modulesOf('--contact-email', 'admin@example.com', '--output-dir', 'out');
    expect(modules.some((url) => url.includes('/lib/commands/dropzone/app/generate.js')), 'the trace saw the command').to.equal(true);
    expect(modules.filter((url) => ORG_ONLY.some((pattern) => pattern.test(url)))).to.deep.equal([]);
  });

  it('refuses bad input (exit 2) without loading them either', function () {
    if (!('registerHooks' in nodeModule)) this.skip();
    const modules = modulesOf('--contact-email', 'nope', '--output-dir', 'out', '--json');
    expect(modules.filter((url) => ORG_ONLY.some((pattern) => pattern.test(url)))).to.deep.equal([]);
  });
});
