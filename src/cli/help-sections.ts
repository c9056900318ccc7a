import type { HelpSection } from '@oclif/core';
import { loadMessages, type MessageBundle } from './messages.js';

const flagMessages = loadMessages('app-flags');

/**
 * A command's exit codes for its ERROR CODES help section, in sf's layout ("Name (code)": what it means), from the
 * command's `errorCode.<Name>` messages. Pass the result to sf-plugins-core's toHelpSection or to helpSection.
 */
export function errorCodeDescriptions(messages: Pick<MessageBundle, 'getMessage'>, codes: Record<string, number>): Record<string, string> {
  return Object.fromEntries(Object.entries(codes).map(([name, code]) => [`${name} (${code})`, messages.getMessage(`errorCode.${name}`)]));
}

/** The variable every org request of the plugin reads, for an ENVIRONMENT VARIABLES help section. */
export function requestTimeoutVariable(): Record<string, string> {
  return { SF_DROPZONE_REQUEST_TIMEOUT: flagMessages.getMessage('env.SF_DROPZONE_REQUEST_TIMEOUT') };
}

/** sf-plugins-core's toHelpSection for plain entries, without loading @salesforce/core (for OfflineCommand). */
export function helpSection(header: string, entries: Record<string, string>): HelpSection {
  return { header, body: Object.entries(entries).map(([name, description]) => ({ name, description })) };
}
