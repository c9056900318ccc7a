import path from 'node:path';
import { Messages } from '@salesforce/core/messages';
import { SfError } from '@salesforce/core/sfError';
import { Flags, toHelpSection } from '@salesforce/sf-plugins-core';
import { OrgCommand } from '../../../cli/org-command.js';
import { existingAppFlags } from '../../../flags/org-flags.js';
import { outputFileFlag } from '../../../flags/path-flags.js';
import { connectionFor } from '../../../org/connection.js';
import { explainSessionFailure } from '../../../org/session.js';
import { ConsumerCredentials, MIN_CREDENTIALS_API_VERSION, readCredentials } from '../../../org/credentials.js';
import { OutputFileError, checkOutputFile, writeSecretFile } from '../../../oauth/secret-file.js';
import { EXIT_BAD_INPUT } from '../../../spec/errors.js';
import { displayPath } from '../../../util/display-path.js';
import { checkAppName } from '../../../validate/expectation.js';
import { parseErrorsAreBadInput } from '../../../flags/parse-errors.js';
import { errorCodeDescriptions, requestTimeoutVariable } from '../../../cli/help-sections.js';
import { stepProgress } from '../../../ux/step-progress.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-dropzone', 'dropzone.app.credentials');

/**
 * `consumerSecret` is present exactly when `secretShown` is true (the secret is in this result); `secretFile` exactly
 * when the secret was written to --output-file instead.
 */
export type AppCredentialsResult = {
  name: string;
  appId: string;
  consumerId: string;
  consumerKey: string;
  keySource: 'rest' | 'metadata';
  secretShown: boolean;
  consumerSecret?: string;
  secretFile?: string;
  username: string;
};

const OUTPUT_FILE_ERRORS: Readonly<Record<OutputFileError['problem'], string>> = {
  exists: 'OutputFileExists',
  link: 'OutputFileIsLink',
  directory: 'OutputFileIsDirectory',
  'not-a-file': 'OutputFileNotAFile',
  'no-folder': 'OutputFileNoFolder',
};

function outputFileError(error: OutputFileError): SfError {
  const shown = displayPath(error.target);
  const actionTokens = error.problem === 'directory' ? [displayPath(path.join(error.target, 'dropzone-secret.txt'))] : [];
  return messages.createError(OUTPUT_FILE_ERRORS[error.problem], [shown], actionTokens, EXIT_BAD_INPUT);
}

export default class AppCredentials extends OrgCommand<AppCredentialsResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');
  public static readonly configurationVariablesSection = toHelpSection('CONFIGURATION VARIABLES', 'target-org', 'org-api-version');
  public static readonly envVariablesSection = toHelpSection('ENVIRONMENT VARIABLES', 'SF_TARGET_ORG', requestTimeoutVariable());
  public static readonly errorCodes = toHelpSection('ERROR CODES', errorCodeDescriptions(messages, { Succeeded: 0, Failed: 1, BadInput: EXIT_BAD_INPUT }));

  public static readonly flags = {
    ...existingAppFlags,
    'show-secret': Flags.boolean({ summary: messages.getMessage('flags.show-secret.summary') }),
    'no-prompt': Flags.boolean({ summary: messages.getMessage('flags.no-prompt.summary') }),
    'output-file': outputFileFlag({
      summary: messages.getMessage('flags.output-file.summary'),
      description: messages.getMessage('flags.output-file.description'),
      dependsOn: ['show-secret'],
    }),
    force: Flags.boolean({ summary: messages.getMessage('flags.force.summary'), dependsOn: ['output-file'] }),
  };

  public async run(): Promise<AppCredentialsResult> {
    const { flags } = await this.parse(AppCredentials).catch(parseErrorsAreBadInput);
    const name = checkAppName(flags.name);
    const apiVersion = flags['api-version'];
    if (apiVersion !== undefined && Number(apiVersion) < MIN_CREDENTIALS_API_VERSION) {
      throw messages.createError('ApiVersionTooLow', [apiVersion, String(MIN_CREDENTIALS_API_VERSION)], [String(MIN_CREDENTIALS_API_VERSION)], EXIT_BAD_INPUT);
    }
    const outputFile = flags['output-file'] === undefined ? undefined : path.resolve(flags['output-file']);
    if (outputFile !== undefined) await this.guard(() => checkOutputFile(outputFile, flags.force === true));

    const org = flags['target-org'];
    const username = org.getUsername() ?? org.getOrgId();
    const showSecret = flags['show-secret'] === true;
    const promptSkipped = flags['no-prompt'] === true || this.jsonEnabled();
    const wantsSecret = showSecret && (outputFile !== undefined || promptSkipped || (await this.confirmShowingSecret(name)));

    const credentials = await stepProgress(this)
      .run(
        messages.getMessage('info.reading', [name, username]),
        readCredentials(connectionFor(org, apiVersion), {
          appName: name,
          withSecret: wantsSecret,
          orgLabel: username,
          onKeyFallback: (refusal) => this.warn(messages.getMessage('warning.key-from-metadata', [refusal.message])),
        })
      )
      .catch(async (error: unknown) => {
        throw await explainSessionFailure(error, org);
      });

    const result: AppCredentialsResult = {
      name: credentials.appName,
      appId: credentials.appId,
      consumerId: credentials.consumerId,
      consumerKey: credentials.key,
      keySource: credentials.keySource,
      secretShown: false,
      username,
    };
    this.log(messages.getMessage('info.key', [credentials.appName, username]));
    this.log(credentials.key);
    const delivered = await this.deliverSecret(credentials, outputFile, flags.force === true, result, showSecret);
    // Unasked, the secret went to the screen or the JSON: say so once it is there.
    if (result.secretShown && promptSkipped) this.warn(messages.getMessage('warning.secret-shown'));
    this.log('');
    this.log(messages.getMessage(delivered ? 'info.next-step.key-and-secret' : 'info.next-step.key-only', [username]));
    return result;
  }

  /** Asks before the secret is even read (--no-prompt and --json skip the question). */
  private async confirmShowingSecret(name: string): Promise<boolean> {
    return this.confirm({ message: messages.getMessage('prompt.show-secret', [name]), ms: 60_000 });
  }

  /** Puts the secret in exactly one place; returns whether it was handed over. */
  private async deliverSecret(
    credentials: ConsumerCredentials,
    outputFile: string | undefined,
    force: boolean,
    result: AppCredentialsResult,
    asked: boolean
  ): Promise<boolean> {
    const secret = credentials.secret;
    if (secret === undefined) {
      if (asked) this.log(messages.getMessage('info.secret-declined'));
      return false;
    }
    if (outputFile !== undefined) {
      await this.guard(() => writeSecretFile(outputFile, secret, force), outputFile);
      result.secretFile = outputFile;
      this.log(messages.getMessage('info.secret-file', [displayPath(outputFile)]));
      return true;
    }
    result.secretShown = true;
    result.consumerSecret = secret;
    this.log(messages.getMessage('info.secret'));
    this.log(secret);
    return true;
  }

  /** Runs a file operation, turning refusals into bad-input errors and other failures into a write error. */
  private async guard(operation: () => Promise<void>, writing?: string): Promise<void> {
    try {
      await operation();
    } catch (error) {
      if (error instanceof OutputFileError) throw outputFileError(error);
      if (writing === undefined) throw error;
      throw messages.createError('OutputFileWriteFailed', [displayPath(writing), (error as Error).message]);
    }
  }
}
