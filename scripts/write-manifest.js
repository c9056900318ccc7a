// Writes oclif.manifest.json from the built commands, so `sf` and bin/run.js find a command without loading the others.
import { rm, writeFile } from 'node:fs/promises';
import { Config } from '@oclif/core';

const root = new URL('..', import.meta.url).pathname;
// oclif reads an existing manifest instead of the commands: start from none.
await rm(new URL('../oclif.manifest.json', import.meta.url), { force: true });
const config = await Config.load({ root, devPlugins: false, userPlugins: false });
const plugin = config.getPluginsList().find((candidate) => candidate.root === config.root);
const { commands } = plugin.manifest;
const manifest = { commands, version: config.version };
await writeFile(new URL('../oclif.manifest.json', import.meta.url), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`oclif.manifest.json: ${Object.keys(commands).length} commands`);
