import { Messages } from '@salesforce/core/messages';
import { DeployComponentFailure } from '../org/types.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-dropzone', 'deploy-failures');

/** Known deploy problems, matched on the org's message, each with the key of its "Try this" action. */
const KNOWN_PROBLEMS: ReadonlyArray<{ readonly key: string; readonly pattern: RegExp }> = [
  { key: 'jwt-session', pattern: /does not support JWT-based access tokens/i },
  { key: 'feature-off', pattern: /not available for deploy for this organization|External Client Apps? (are|is) not enabled/i },
  { key: 'duplicate-name', pattern: /already exists|duplicate value found|duplicate_developer_name|already in use/i },
  { key: 'unknown-permission-set', pattern: /permission ?set\b.*(not found|does not exist|unknown|invalid|no such)/i },
  { key: 'unknown-profile', pattern: /profile\b.*(not found|does not exist|unknown|invalid|no such)/i },
  { key: 'invalid-element', pattern: /invalid at this location|not valid in version/i },
  { key: 'secret-api-access-off', pattern: /enableConsumerSecretApiAccess|consumer secrets via Metadata API/i },
  { key: 'permission-missing', pattern: /insufficient access|insufficient privileges|not authorized|ExternalClientApp(Developer|Admin)/i },
];

export type ExplainedFailure = DeployComponentFailure & { readonly action?: string };

/** Adds the action that fixes each failure the plugin recognizes; unknown ones keep the org's message alone. */
export function explainFailures(failures: readonly DeployComponentFailure[]): ExplainedFailure[] {
  return failures.map((failure) => {
    const known = KNOWN_PROBLEMS.find((problem) => problem.pattern.test(failure.problem));
    return known ? { ...failure, action: messages.getMessage(known.key) } : failure;
  });
}
