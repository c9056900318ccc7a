import { loadMessages } from '../cli/messages.js';
import { SfError } from '@salesforce/core/sfError';
import { InputError } from './validate-input.js';

const messages = loadMessages('errors');

/** Exit code of a command run with bad input (flags or files), before any change was made. */
export const EXIT_BAD_INPUT = 2;

/** Turns a bad flag into the error users see: the flag, what is wrong, and what is allowed. */
export function inputErrorToSfError(error: InputError): SfError {
  const problem = messages.getMessage(error.rule, [...error.args]);
  return messages.createError('InvalidFlagValue', [error.flag, problem], [], EXIT_BAD_INPUT);
}

/** A message of messages/errors.md, for text that is part of a larger error. */
export function errorText(key: string, tokens: readonly string[] = []): string {
  return messages.getMessage(key, [...tokens]);
}

export function createError(key: string, tokens: readonly string[] = [], actionTokens: readonly string[] = [], exitCode = 1): SfError {
  return messages.createError(key, [...tokens], [...actionTokens], exitCode);
}
