// Writes test/snapshots/help/<command>.txt (each command's --help) after a reviewed change to a command's help text.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HELP_SNAPSHOT_DIR, commandHelpTexts, helpSnapshotFile } from '../test/helpers/help-text.js';

const texts = await commandHelpTexts(process.cwd());
mkdirSync(HELP_SNAPSHOT_DIR, { recursive: true });
for (const { id, text } of texts) writeFileSync(join(HELP_SNAPSHOT_DIR, helpSnapshotFile(id)), text);
console.log(`${HELP_SNAPSHOT_DIR}: ${texts.length} commands`);
