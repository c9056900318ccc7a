import { Messages } from '@salesforce/core/messages';
import { Flags } from '@salesforce/sf-plugins-core';
import { DEFAULT_API_VERSION, DEFAULT_APP_LABEL, DEFAULT_APP_NAME, DEFAULT_PROFILE } from '../spec/app-spec.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-dropzone', 'app-flags');

/** The flags that describe the app, shared by `generate` and `create`. */
export const appFlags = {
  name: Flags.string({
    char: 'n',
    summary: messages.getMessage('flags.name.summary'),
    description: messages.getMessage('flags.name.description'),
    default: DEFAULT_APP_NAME,
  }),
  label: Flags.string({
    char: 'l',
    summary: messages.getMessage('flags.label.summary'),
    default: DEFAULT_APP_LABEL,
  }),
  description: Flags.string({
    summary: messages.getMessage('flags.description.summary'),
  }),
  'contact-email': Flags.string({
    char: 'e',
    summary: messages.getMessage('flags.contact-email.summary'),
    required: true,
  }),
  'org-type': Flags.option({
    summary: messages.getMessage('flags.org-type.summary'),
    description: messages.getMessage('flags.org-type.description'),
    options: ['production', 'sandbox'] as const,
  })(),
  'callback-url': Flags.string({
    summary: messages.getMessage('flags.callback-url.summary'),
    description: messages.getMessage('flags.callback-url.description'),
  }),
  profile: Flags.string({
    char: 'p',
    summary: messages.getMessage('flags.profile.summary'),
    description: messages.getMessage('flags.profile.description', [DEFAULT_PROFILE]),
    multiple: true,
  }),
  'permission-set': Flags.string({
    summary: messages.getMessage('flags.permission-set.summary'),
    multiple: true,
  }),
  'session-timeout': Flags.integer({
    summary: messages.getMessage('flags.session-timeout.summary'),
    description: messages.getMessage('flags.session-timeout.description'),
  }),
};

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
