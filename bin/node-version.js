// Checked before @oclif/core is imported: on an older Node the import itself crashes (undici needs Node >= 22.19) with a
// TypeError that names no version. The text therefore lives here, not in messages/, because loading messages needs
// @salesforce/core — the very import that fails.
import { readFileSync } from 'node:fs';

function parseVersion(text) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
  return match ? match.slice(1, 4).map(Number) : undefined;
}

function compare(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * Whether a Node version satisfies an engines range of the forms `^X.Y.Z` or `>=X.Y.Z`; other forms are not judged
 * here (undefined), so a range this check cannot read never blocks the plugin.
 *
 * @param {string} found e.g. process.versions.node
 * @param {string} range e.g. package.json engines.node
 * @returns {boolean | undefined}
 */
export function satisfiesEngine(found, range) {
  const version = parseVersion(found);
  const match = /^\s*(\^|>=)\s*(\d+\.\d+\.\d+)\s*$/.exec(range);
  if (!version || !match) return undefined;
  const minimum = parseVersion(match[2]);
  if (compare(version, minimum) < 0) return false;
  return match[1] === '>=' || version[0] === minimum[0];
}

/**
 * Exits with code 1 and a one-line message when the running Node is outside package.json's engines.node.
 *
 * @param {string} found
 */
export function exitUnlessNodeSupported(found = process.versions.node) {
  const range = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines?.node;
  if (!range || satisfiesEngine(found, range) !== false) return;
  process.stderr.write(
    `Error: plugin-dropzone needs Node.js ${range} (package.json engines.node) but found ${found}. ` +
      'Try this: install Node.js 22.19 or a later 22.x (e.g. `nvm install 22`) and run the command again.\n'
  );
  process.exit(1);
}
