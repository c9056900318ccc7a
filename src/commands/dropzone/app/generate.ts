import path from 'node:path';
import { loadMessages } from '../../../cli/messages.js';
import { OfflineCommand } from '../../../cli/offline-command.js';
import { configuredTargetOrg } from '../../../flags/configured-org.js';
import { outputDirFlag } from '../../../flags/path-flags.js';
import { appFlags } from '../../../flags/app-flags.js';
import { configuredApiVersion, offlineApiVersionFlag } from '../../../flags/offline-api-version.js';
import { GeneratedFile, generateApp } from '../../../generate/generate-app.js';
import { displayPath } from '../../../util/display-path.js';
import { specFromFlags } from '../../../spec/from-flags.js';
import { defaultOutputDir, findProjectRoot } from '../../../spec/output-dir.js';
import { parseErrorsAreBadInput } from '../../../flags/parse-errors.js';
import { sfCommand } from '../../../util/command-line.js';
import { outputWidth, taggedLines } from '../../../report/blocks.js';
import { errorCodeDescriptions, helpSection } from '../../../cli/help-sections.js';
import { EXIT_BAD_INPUT } from '../../../spec/errors.js';

/** The org alias the printed hints log in to when no default org is set. */
const LOGIN_ALIAS = 'dropzone-org';

const messages = loadMessages('dropzone.app.generate');
const flagMessages = loadMessages('app-flags');

export type AppGenerateResult = {
  name: string;
  outputDir: string;
  apiVersion: string;
  orgType: 'production' | 'sandbox';
  callbackUrl: string;
  profiles: string[];
  permissionSets: string[];
  files: GeneratedFile[];
};

/** Offline: extends OfflineCommand, not SfCommand, so that it loads no org code (see src/cli/offline-command.ts). */
export default class AppGenerate extends OfflineCommand<AppGenerateResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');
  public static readonly configurationVariablesSection = helpSection('CONFIGURATION VARIABLES', { 'org-api-version': messages.getMessage('config.org-api-version') });
  public static readonly envVariablesSection = helpSection('ENVIRONMENT VARIABLES', { SF_ORG_API_VERSION: messages.getMessage('env.SF_ORG_API_VERSION') });
  public static readonly errorCodes = helpSection('ERROR CODES', errorCodeDescriptions(messages, { Succeeded: 0, Failed: 1, BadInput: EXIT_BAD_INPUT }));

  public static readonly flags = {
    ...appFlags,
    'api-version': offlineApiVersionFlag,
    'output-dir': outputDirFlag({
      char: 'd',
      summary: messages.getMessage('flags.output-dir.summary'),
      description: messages.getMessage('flags.output-dir.description'),
    }),
  };

  public async run(): Promise<AppGenerateResult> {
    const { flags, metadata } = await this.parse(AppGenerate).catch(parseErrorsAreBadInput);
    if (flags['api-version'] === undefined) {
      const configured = await configuredApiVersion();
      if (configured) {
        this.warn(flagMessages.getMessage('api-version-from-config', [configured.value, configured.source]));
        flags['api-version'] = configured.value;
      }
    }
    const spec = specFromFlags(flags);
    const outputDir = path.resolve(flags['output-dir'] ?? (await defaultOutputDir()));
    const files = await generateApp(spec, outputDir, {
      // Over an app the folder already holds, label and description change only when asked for.
      explicitHeaderFields: new Set(
        (['label', 'description'] as const).filter((flag) => flags[flag] !== undefined && !metadata.flags[flag]?.setFromDefault)
      ),
    });

    for (const line of taggedLines(files.map((file) => [file.state, displayPath(file.path)] as const), outputWidth())) this.log(line);
    this.log('');
    this.logSuccess(messages.getMessage('success', [spec.name, spec.callbackUrl, spec.profiles.join(', ') || '-']));
    await this.nextSteps(outputDir);

    return {
      name: spec.name,
      outputDir,
      apiVersion: spec.apiVersion,
      orgType: spec.orgType,
      callbackUrl: spec.callbackUrl,
      profiles: [...spec.profiles],
      permissionSets: [...spec.permissionSets],
      files,
    };
  }

  /**
   * Hints that run as printed from here: `sf project deploy start` only inside an SFDX project holding the files (it
   * needs one), `sf dropzone app create` with this run's flags anywhere; both against the default org, or after a login.
   */
  private async nextSteps(outputDir: string): Promise<void> {
    const defaultOrg = await configuredTargetOrg();
    const org = defaultOrg ?? LOGIN_ALIAS;
    if (defaultOrg === undefined) this.log(messages.getMessage('next-login', [sfCommand(['org', 'login', 'web'], ['--alias', LOGIN_ALIAS])]));
    const projectRoot = await findProjectRoot(process.cwd());
    if (projectRoot !== undefined && !path.relative(projectRoot, outputDir).startsWith('..')) {
      this.log(messages.getMessage('next-deploy', [sfCommand(['project', 'deploy', 'start'], ['--source-dir', displayPath(outputDir), '--target-org', org])]));
    }
    const args = this.argv.filter((arg, index, all) => !['-d', '--output-dir'].includes(arg) && !['-d', '--output-dir'].includes(all[index - 1] ?? '') && !arg.startsWith('--output-dir='));
    this.log(messages.getMessage('next-create', [sfCommand(['dropzone', 'app', 'create'], [...args, '--target-org', org])]));
  }
}
