import { loadMessages } from '../cli/messages.js';
import type { OptionFlag } from '@oclif/core/interfaces';
// @oclif/core's flags, not sf-plugins-core's: its Flags module imports all of @salesforce/core, and generate uses these.
import { Flags } from '@oclif/core';

const messages = loadMessages('errors');

/** The longest file or folder name Linux, macOS and Windows file systems all take, in bytes. */
const MAX_NAME_BYTES = 255;

/** A path the user typed: not empty, and no part longer than a file system can hold. */
export function checkPathValue(input: string): string {
  if (input.trim() === '') throw new Error(messages.getMessage('path-empty'));
  const long = input.split(/[\\/]/).find((part) => Buffer.byteLength(part) > MAX_NAME_BYTES);
  if (long !== undefined) throw new Error(messages.getMessage('path-name-too-long', [`${long.slice(0, 40)}…`, String(MAX_NAME_BYTES)]));
  return input;
}

type PathFlagOptions = { summary: string; description?: string; char?: 'd'; dependsOn?: string[]; exclusive?: string[] };

/** A folder to write into (created when absent). */
export const outputDirFlag = (options: PathFlagOptions): OptionFlag<string | undefined> =>
  Flags.directory({ ...options, parse: async (input) => Promise.resolve(checkPathValue(input)) });

/** A file to write. */
export const outputFileFlag = (options: PathFlagOptions): OptionFlag<string | undefined> =>
  Flags.file({ ...options, parse: async (input) => Promise.resolve(checkPathValue(input)) });

/** A folder to read (whether it exists is the command's to say, with its own actions). */
export const inputDirFlag = (options: PathFlagOptions): OptionFlag<string | undefined> =>
  Flags.directory({ ...options, parse: async (input) => Promise.resolve(checkPathValue(input)) });
