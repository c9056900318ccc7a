/**
 * Each command's --help as users read it (the sections sf adds included), rendered in-process at a fixed width without
 * colour, from the source commands (not a possibly stale manifest), for the committed help snapshots.
 */
import { join } from 'node:path';
import { Command, Config } from '@oclif/core';
import SfStyleHelp from '../../src/cli/command-help.js';
import { commandFiles } from './contracts.js';

export const HELP_SNAPSHOT_DIR = join('test', 'snapshots', 'help');
export const HELP_WIDTH = 100;

class CapturingHelp extends SfStyleHelp {
  public readonly lines: string[] = [];

  protected log(...args: string[]): void {
    this.lines.push(args.join(' '));
  }
}

/** The file name of a command's snapshot: `dropzone:app:create` → `create.txt`. */
export const helpSnapshotFile = (id: string): string => `${id.split(':').at(-1) ?? id}.txt`;

export async function commandHelpTexts(root: string): Promise<Array<{ id: string; text: string }>> {
  const config = await Config.load({ root, ignoreManifest: true });
  const texts: Array<{ id: string; text: string }> = [];
  for (const { id } of commandFiles(root)) {
    const command: Command.Loadable | undefined = config.findCommand(id);
    if (!command) throw new Error(`${id}: not found by oclif`);
    const help = new CapturingHelp(config, { stripAnsi: true, maxWidth: HELP_WIDTH });
    await help.showCommandHelp(command);
    texts.push({ id, text: `${help.lines.join('\n').replace(/[ \t]+$/gm, '').trimEnd()}\n` });
  }
  return texts;
}
