import { Messages } from '@salesforce/core/messages';
import { SfError } from '@salesforce/core/sfError';
import { VALIDATE_EXIT } from '../report/exit-codes.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-dropzone', 'dropzone.app.validate');

export type ValidateErrorKind = 'error' | 'badInput' | 'interrupted';

/** An error of `validate`, with its text from messages/dropzone.app.validate.md and the documented exit code. */
export function validateError(
  key: string,
  kind: ValidateErrorKind,
  tokens: readonly string[] = [],
  actionTokens: readonly string[] = []
): SfError {
  return messages.createError(key, [...tokens], [...actionTokens], VALIDATE_EXIT[kind]);
}

export function validateText(key: string, tokens: readonly string[] = []): string {
  return messages.getMessage(key, [...tokens]);
}
