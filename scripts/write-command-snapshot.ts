// Writes command-snapshot.json (every command's flags, chars and aliases) after a reviewed change to a command's flags.
import { writeFileSync } from 'node:fs';
import { commandSnapshots } from '../test/helpers/contracts.js';

const snapshots = await commandSnapshots(process.cwd(), 'plugin-dropzone');
writeFileSync('command-snapshot.json', `${JSON.stringify(snapshots, null, 2)}\n`);
console.log(`command-snapshot.json: ${snapshots.length} commands`);
