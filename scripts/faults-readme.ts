/**
 * Writes the counts of the fault and bad-input suite (.tmp/fault-counts.json, written by test/faults/harness.ts when
 * the suite ends) into README.md between <!-- faults:start --> and <!-- faults:end -->, in the "Robustness" section
 * (created before "## Development" when missing). `--run` runs the suite first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const countsFile = path.join(root, '.tmp', 'fault-counts.json');
const readme = path.join(root, 'README.md');
const START = '<!-- faults:start -->';
const END = '<!-- faults:end -->';

type Counts = {
  faultsInjected: number;
  faultKinds: Record<string, number>;
  sessionScenarios: number;
  inputsTried: number;
  propertyCases: number;
  commandRuns: number;
  secretScans: number;
  leaks: number;
  tests: number;
  failures: number;
  durationMs: number;
  node: string;
  at: string;
};

if (process.argv.includes('--run')) {
  const run = spawnSync('npx', ['mocha', 'test/faults/**/*.test.ts', 'test/input/**/*.test.ts'], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) console.error(`The suite failed (exit ${String(run.status)}); the counts record the failures.`);
}
if (!existsSync(countsFile)) throw new Error(`${countsFile} is missing: run "npx mocha 'test/faults/**/*.test.ts' 'test/input/**/*.test.ts'" first.`);
const counts = JSON.parse(readFileSync(countsFile, 'utf8')) as Counts;
const kinds = Object.entries(counts.faultKinds)
  .map(([kind, n]) => `${n} × ${kind}`)
  .join(', ');

const block = [
  START,
  '<!-- Written by `npm run faults:readme` from the last run of test/faults and test/input. Do not edit by hand. -->',
  `Last run ${counts.at.slice(0, 10)} (Node ${counts.node}), in CI with \`npm test\`: the commands run against the local org emulator, with the sf log at trace level.`,
  '',
  '| What | Count |',
  '|---|---|',
  `| Network faults injected at every org call of create, validate and credentials (${kinds}) | ${counts.faultsInjected} |`,
  `| Session scenarios (expired before / during the run, refresh token revoked) | ${counts.sessionScenarios} |`,
  `| Flag values tried (every flag of every command: empty, too long, wrong type, unicode, XML, shell, path traversal) | ${counts.inputsTried} |`,
  `| Property cases (random labels and descriptions through create → retrieve, and invalid ones) | ${counts.propertyCases} |`,
  `| Command runs scanned for secrets (output, JSON, files written, and the sf trace log) | ${counts.secretScans} |`,
  `| Secrets leaked | ${counts.leaks} |`,
  `| Tests / failures | ${counts.tests} / ${counts.failures} |`,
  `| Suite time | ${Math.round(counts.durationMs / 1000)} s |`,
  END,
].join('\n');

// Re-read right before writing: others edit the README too.
const text = readFileSync(readme, 'utf8');
let updated: string;
if (text.includes(START) && text.includes(END)) {
  updated = text.slice(0, text.indexOf(START)) + block + text.slice(text.indexOf(END) + END.length);
} else {
  const section = `## Robustness\n\nWhat happens when the network, the session or the input is bad, measured by the fault and bad-input suite (\`test/faults\`, \`test/input\`).\n\n${block}\n\n`;
  const anchor = text.indexOf('## Development');
  updated = anchor >= 0 ? text.slice(0, anchor) + section + text.slice(anchor) : `${text.trimEnd()}\n\n${section}`;
}
if (updated !== text) writeFileSync(readme, updated);
console.log(block);
