import { Messages } from '@salesforce/core/messages';
import { Flags } from '@salesforce/sf-plugins-core';
import { DEFAULT_API_VERSION, DEFAULT_APP_NAME } from '../spec/app-spec.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-dropzone', 'app-flags');

/** The flags that need sf-plugins-core (an org, an API version checked against the org config), for org commands only. */
export const apiVersionFlag = Flags.orgApiVersion({
  summary: messages.getMessage('flags.api-version.summary'),
  description: messages.getMessage('flags.api-version.description', [DEFAULT_API_VERSION]),
});

/** The flags that point at an app already in an org, shared by `credentials` and `verify-login`. */
export const existingAppFlags = {
  'target-org': Flags.requiredOrg({ summary: messages.getMessage('flags.target-org.summary') }),
  'api-version': Flags.orgApiVersion({ summary: messages.getMessage('flags.existing-api-version.summary') }),
  name: Flags.string({
    char: 'n',
    summary: messages.getMessage('flags.existing-name.summary'),
    description: messages.getMessage('flags.existing-name.description', [DEFAULT_APP_NAME]),
    default: DEFAULT_APP_NAME,
  }),
};
