import { loadMessages } from '../cli/messages.js';
// @oclif/core's flags, not sf-plugins-core's: its Flags module imports all of @salesforce/core, and generate uses these.
import { Flags } from '@oclif/core';
import type { OptionFlag } from '@oclif/core/interfaces';
import { DEFAULT_APP_LABEL, DEFAULT_APP_NAME, DEFAULT_PROFILE, SESSION_TIMEOUT_MINUTES } from '../spec/app-spec.js';

const messages = loadMessages('app-flags');

/** --session-timeout in minutes, limited to the values Setup offers, which help lists as its options. */
export function sessionTimeoutFlag(summary: string, description?: string): OptionFlag<number | undefined> {
  return Flags.custom<number>({
    summary,
    description,
    options: SESSION_TIMEOUT_MINUTES.map(String),
    parse: async (input) => Promise.resolve(Number(input)),
  })();
}

/**
 * --profile, whose default differs: generate cannot know the org and writes the guide's profile; create pre-authorizes
 * the profile of the user who will authorize the connector.
 */
export function profileFlag(command: 'generate' | 'create'): OptionFlag<string[] | undefined> {
  return Flags.string({
    char: 'p',
    summary: messages.getMessage('flags.profile.summary'),
    description: messages.getMessage('flags.profile.description', [command === 'generate' ? DEFAULT_PROFILE : messages.getMessage('flags.profile.default.create')]),
    multiple: true,
  });
}

/** The flags that describe the app, shared by `generate` and `create` (create replaces --profile with its own). */
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
  profile: profileFlag('generate'),
  'permission-set': Flags.string({
    summary: messages.getMessage('flags.permission-set.summary'),
    description: messages.getMessage('flags.permission-set.description'),
    multiple: true,
  }),
  'session-timeout': sessionTimeoutFlag(messages.getMessage('flags.session-timeout.summary'), messages.getMessage('flags.session-timeout.description')),
};
