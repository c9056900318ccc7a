import { EXIT_BAD_INPUT } from '../spec/errors.js';

/**
 * oclif reports a value a flag's parser refused as "Parsing --<flag> …" but keeps the parser's exit code, which is 1
 * for sf-plugins-core's duration and API-version flags. It is bad input like any other flag error: exit 2.
 */
export function parseErrorsAreBadInput(error: unknown): never {
  if (error instanceof Error && /^Parsing --[\w-]+/.test(error.message)) {
    const flagged = error as Error & { exitCode?: number; oclif?: { exit?: number } };
    flagged.exitCode = EXIT_BAD_INPUT;
    flagged.oclif = { ...flagged.oclif, exit: EXIT_BAD_INPUT };
  }
  throw error;
}
